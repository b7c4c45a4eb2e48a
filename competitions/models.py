"""Competition entries (lomba Kampung KB): the city's best unit at the provincial
selection, a provincial winner at the national one.

Rules live in `competition` (pure) and `entries` (reads and writes). The tables kept the
names they had when these models lived in `evaluations`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evaluations.models import Period
from villages.models import KampungKB

from .competition import NationalRegion


class EntryQuerySet(models.QuerySet):
    def newest_first(self):
        """Year descending, an unknown year last; within a year nasional, then provinsi,
        then kota."""
        level_rank = models.Case(
            models.When(level=Entry.Level.NATIONAL, then=0),
            models.When(level=Entry.Level.PROVINCIAL, then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return self.alias(level_rank=level_rank).order_by(
            models.F("year").desc(nulls_last=True), "level_rank", "id"
        )

    def with_unit_region(self):
        return self.select_related("unit__kelurahan__kecamatan__city__province")

    def public(self):
        return self.filter(unit__is_published=True)

    def beyond_city(self):
        return self.filter(level__in=BEYOND_CITY)

    def running(self):
        """Provincial and national entries still in progress: no result, not knocked out."""
        return self.filter(is_running_condition())


def is_running_condition():
    """The condition of `EntryQuerySet.running`, for a filter or an annotation."""
    knocked_out = EntryStage.objects.filter(
        entry=models.OuterRef("pk"), outcome=EntryStage.Outcome.NOT_PASSED
    )
    return models.Q(
        models.Q(level__in=BEYOND_CITY),
        models.Q(result=""),
        ~models.Exists(knocked_out),
    )


class Entry(models.Model):
    """A Kampung KB's entry in one year's selection (kota, provinsi or nasional)."""

    class Level(models.TextChoices):
        CITY = "kota", _("Kota")
        PROVINCIAL = "provinsi", _("Provinsi")
        NATIONAL = "nasional", _("Nasional")

    class Category(models.TextChoices):
        KOTA = "kota", _("Kategori kota")
        KABUPATEN = "kabupaten", _("Kategori kabupaten")

    class Result(models.TextChoices):
        WINNER_1 = "juara_1", _("Juara 1")
        WINNER_2 = "juara_2", _("Juara 2")
        WINNER_3 = "juara_3", _("Juara 3")
        HONOURABLE_1 = "harapan_1", _("Harapan 1")
        HONOURABLE_2 = "harapan_2", _("Harapan 2")
        HONOURABLE_3 = "harapan_3", _("Harapan 3")
        HONOURABLE = "harapan", _("Juara harapan")
        FINALIST = "enam_besar", _("Enam besar/finalis")
        PARTICIPANT = "peserta", _("Peserta")

    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.PROTECT,
        related_name="competition_entries",
        verbose_name=_("Kampung KB"),
    )
    # Empty when the source names a result without its year (Padukuhan Kraton's juara
    # harapan): kept with its source rather than given a guessed year.
    year = models.PositiveSmallIntegerField(
        _("tahun"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila sumber tidak menyebut tahunnya."),
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    organiser = models.CharField(
        _("penyelenggara"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya “Kemendukbangga/BKKBN”."),
    )
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices)
    region = models.CharField(
        _("regional"),
        max_length=12,
        choices=NationalRegion.choices,
        blank=True,
        help_text=_("Untuk seleksi nasional; diisi otomatis dari provinsi, boleh diubah."),
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("asal periode evaluasi"),
    )
    video_url = models.URLField(_("tautan video profil"), blank=True)
    video_seconds = models.PositiveIntegerField(
        _("durasi video (detik)"),
        null=True,
        blank=True,
        help_text=_("Video seleksi nasional paling lama 3 menit (180 detik)."),
    )
    news_links = models.TextField(
        _("tautan berita"), blank=True, help_text=_("Satu tautan per baris.")
    )
    result = models.CharField(
        _("hasil akhir"),
        max_length=12,
        choices=Result.choices,
        blank=True,
        help_text=_("Kosongkan selama hasil belum diumumkan."),
    )
    score = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, null=True, blank=True)
    source = models.TextField(
        _("sumber"), blank=True, help_text=_("Dari mana fakta entri ini berasal (tautan berita).")
    )
    notes = models.TextField(_("catatan"), blank=True)
    override_reason = models.TextField(
        _("alasan tetap diusulkan"),
        blank=True,
        help_text=_("Wajib bila Kampung KB belum memenuhi syarat seleksi provinsi."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], table_name="evaluations_historicalentry"
    )
    objects = EntryQuerySet.as_manager()

    class Meta:
        db_table = "evaluations_entry"
        verbose_name = _("entri lomba")
        verbose_name_plural = _("entri lomba")
        ordering = [models.F("year").desc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "level"],
                name="unique_entry_per_unit_year_level",
                violation_error_message=_(
                    "Kampung KB ini sudah tercatat di seleksi tingkat ini pada tahun ini."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0),
                name="entry_score_not_negative",
                violation_error_message=_("Nilai tidak boleh negatif."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_level_display()} {self.year_label}"

    def get_absolute_url(self):
        return reverse("competitions:detail", args=[self.pk])

    @property
    def year_label(self):
        """The year, or words saying the source does not name it."""
        if self.year is None:
            return _("tahun tidak disebutkan")
        return str(self.year)

    @property
    def is_beyond_city(self):
        return self.level in (self.Level.PROVINCIAL, self.Level.NATIONAL)

    @property
    def may_go_national(self):
        return self.level == self.Level.PROVINCIAL and self.result == self.Result.WINNER_1

    def news_link_list(self):
        return [line.strip() for line in self.news_links.splitlines() if line.strip()]

    def stage_reached(self):
        """The stage the entry stands at: the first one not passed, else the last one.

        Reads `stages.all()`, so a prefetched list costs no query.
        """
        stages = list(self.stages.all())
        for stage in stages:
            if stage.outcome != EntryStage.Outcome.PASSED:
                return stage
        return stages[-1] if stages else None

    def next_dated_stage(self, today):
        """The first stage still scheduled on `today` or later, or None."""
        for stage in self.stages.all():
            if (
                stage.outcome == EntryStage.Outcome.SCHEDULED
                and stage.date is not None
                and stage.date >= today
            ):
                return stage
        return None


BEYOND_CITY = (Entry.Level.PROVINCIAL, Entry.Level.NATIONAL)


class EntryStage(models.Model):
    """One step of a selection (administrasi, wawancara, ...), in the entry's order."""

    class Outcome(models.TextChoices):
        SCHEDULED = "dijadwalkan", _("Dijadwalkan")
        PASSED = "lolos", _("Lolos")
        NOT_PASSED = "tidak_lolos", _("Tidak lolos")
        # Took part (a source names the stage or its date) but no source gives the stage's
        # own outcome; the entry's result (e.g. Juara II) may still be known.
        NOT_RECORDED = "tidak_tercatat", _("Diikuti, hasil tahap tidak tercatat")

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="stages", verbose_name=_("entri lomba")
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    name = models.CharField(_("nama tahap"), max_length=150)
    date = models.DateField(_("tanggal"), null=True, blank=True)
    outcome = models.CharField(
        _("hasil tahap"), max_length=15, choices=Outcome.choices, default=Outcome.SCHEDULED
    )
    notes = models.TextField(_("catatan"), blank=True)
    source = models.TextField(
        _("sumber"),
        blank=True,
        help_text=_("Dari mana hasil tahap ini diketahui (tautan berita resmi)."),
    )

    history = HistoricalRecords(table_name="evaluations_historicalentrystage")

    class Meta:
        db_table = "evaluations_entrystage"
        verbose_name = _("tahap lomba")
        verbose_name_plural = _("tahap lomba")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["date"], name="entry_stage_date")]

    def __str__(self):
        return f"{self.position}. {self.name}"

    @property
    def outcome_label(self):
        """What the page says about the stage: "Dijadwalkan" only with a date."""
        if self.outcome == self.Outcome.SCHEDULED and self.date is None:
            return _("Tanggal belum diketahui")
        return self.get_outcome_display()


class EntryDocument(models.Model):
    """A PDF kept with an entry (profil, formulir, surat keputusan...)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="documents", verbose_name=_("entri lomba")
    )
    title = models.CharField(_("judul dokumen"), max_length=200)
    file = models.FileField(_("berkas PDF"), upload_to="lomba/")
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        db_table = "evaluations_entrydocument"
        verbose_name = _("dokumen lomba")
        verbose_name_plural = _("dokumen lomba")
        ordering = ["id"]

    def __str__(self):
        return self.title
