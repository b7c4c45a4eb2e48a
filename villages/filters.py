import datetime
import re

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .activities import activity_months
from .figures import period_label
from .models import Activity, ActivityCategory, KampungKB
from .regions import KECAMATAN, LEVELS, RegionCascade


class KampungKBFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"), method="search_text", help_text=_("Nama, kelurahan, atau kecamatan")
    )
    # provinsi and kota carry Kemendagri codes, kecamatan a slug. The three are resolved
    # together by `regions`, which `filter_queryset` applies once.
    provinsi = django_filters.CharFilter(label=_("Provinsi"), method="in_region")
    kota = django_filters.CharFilter(label=_("Kabupaten/kota"), method="in_region")
    kecamatan = django_filters.CharFilter(label=_("Kecamatan"), method="in_region")

    class Meta:
        model = KampungKB
        fields = ["q", "provinsi", "kota", "kecamatan"]

    @cached_property
    def regions(self):
        return RegionCascade(self.data)

    def filter_queryset(self, queryset):
        return self.regions.filter_units(super().filter_queryset(queryset))

    def search_text(self, queryset, name, value):
        return queryset.search(value)

    def in_region(self, queryset, name, value):
        return queryset


def month_asked(value):
    """``("2026-12", "Desember 2026")`` for a well-formed ``bulan`` value, else None."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if match is None or int(match[1]) < 1 or not 1 <= int(match[2]) <= 12:
        return None
    return month_choices([datetime.date(int(match[1]), int(match[2]), 1)])[0]


def month_choices(months):
    """``("2025-03", "Maret 2025")`` pairs for the first days of months, in their order."""
    return [(f"{day.year}-{day.month:02}", period_label(day.year, day.month)) for day in months]


class ActivityFilter(django_filters.FilterSet):
    """The filters of the city-wide activity list (/kegiatan/): region (the kampung list's
    cascade), unit, category and month.

    The unit select lists the units of one kecamatan only: it shows once a kecamatan is in
    effect (chosen, or the only one left under the chosen region), never the units of a
    whole city or country. A unit alone (``?kampung=<slug>``) implies its kecamatan. A unit
    that is unknown or unpublished empties the list and says so (`unit_message`). A unit
    left over from another region (the visitor chose it, then another kecamatan) or after
    the visitor widened the region to more than one kecamatan is dropped, as the cascade
    drops a region chosen under a parent the visitor changed or set back to "all".
    The month select offers the months that hold an activity in the unit or region chosen;
    a month that holds none (an old link) is offered too, and lists nothing. A value that
    is not a month is reported on its field and filters nothing."""

    provinsi = django_filters.CharFilter(label=_("Provinsi"), method="in_region")
    kota = django_filters.CharFilter(label=_("Kabupaten/kota"), method="in_region")
    kecamatan = django_filters.CharFilter(label=_("Kecamatan"), method="in_region")
    kampung = django_filters.CharFilter(
        label=_("Kampung KB"), method="of_unit", widget=forms.Select
    )
    kategori = django_filters.ChoiceFilter(
        label=_("Kategori"),
        field_name="category",
        choices=ActivityCategory.choices,
        empty_label=_("Semua kategori"),
    )
    bulan = django_filters.ChoiceFilter(
        label=_("Bulan"), choices=(), empty_label=_("Semua bulan"), method="in_month"
    )

    class Meta:
        model = Activity
        fields = ["provinsi", "kota", "kecamatan", "kampung", "kategori", "bulan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
        # Each read once here rather than once per validation and rendering.
        months = month_choices(activity_months(self.month_units))
        asked = month_asked(self.data.get("bulan"))
        if asked is not None and asked[0] not in dict(months):
            months = sorted([*months, asked], reverse=True)
        self.form.fields["bulan"].choices = months
        if self.unit_kecamatan is not None:
            units = (
                KampungKB.objects.published()
                .filter(kelurahan__kecamatan=self.unit_kecamatan)
                .select_related("kelurahan")
                .order_by("kelurahan__name", "pk")
            )
            self.form.fields["kampung"].widget.choices = [("", _("Semua Kampung KB"))] + [
                (unit.slug, unit.kelurahan_label) for unit in units
            ]

    @cached_property
    def unit(self):
        """The published unit ``kampung`` names, with its whole region, or None."""
        slug = (self.data.get("kampung") or "").strip()
        if not slug:
            return None
        units = KampungKB.objects.published().select_related(
            "kelurahan__kecamatan__city__province"
        )
        return units.filter(slug=slug).first()

    @cached_property
    def regions(self):
        params = self.data
        if self.unit is not None and KECAMATAN not in params:
            params = params.copy()
            params[KECAMATAN] = self.unit.kelurahan.kecamatan.slug
        return RegionCascade(params)

    @cached_property
    def unit_kecamatan(self):
        """The kecamatan whose units the unit select offers, or None while the region in
        effect holds several."""
        in_effect = self.regions.in_effect
        return in_effect[-1] if len(in_effect) == len(LEVELS) else None

    @property
    def offers_units(self):
        return self.unit_kecamatan is not None

    @property
    def month_units(self):
        """The units whose months the month select offers: the unit or region chosen (at
        national scale, months over every activity cost a scan of them all), else all."""
        if self.unit_kecamatan is not None and self.unit_in_effect is not None:
            return KampungKB.objects.filter(pk=self.unit_in_effect.pk)
        return self.region_units

    @cached_property
    def region_units(self):
        """The units of the region chosen (a KampungKB queryset), or None when none is."""
        if not self.regions.chosen:
            return None
        return self.regions.filter_units(KampungKB.objects.all())

    @cached_property
    def unit_message(self):
        """Why the list is empty when the unit asked for cannot be shown, or ""."""
        if not (self.data.get("kampung") or "").strip():
            return ""
        if self.unit is None:
            return _("Kampung KB yang dipilih tidak ditemukan.")
        return ""

    @cached_property
    def unit_in_effect(self):
        """The unit asked for, unless it lies outside the region chosen since."""
        if self.unit is None or not self.regions.holds(self.unit):
            return None
        return self.unit

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.region_units is not None:
            queryset = queryset.filter(unit__in=self.region_units)
        return queryset

    def in_region(self, queryset, name, value):
        return queryset

    def of_unit(self, queryset, name, value):
        if self.unit_message:
            return queryset.none()
        if self.unit_kecamatan is None or self.unit_in_effect is None:
            return queryset
        return queryset.filter(unit=self.unit_in_effect)

    def in_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(date__year=year, date__month=month)
