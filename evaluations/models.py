"""The yearly Evaluasi dan Pembinaan Kampung KB: periods, rubric, judges and scores.

Rules that change these rows (locking, the stale-save check, imports) live in
`services`, `rubric` and `score_import`; results are computed by `scoring`.
"""

import re
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from villages.models import KampungKB
from villages.numbers import format_number

SCORE_DIGITS = 5
SCORE_PLACES = 2
TYPED_DECIMALS = re.compile(r"[.,](\d+)$")
TWO_PLACES = Decimal("0.01")


class Transition(NamedTuple):
    """A status step of a period: from which statuses it may be taken, and where it goes."""

    sources: tuple
    target: str


class PeriodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Period.Status.PUBLISHED)


class Period(models.Model):
    """One year's evaluation of every Kampung KB, from drafting the rubric to publishing."""

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draf")
        SCORING = "penilaian", _("Penilaian")
        FINAL = "final", _("Final")
        PUBLISHED = "dipublikasikan", _("Dipublikasikan")

    class Action:
        """The status steps staff take; the values are what the status form posts."""

        START = "mulai"
        FINALIZE = "finalisasi"
        PUBLISH = "publikasikan"
        REOPEN = "buka-kembali"

    # The period's state machine, in the order the buttons show the steps.
    TRANSITIONS = {
        Action.START: Transition((Status.DRAFT,), Status.SCORING),
        Action.FINALIZE: Transition((Status.SCORING,), Status.FINAL),
        Action.PUBLISH: Transition((Status.FINAL,), Status.PUBLISHED),
        Action.REOPEN: Transition((Status.FINAL, Status.PUBLISHED), Status.SCORING),
    }
    # Final and published periods accept no score, rubric or judge change.
    LOCKED_STATUSES = (Status.FINAL, Status.PUBLISHED)
    STATUS_BADGES = {
        Status.DRAFT: "text-bg-secondary",
        Status.SCORING: "text-bg-primary",
        Status.FINAL: "text-bg-warning",
        Status.PUBLISHED: "text-bg-success",
    }

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    name = models.CharField(
        _("nama kegiatan"),
        max_length=200,
        help_text=_("Misalnya “Evaluasi dan Pembinaan Kampung KB 2025”."),
    )
    held_on = models.DateField(_("tanggal pelaksanaan"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    status = models.CharField(
        _("tahap"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    min_unit_age_years = models.PositiveSmallIntegerField(
        _("usia minimal Kampung KB untuk seleksi provinsi (tahun)"), default=3
    )
    rubric_is_example = models.BooleanField(
        _("rubrik masih contoh"),
        default=False,
        help_text=_(
            "Rubrik contoh disusun dari hal-hal yang biasa dinilai juri provinsi dan "
            "nasional; sesuaikan dengan petunjuk teknis resmi yang berlaku."
        ),
    )
    double_entry = models.BooleanField(
        _("entri ganda lembar kertas"),
        default=False,
        help_text=_(
            "Setiap lembar kertas juri diketik dua kali oleh dua staf yang berbeda; nilai "
            "yang sama ditandai terverifikasi, yang berbeda diselesaikan menurut kertasnya."
        ),
    )
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="JudgeAssignment",
        related_name="judged_periods",
        blank=True,
        verbose_name=_("juri"),
    )
    finalized_at = models.DateTimeField(_("difinalkan pada"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("difinalkan oleh"),
    )
    published_at = models.DateTimeField(_("dipublikasikan pada"), null=True, blank=True)
    # Frozen with the published results, so the public page need not count 2,250,000
    # scores; None until then (and for periods published before it was kept).
    published_judge_count = models.PositiveSmallIntegerField(
        _("jumlah juri yang nilainya dihitung"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    # Status changes are logged here with who, when and (for reopening) why.
    history = HistoricalRecords(excluded_fields=["updated_at", "published_judge_count"])
    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        ordering = ["-year"]
        permissions = [("reopen_period", _("Membuka kembali periode evaluasi yang sudah final"))]

    def __str__(self):
        return self.name or str(self.year)

    @property
    def is_locked(self):
        return self.status in self.LOCKED_STATUSES

    @property
    def is_open_for_scoring(self):
        return self.status == self.Status.SCORING

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def year_is_editable(self):
        """The year names the period in every URL: it changes only while draf."""
        return self.status == self.Status.DRAFT

    @property
    def status_badge(self):
        """The Bootstrap class of the status badge."""
        return self.STATUS_BADGES[self.status]

    def can(self, action):
        """Whether the status step `action` may be taken from the current status."""
        transition = self.TRANSITIONS.get(action)
        return transition is not None and self.status in transition.sources

    def available_actions(self):
        """The status steps that may be taken from here, in button order."""
        return [action for action in self.TRANSITIONS if self.can(action)]

    def rubric_refusal(self):
        """Why the rubric may not change now (by hand, by import or by copy), or None.

        The rubric changes only while the period is draf and holds no score: the
        stricter of the two rules the screens ("draf only") and the import ("not final,
        no score") used to apply apart. One query unless the period is final.
        """
        if self.is_locked:
            return _("Periode %(period)s sudah final: rubrik terkunci.") % {"period": self.year}
        if self.scores.exists():
            return _("Periode %(period)s sudah berisi nilai: rubrik tidak bisa diubah.") % {
                "period": self.year
            }
        if self.status != self.Status.DRAFT:
            return _(
                "Rubrik hanya bisa diubah selama periode berstatus draf; periode %(year)s "
                "berstatus %(status)s."
            ) % {"year": self.year, "status": self.get_status_display()}
        return None

    @property
    def rubric_is_editable(self):
        return self.rubric_refusal() is None


class Aspect(models.Model):
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="aspects", verbose_name=_("periode")
    )
    name = models.CharField(_("nama aspek"), max_length=150)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    # Rubric changes appear in the period's history (`evaluations.history`).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aspek penilaian")
        verbose_name_plural = _("aspek penilaian")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "name"],
                name="unique_aspect_name_per_period",
                violation_error_message=_("Aspek dengan nama ini sudah ada di periode ini."),
            )
        ]

    def __str__(self):
        return self.name


class CriterionQuerySet(models.QuerySet):
    def in_rubric_order(self):
        return self.select_related("aspect").order_by("aspect__position", "aspect_id", "position")


class Criterion(models.Model):
    """One scored item of the rubric. `period` repeats the aspect's so codes are unique."""

    aspect = models.ForeignKey(
        Aspect, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("aspek")
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("periode"),
        editable=False,
    )
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama kriteria"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=2)
    min_score = models.DecimalField(
        _("nilai minimum"), max_digits=SCORE_DIGITS, decimal_places=SCORE_PLACES, default=0
    )
    max_score = models.DecimalField(
        _("nilai maksimum"), max_digits=SCORE_DIGITS, decimal_places=SCORE_PLACES
    )
    guidance = models.TextField(
        _("panduan penilaian"),
        blank=True,
        help_text=_("Satu baris per tingkat nilai, misalnya “4: sekretariat aktif”."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()
    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"],
                name="unique_criterion_code_per_period",
                violation_error_message=_("Kode kriteria ini sudah dipakai di periode ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("Bobot harus lebih dari 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_score__gte=0),
                name="criterion_min_score_not_negative",
                violation_error_message=_("Nilai minimum tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_score__lt=models.F("max_score")),
                name="criterion_min_below_max",
                violation_error_message=_("Nilai minimum harus lebih kecil dari nilai maksimum."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.period_id = self.aspect.period_id
        super().save(*args, **kwargs)

    def score_error(self, value, typed=None):
        """Why `value` is not a valid score for this criterion, or None. The message
        names the value as the user `typed` it ("nilai 4,5 harus antara 1 dan 4"), or in
        the active language when nothing was typed."""
        shown = typed.strip() if typed else format_number(value)
        if not self.min_score <= value <= self.max_score:
            return str(_("nilai %(value)s harus antara %(min)s dan %(max)s")) % {
                "value": shown,
                "min": format_number(self.min_score),
                "max": format_number(self.max_score),
            }
        # Counted as typed: "1.500" is 1,5 by the reading rule, but whoever typed it may
        # have meant one thousand five hundred, so three digits after the point are refused.
        typed_decimals = TYPED_DECIMALS.search(shown)
        too_many = typed_decimals is not None and len(typed_decimals.group(1)) > 2
        if too_many or value.quantize(TWO_PLACES) != value:
            return str(_("nilai %(value)s punya lebih dari 2 angka di belakang koma")) % {
                "value": shown
            }
        return None

    def guidance_lines(self):
        return [line.strip() for line in self.guidance.splitlines() if line.strip()]


class JudgeAssignment(models.Model):
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("periode")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="judge_assignments",
        verbose_name=_("juri"),
    )
    created_at = models.DateTimeField(_("ditugaskan"), auto_now_add=True)

    # Assignments and removals appear in the period's history.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan juri")
        verbose_name_plural = _("penugasan juri")
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "user"],
                name="unique_judge_per_period",
                violation_error_message=_("Juri ini sudah ditugaskan di periode ini."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.period}"


class ConflictQuerySet(models.QuerySet):
    def active(self):
        """Declared and not withdrawn: the conflicts every rule reads."""
        return self.filter(withdrawn_at__isnull=True)


class Conflict(models.Model):
    """A judge's declared conflict of interest: their scores for the unit do not count.

    Withdrawing keeps the row (with who and when) so the period's history shows it; a
    withdrawn conflict excludes nothing, and every rule reads `Conflict.objects.active()`.
    Declaring it again clears the withdrawal.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("periode")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluation_conflicts",
        verbose_name=_("juri"),
    )
    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.CASCADE,
        related_name="evaluation_conflicts",
        verbose_name=_("Kampung KB"),
    )
    reason = models.TextField(_("alasan"))
    created_at = models.DateTimeField(_("dinyatakan"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditarik oleh"),
    )

    history = HistoricalRecords()
    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("konflik kepentingan")
        verbose_name_plural = _("konflik kepentingan")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "judge", "unit"],
                name="unique_conflict",
                violation_error_message=_(
                    "Konflik kepentingan untuk Kampung KB ini sudah dinyatakan."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="conflict_reason_required",
                violation_error_message=_("Alasan konflik kepentingan wajib diisi."),
            ),
        ]

    def __str__(self):
        return f"{self.judge} – {self.unit}"


class ScoreQuerySet(models.QuerySet):
    def _counts(self):
        """The rule of scores that count, as SQL: the judge is assigned to the score's
        period, declared no conflict with the unit in it, and is not kader of the unit.

        The same rule as `scoring.compute_results` applies to rows it is given with
        `selectors.excluded_pairs`; tests hold the two together.
        """
        assigned = JudgeAssignment.objects.filter(
            period_id=models.OuterRef("period_id"), user_id=models.OuterRef("judge_id")
        )
        conflict = Conflict.objects.active().filter(
            period_id=models.OuterRef("period_id"),
            judge_id=models.OuterRef("judge_id"),
            unit_id=models.OuterRef("unit_id"),
        )
        kader = KampungKB.kader.through.objects.filter(
            kampungkb_id=models.OuterRef("unit_id"), user_id=models.OuterRef("judge_id")
        )
        return models.Exists(assigned) & ~models.Exists(conflict) & ~models.Exists(kader)

    def counted(self):
        """Only the scores that count in their period's results and progress."""
        return self.filter(self._counts())

    def with_counted(self):
        """Every score, annotated `is_counted`."""
        return self.annotate(
            is_counted=models.ExpressionWrapper(self._counts(), output_field=models.BooleanField())
        )


class Score(models.Model):
    """One judge's score for one criterion of one unit."""

    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("periode"),
        editable=False,
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluation_scores",
        verbose_name=_("juri"),
    )
    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.PROTECT,
        related_name="evaluation_scores",
        verbose_name=_("Kampung KB"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("kriteria")
    )
    value = models.DecimalField(_("nilai"), max_digits=SCORE_DIGITS, decimal_places=SCORE_PLACES)
    note = models.TextField(_("catatan"), blank=True)
    # Staff who typed this value from the judge's paper sheet; empty when the judge did.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimasukkan oleh"),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "unit", "criterion"],
                name="unique_score_per_judge_unit_criterion",
                violation_error_message=_("Juri ini sudah memberi nilai untuk kriteria ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="score_value_not_negative",
                violation_error_message=_("Nilai tidak boleh negatif."),
            ),
        ]
        indexes = [
            models.Index(fields=["period", "unit"], name="score_period_unit"),
            models.Index(fields=["period", "judge"], name="score_period_judge"),
        ]

    def __str__(self):
        return f"{self.criterion.code} {self.unit} ({self.judge}): {self.value}"

    def save(self, *args, **kwargs):
        self.period_id = self.criterion.period_id
        super().save(*args, **kwargs)


class UnitReview(models.Model):
    """A judge's sheet for one unit: the overall recommendation and the sheet's version.

    `updated_at` changes whenever any of the judge's scores for the unit are saved, so a
    form that was opened before that save can tell it is out of date.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("periode")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluation_reviews",
        verbose_name=_("juri"),
    )
    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.PROTECT,
        related_name="evaluation_reviews",
        verbose_name=_("Kampung KB"),
    )
    recommendation = models.TextField(_("rekomendasi pembinaan"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("terakhir disimpan oleh"),
    )
    # Staff who typed the sheet from paper; it stays when the judge corrects it later.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimasukkan oleh staf"),
    )
    updated_at = models.DateTimeField(_("terakhir disimpan"), auto_now=True)

    # Only the recommendation's changes are kept (`services.save_unit_scores` skips the
    # others); the scores have their own history.
    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    class Meta:
        verbose_name = _("lembar penilaian")
        verbose_name_plural = _("lembar penilaian")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "judge", "unit"],
                name="unique_review_per_judge_unit",
                violation_error_message=_("Lembar penilaian ini sudah ada."),
            )
        ]

    def __str__(self):
        return f"{self.unit} ({self.judge})"

    @property
    def version(self):
        """The token a score form carries to detect a newer save (see `services`)."""
        return self.updated_at.isoformat()


class CoachingNoteQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=CoachingNote.Status.DONE)

    def of_published_periods(self):
        """Notes of published periods: what a judge reads of a unit they judge. Until a
        period is published its recommendations stay blind to the other judges."""
        return self.filter(period__status=Period.Status.PUBLISHED)

    def open_for_unit(self, unit, before=None):
        """The unit's unfinished follow-ups, oldest period first.

        With `before` (a period), only those from earlier periods: what the next
        evaluation carries over.
        """
        notes = self.open().filter(unit=unit).select_related("period", "judge")
        if before is not None:
            notes = notes.filter(period__year__lt=before.year)
        return notes.order_by("period__year", "created_at", "id")


class CoachingNote(models.Model):
    """A recommendation for a unit's kader and how far they have followed it up."""

    class Status(models.TextChoices):
        NOT_STARTED = "belum", _("Belum ditindaklanjuti")
        IN_PROGRESS = "sedang", _("Sedang ditindaklanjuti")
        DONE = "selesai", _("Selesai")

    STATUS_BADGES = {
        Status.NOT_STARTED: "text-bg-secondary",
        Status.IN_PROGRESS: "text-bg-info",
        Status.DONE: "text-bg-success",
    }

    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.CASCADE,
        related_name="coaching_notes",
        verbose_name=_("Kampung KB"),
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="coaching_notes",
        verbose_name=_("periode"),
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("juri"),
        help_text=_("Kosong bila catatan ditulis oleh staf."),
    )
    text = models.TextField(_("rekomendasi"))
    status = models.CharField(
        _("status tindak lanjut"),
        max_length=10,
        choices=Status.choices,
        default=Status.NOT_STARTED,
    )
    follow_up = models.TextField(_("catatan tindak lanjut"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CoachingNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan pembinaan")
        verbose_name_plural = _("catatan pembinaan")
        ordering = ["-period__year", "unit_id", "id"]
        constraints = [
            # One note per judge's recommendation, so finalizing again updates it.
            models.UniqueConstraint(
                fields=["period", "judge", "unit"],
                condition=models.Q(judge__isnull=False),
                name="unique_coaching_note_per_judge",
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.period.year}: {self.get_status_display()}"

    @property
    def year_is_editable(self):
        """The year names the period in every URL: it changes only while draf."""
        return self.status == self.Status.DRAFT

    @property
    def status_badge(self):
        """The Bootstrap class of the status badge."""
        return self.STATUS_BADGES[self.status]


class PublishedResult(models.Model):
    """A unit's standing frozen when its period is published.

    A rank depends on every unit's scores; public pages read these rows instead of
    recomputing the whole period's ranking on each view. Reopening deletes them.
    """

    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="published_results",
        verbose_name=_("periode"),
    )
    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.CASCADE,
        related_name="published_results",
        verbose_name=_("Kampung KB"),
    )
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    final_score = models.DecimalField(
        _("nilai akhir"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    complete = models.BooleanField(_("lengkap"))
    # Order of the published table: complete units by rank, then the others by name,
    # as `scoring.compute_results` ordered them; pages read one slice of it.
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("hasil yang dipublikasikan")
        verbose_name_plural = _("hasil yang dipublikasikan")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_published_result")
        ]
        indexes = [models.Index(fields=["period", "position"], name="published_result_order")]

    def __str__(self):
        return f"{self.period.year} {self.unit}"


class SheetEntry(models.Model):
    """One typing of a judge's paper sheet by staff, as typed: the values by criterion id
    (decimal strings; a blank is left out), the notes and the recommendation.

    The first typing also writes the official `Score` rows. With the period's double
    entry on, a second staff member types the same sheet blind (its values are kept
    here only), and a resolution records what the paper says where the two differ;
    `paper.entry_check` compares them.
    """

    class Round(models.IntegerChoices):
        FIRST = 1, _("entri pertama")
        SECOND = 2, _("entri kedua")
        RESOLVED = 3, _("penyelesaian")

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="sheet_entries", verbose_name=_("periode")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("juri"),
    )
    unit = models.ForeignKey(
        KampungKB, on_delete=models.PROTECT, related_name="+", verbose_name=_("Kampung KB")
    )
    round = models.PositiveSmallIntegerField(_("putaran"), choices=Round.choices)
    values = models.JSONField(_("nilai yang diketik"), default=dict)
    notes = models.JSONField(_("catatan yang diketik"), default=dict)
    recommendation = models.TextField(_("rekomendasi pembinaan"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dimasukkan oleh"),
    )
    entered_at = models.DateTimeField(_("dimasukkan"), auto_now=True)

    class Meta:
        verbose_name = _("entri lembar kertas")
        verbose_name_plural = _("entri lembar kertas")
        ordering = ["period", "judge", "unit", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "judge", "unit", "round"], name="unique_sheet_entry_round"
            )
        ]

    def __str__(self):
        return f"{self.unit} ({self.judge}) {self.get_round_display()}"
