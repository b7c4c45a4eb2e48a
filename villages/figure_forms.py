"""The data form and the CSV bulk import of a unit's figures.

Both check a record with `figures.data_problems`, so the same numbers are refused in both.
"""

import io
from dataclasses import dataclass, field

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin
from portal.spreadsheets import safe_csv_writer
from portal.tables import SpreadsheetRefused, csv_records

from .figures import (
    COUNT_FIELDS,
    METHOD_FIELDS,
    NON_USER_FIELDS,
    POKTAN_FIELDS,
    POPULATION_FIELDS,
    data_problems,
    period_label,
)
from .forms_numbers import LocalizedIntegerField
from .models import MONTH_NAMES, UnitData
from .numbers import parse_number

MONTH_CHOICES = [("", _("Tahunan (tanpa bulan)"))] + [
    (number, name) for number, name in enumerate(MONTH_NAMES, start=1)
]


def _number_input(**attrs):
    return forms.NumberInput(attrs={"inputmode": "numeric", **attrs})


def _paired(fields, css_class="align-items-end"):
    """Fields two to a row, inputs level even when a label wraps on a 360 px phone."""
    return [
        Row(
            *(Column(name, css_class="col-6") for name in fields[start : start + 2]),
            css_class=css_class,
        )
        for start in range(0, len(fields), 2)
    ]


class UnitDataForm(PlainTextMixin, forms.ModelForm):
    # Plain integer fields: the plausibility rules (negatives, ranges) speak in one voice
    # through `data_problems`, not through the model fields' generic validators.
    year = forms.IntegerField(label=_("Tahun"), widget=_number_input(min=2015))
    month = forms.IntegerField(
        label=_("Bulan"),
        required=False,
        widget=forms.Select(choices=MONTH_CHOICES),
        help_text=_("Pilih “Tahunan” untuk data satu tahun penuh."),
    )

    class Meta:
        model = UnitData
        fields = [*("year", "month"), *COUNT_FIELDS]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        # Counts as kader type them: "1.500" (or "1,500") is 1500, in a text input the
        # browser leaves alone (see `villages.numbers.parse_number`).
        for name in COUNT_FIELDS:
            self.fields[name] = LocalizedIntegerField(
                label=capfirst(UnitData._meta.get_field(name).verbose_name),
                required=False,
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Periode"), *_paired(["year", "month"], css_class="")),
            Fieldset(_("Penduduk"), *_paired(list(POPULATION_FIELDS))),
            Fieldset(_("Keluarga & PUS"), *_paired(["families", "couples"])),
            Fieldset(_("Peserta KB per metode"), *_paired(["active_users", *METHOD_FIELDS])),
            Fieldset(_("Bukan peserta KB"), *_paired([*NON_USER_FIELDS, "unmet_need"])),
            Fieldset(_("Poktan"), *_paired(list(POKTAN_FIELDS))),
            Fieldset(_("Balita & stunting"), *_paired(["under_fives", "stunting_cases"])),
            Submit("simpan", _("Simpan")),
        )

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in self.fields if name not in self.errors}
        for name, message in data_problems(values).items():
            if name not in self.errors:
                self.add_error(name, message)
        year, month = cleaned.get("year"), cleaned.get("month")
        period_clean = "year" not in self.errors and "month" not in self.errors
        if period_clean and self._period_taken(year, month):
            self.add_error("month", duplicate_message(year, month))
        return cleaned

    def _period_taken(self, year, month):
        return (
            UnitData.objects.filter(unit=self.instance.unit, year=year, month=month)
            .exclude(pk=self.instance.pk)
            .exists()
        )


def duplicate_message(year, month):
    return _("Data %(period)s sudah ada. Ubah data tersebut dari daftar data.") % {
        "period": period_label(year, month)
    }


# One Indonesian column code per field, in the order of the template CSV.
CSV_COLUMNS = {
    "tahun": "year",
    "bulan": "month",
    "penduduk_lk_0_4": "population_male_0_4",
    "penduduk_pr_0_4": "population_female_0_4",
    "penduduk_lk_5_14": "population_male_5_14",
    "penduduk_pr_5_14": "population_female_5_14",
    "penduduk_lk_15_24": "population_male_15_24",
    "penduduk_pr_15_24": "population_female_15_24",
    "penduduk_lk_25_59": "population_male_25_59",
    "penduduk_pr_25_59": "population_female_25_59",
    "penduduk_lk_60_plus": "population_male_60_plus",
    "penduduk_pr_60_plus": "population_female_60_plus",
    "keluarga": "families",
    "pus": "couples",
    "kb_aktif": "active_users",
    "kb_iud": "users_iud",
    "kb_mow": "users_mow",
    "kb_mop": "users_mop",
    "kb_implan": "users_implant",
    "kb_suntik": "users_injection",
    "kb_pil": "users_pill",
    "kb_kondom": "users_condom",
    "tidak_kb_hamil": "non_users_pregnant",
    "tidak_kb_ingin_anak_segera": "non_users_want_child_soon",
    "tidak_kb_ingin_anak_tunda": "non_users_want_child_later",
    "tidak_kb_tidak_ingin_anak": "non_users_no_more_children",
    "unmet_need": "unmet_need",
    "bkb_sasaran": "bkb_target",
    "bkb_anggota": "bkb_members",
    "bkr_sasaran": "bkr_target",
    "bkr_anggota": "bkr_members",
    "bkl_sasaran": "bkl_target",
    "bkl_anggota": "bkl_members",
    "uppka_sasaran": "uppka_target",
    "uppka_anggota": "uppka_members",
    "pikr_sasaran": "pikr_target",
    "pikr_anggota": "pikr_members",
    "balita": "under_fives",
    "balita_stunting": "stunting_cases",
}
COLUMN_OF_FIELD = {name: column for column, name in CSV_COLUMNS.items()}
REQUIRED_COLUMNS = ("tahun", "bulan")
EXAMPLE_ROW = {
    "tahun": 2025,
    "bulan": 3,
    "penduduk_lk_0_4": 210,
    "penduduk_pr_0_4": 198,
    "penduduk_lk_5_14": 420,
    "penduduk_pr_5_14": 405,
    "penduduk_lk_15_24": 380,
    "penduduk_pr_15_24": 372,
    "penduduk_lk_25_59": 1150,
    "penduduk_pr_25_59": 1180,
    "penduduk_lk_60_plus": 260,
    "penduduk_pr_60_plus": 300,
    "keluarga": 1400,
    "pus": 950,
    "kb_aktif": 620,
    "kb_iud": 60,
    "kb_mow": 40,
    "kb_mop": 5,
    "kb_implan": 70,
    "kb_suntik": 300,
    "kb_pil": 100,
    "kb_kondom": 45,
    "tidak_kb_hamil": 40,
    "tidak_kb_ingin_anak_segera": 60,
    "tidak_kb_ingin_anak_tunda": 80,
    "tidak_kb_tidak_ingin_anak": 70,
    "unmet_need": 90,
    "bkb_sasaran": 350,
    "bkb_anggota": 120,
    "bkr_sasaran": 300,
    "bkr_anggota": 80,
    "bkl_sasaran": 250,
    "bkl_anggota": 90,
    "uppka_sasaran": 100,
    "uppka_anggota": 30,
    "pikr_sasaran": 400,
    "pikr_anggota": 60,
    "balita": 408,
    "balita_stunting": 25,
}
COMMENT_MARK = "#"
MAX_IMPORT_ROWS = 500
MAX_IMPORT_BYTES = 1024 * 1024


def column_descriptions():
    """(column code, what it holds) for the import page."""
    labels = {"year": _("tahun, misalnya 2025"), "month": _("bulan 1-12; kosong = data tahunan")}
    return [
        (column, labels.get(name) or UnitData._meta.get_field(name).verbose_name)
        for column, name in CSV_COLUMNS.items()
    ]


def template_csv():
    """The downloadable template: the header, a comment line and a commented example row."""
    out = io.StringIO()
    writer = safe_csv_writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow(
        [
            str(
                _(
                    "# Baris yang diawali tanda # tidak diimpor. Baris berikut hanya contoh "
                    "(Maret 2025); isi satu baris per periode di bawahnya. Kosongkan bulan "
                    "untuk data tahunan dan kosongkan angka yang tidak dilaporkan."
                )
            )
        ]
    )
    example = [EXAMPLE_ROW[column] for column in CSV_COLUMNS]
    writer.writerow([f"{COMMENT_MARK}{example[0]}", *example[1:]])
    return out.getvalue()


@dataclass
class ImportRow:
    line: int
    values: dict
    existing: UnitData | None = None


@dataclass
class ParsedImport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def error(self, line, message, column=None):
        if column is None:
            text = _("Baris %(line)s: %(message)s")
        else:
            text = _("Baris %(line)s, kolom %(column)s: %(message)s")
        self.errors.append(str(text % {"line": line, "column": column, "message": message}))


def parse_data_csv(text, unit, *, replace_existing=False, today=None):
    """Every row of a CSV file checked; rows are numbered as in a spreadsheet (header = 1).

    Blank rows and rows whose first cell starts with "#" are skipped. When
    ``replace_existing``, a row for a period already entered updates that record (columns
    missing from the file keep their values); otherwise it is an error.
    """
    result = ParsedImport()
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = enumerate(csv_records(text, delimiter=delimiter), start=1)
    except SpreadsheetRefused as refused:
        result.errors.append(str(refused))
        return result

    header = next((row for _line, row in reader), None)
    if not header:
        result.error(1, _("Berkas kosong atau tanpa baris judul."))
        return result
    columns = [cell.strip().lower() for cell in header]
    _check_header(columns, result)
    if result.errors:
        return result

    existing = {(record.year, record.month): record for record in unit.data.all()}
    seen = {}
    for line, cells in reader:
        if not any(cell.strip() for cell in cells) or cells[0].strip().startswith(COMMENT_MARK):
            continue
        if len(result.rows) >= MAX_IMPORT_ROWS:
            result.error(
                line,
                _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
                % {"max": MAX_IMPORT_ROWS},
            )
            break
        row = _parse_row(line, columns, cells, result)
        if row is None:
            continue
        period = (row.values["year"], row.values["month"])
        record = existing.get(period)
        if record is not None and replace_existing:
            merged = {name: getattr(record, name) for name in COUNT_FIELDS}
            merged.update(row.values)
            row.values, row.existing = merged, record
        problems = data_problems(row.values, today)
        for name, message in problems.items():
            result.error(line, message, COLUMN_OF_FIELD[name])
        if problems:
            continue
        if period in seen:
            result.error(
                line,
                _("Periode %(period)s sudah ada di baris %(other)s.")
                % {"period": period_label(*period), "other": seen[period]},
                "bulan",
            )
            continue
        seen[period] = line
        if record is not None and not replace_existing:
            result.error(
                line,
                _(
                    "Data %(period)s sudah ada. Centang “Ganti data periode yang sudah ada” "
                    "untuk menggantinya."
                )
                % {"period": period_label(*period)},
                "bulan",
            )
            continue
        result.rows.append(row)
    if not result.rows and not result.errors:
        result.error(2, _("Berkas tidak berisi baris data."))
    return result


def _check_header(columns, result):
    for position, column in enumerate(columns):
        if column not in CSV_COLUMNS:
            result.error(1, _("Kolom tidak dikenal."), column or f"#{position + 1}")
        elif column in columns[:position]:
            result.error(1, _("Kolom ini muncul lebih dari sekali."), column)
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            result.error(1, _("Kolom wajib ini tidak ada."), column)


def _parse_row(line, columns, cells, result):
    if len(cells) > len(columns):
        result.error(
            line,
            _("Ada %(cells)s sel, padahal judul hanya punya %(columns)s kolom.")
            % {"cells": len(cells), "columns": len(columns)},
        )
        return None
    values = {}
    failed = False
    for column, cell in zip(columns, cells, strict=False):
        cell = cell.strip()
        if cell == "":
            values[CSV_COLUMNS[column]] = None
            continue
        # The form's rule: "1.500" and "1,500" are 1500, "12,5" is not a whole number.
        number = parse_number(cell, whole=True)
        if number is None:
            result.error(line, _("“%(cell)s” bukan bilangan bulat.") % {"cell": cell}, column)
            failed = True
        else:
            values[CSV_COLUMNS[column]] = int(number)
    if failed:
        return None
    values.setdefault("month", None)
    values.setdefault("year", None)
    if values["year"] is None:
        result.error(line, _("Tahun wajib diisi."), "tahun")
        return None
    return ImportRow(line, values)


@transaction.atomic
def save_import(rows, unit, user):
    """Write every checked row, or none: the caller only gets here when all rows passed."""
    saved = []
    for row in rows:
        record = row.existing or UnitData(unit=unit, created_by=user)
        for name, value in row.values.items():
            setattr(record, name, value)
        record.save()
        saved.append(record)
    return saved


class DataImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV"),
        help_text=_("UTF-8, pemisah koma atau titik koma, paling besar 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    replace_existing = forms.BooleanField(
        label=_("Ganti data periode yang sudah ada"),
        required=False,
        help_text=_(
            "Bila dicentang, baris untuk periode yang sudah diisi menimpa angka yang ada; "
            "kolom yang tidak ada di berkas tidak diubah."
        ),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.parsed = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("impor", _("Periksa dan impor")))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > MAX_IMPORT_BYTES:
            self.add_error("file", _("Berkas lebih besar dari 1 MB."))
            return cleaned
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            self.add_error(
                "file",
                _("Berkas harus CSV berenkode UTF-8 (di Excel: “CSV UTF-8”)."),
            )
            return cleaned
        self.parsed = parse_data_csv(
            text, self.unit, replace_existing=cleaned.get("replace_existing", False)
        )
        if self.parsed.errors:
            self.add_error(
                "file",
                _("Berkas belum diimpor: ada %(count)s kesalahan (lihat daftar di atas).")
                % {"count": len(self.parsed.errors)},
            )
        return cleaned

    def save(self, user):
        return save_import(self.parsed.rows, self.unit, user)
