from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .formation import FormationPrecision, formation_of


class Province(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=2, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        ordering = ["code"]

    def __str__(self):
        return self.name


class City(models.Model):
    """A kabupaten or kota: the level that runs the yearly Kampung KB evaluation."""

    class Kind(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("provinsi")
    )
    code = models.CharField(_("kode Kemendagri"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Kecamatan(models.Model):
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="kecamatan_set", verbose_name=_("kota")
    )
    code = models.CharField(_("kode Kemendagri"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        related_name="kelurahan_set",
        verbose_name=_("kecamatan"),
    )
    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        ordering = ["name"]

    def __str__(self):
        return self.name


class KampungKBQuerySet(models.QuerySet):
    def with_region(self):
        return self.select_related("kelurahan__kecamatan__city")

    def published(self):
        return self.filter(is_published=True)

    def search(self, text):
        """Units whose name, kelurahan or kecamatan contains ``text``.

        A UNION of three id lookups rather than one OR across joined tables, which
        PostgreSQL can only answer with sequential scans. Each part uses its trigram index
        (migration 0006): among 25,000 units a search for one kelurahan takes about 5 ms
        instead of 80 ms. A text that most units contain (say "kampung") gains nothing and
        costs up to twice as much as the OR; such a search lists thousands of units anyway.
        """
        text = (text or "").strip()
        if not text:
            return self
        ids = KampungKB.objects.order_by().values("pk")
        matching = ids.filter(name__icontains=text).union(
            ids.filter(kelurahan__name__icontains=text),
            ids.filter(kelurahan__kecamatan__in=Kecamatan.objects.filter(name__icontains=text)),
        )
        return self.filter(pk__in=matching)


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


MONTH_NAMES = [
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
]


class Frequency(models.TextChoices):
    NEVER = "tidak", _("Tidak dilakukan")
    MONTHLY = "bulanan", _("Setiap bulan")
    QUARTERLY = "triwulan", _("Setiap triwulan")
    HALF_YEARLY = "semester", _("Setiap semester")
    YEARLY = "tahunan", _("Setiap tahun")
    AS_NEEDED = "insidental", _("Sewaktu-waktu (insidental)")


class FundingSource(models.TextChoices):
    APBN = "apbn", _("APBN")
    APBD = "apbd", _("APBD")
    DANA_KELURAHAN = "dana_kelurahan", _("Dana Kelurahan")
    CSR = "csr", _("CSR")
    SWADAYA = "swadaya", _("Swadaya masyarakat")
    HIBAH = "hibah", _("Hibah")
    OTHER = "lainnya", _("Lainnya")


class PlanningDataSource(models.TextChoices):
    FAMILY_DATA = "pk", _("Data Pendataan Keluarga (PK)")
    ROUTINE = "rutin_bkkbn", _("Data rutin BKKBN")
    POTENSI_DESA = "potensi_desa", _("Potensi Desa")
    SECTORAL = "sektoral", _("Data sektoral")
    OTHER = "lainnya", _("Lainnya")


class KampungKB(models.Model):
    """One Kampung KB (Kampung Keluarga Berkualitas) unit and its public profile."""

    class Coverage(models.TextChoices):
        KELURAHAN = "kelurahan", _("Seluruh kelurahan")
        RW = "rw", _("RW tertentu")

    kelurahan = models.OneToOneField(
        Kelurahan,
        on_delete=models.PROTECT,
        related_name="kampung_kb",
        verbose_name=_("kelurahan"),
    )
    name = models.CharField(
        _("nama Kampung KB"),
        max_length=150,
        blank=True,
        help_text=_("Nama resmi, misalnya “Kampung KB Mandiri Utama”."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    formed_on = models.DateField(_("tanggal pencanangan"), null=True, blank=True)
    formed_year = models.PositiveSmallIntegerField(
        _("tahun pencanangan"),
        null=True,
        blank=True,
        help_text=_("Isi bila sumber hanya menyebut tahunnya."),
    )
    formed_precision = models.CharField(
        _("ketelitian tanggal pencanangan"),
        max_length=15,
        choices=FormationPrecision.choices,
        blank=True,
        # A database default as well, so code that predates these columns can still
        # insert units (the migration tests run old models on the new tables).
        db_default="",
    )
    formed_source = models.TextField(
        _("sumber tanggal pencanangan"),
        blank=True,
        db_default="",
        help_text=_("SK pembentukan, berita resmi, dan sebagainya."),
    )
    decree_number = models.CharField(_("nomor SK pembentukan"), max_length=150, blank=True)
    coverage = models.CharField(
        _("cakupan wilayah"), max_length=10, choices=Coverage.choices, blank=True
    )
    coverage_rw = models.CharField(
        _("RW yang dicakup"),
        max_length=200,
        blank=True,
        help_text=_("Isi bila cakupan hanya RW tertentu, misalnya “RW 01, RW 03”."),
    )
    secretariat_address = models.TextField(_("alamat sekretariat"), blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    description = models.TextField(_("gambaran umum"), blank=True)
    cover_photo = models.ImageField(_("foto sampul"), upload_to="sampul/", blank=True)
    video_url = models.URLField(_("tautan video profil"), blank=True)
    # Poktan (activity groups) and facilities: None means nobody has said yet.
    has_bkb = models.BooleanField(_("BKB (Bina Keluarga Balita)"), null=True, blank=True)
    bkb_notes = models.CharField(_("keterangan BKB"), max_length=300, blank=True)
    has_bkr = models.BooleanField(_("BKR (Bina Keluarga Remaja)"), null=True, blank=True)
    bkr_notes = models.CharField(_("keterangan BKR"), max_length=300, blank=True)
    has_bkl = models.BooleanField(_("BKL (Bina Keluarga Lansia)"), null=True, blank=True)
    bkl_notes = models.CharField(_("keterangan BKL"), max_length=300, blank=True)
    has_uppka = models.BooleanField(
        _("UPPKA (Usaha Peningkatan Pendapatan Keluarga Akseptor)"), null=True, blank=True
    )
    uppka_notes = models.CharField(_("keterangan UPPKA"), max_length=300, blank=True)
    has_pikr = models.BooleanField(
        _("PIK-R (Pusat Informasi Konseling Remaja)"), null=True, blank=True
    )
    pikr_notes = models.CharField(_("keterangan PIK-R"), max_length=300, blank=True)
    has_secretariat = models.BooleanField(_("Sekretariat"), null=True, blank=True)
    secretariat_notes = models.CharField(_("keterangan sekretariat"), max_length=300, blank=True)
    has_rumah_dataku = models.BooleanField(_("Rumah DataKu"), null=True, blank=True)
    rumah_dataku_notes = models.CharField(_("keterangan Rumah DataKu"), max_length=300, blank=True)

    funding_sources = models.JSONField(_("sumber dana"), default=list, blank=True)
    funding_notes = models.CharField(_("keterangan sumber dana"), max_length=300, blank=True)

    pokja_exists = models.BooleanField(_("Pokja sudah dibentuk"), null=True, blank=True)
    pokja_decree_number = models.CharField(_("nomor SK Pokja"), max_length=150, blank=True)
    pokja_member_count = models.PositiveSmallIntegerField(
        _("jumlah anggota Pokja"), null=True, blank=True
    )
    pokja_trained = models.BooleanField(_("Pokja sudah dilatih"), null=True, blank=True)

    # PLKB/PKB and regulation: a name or a decree number says "yes"; None means nobody
    # has said yet, False that there is none.
    field_officer_assigned = models.BooleanField(
        _("PLKB/PKB pendamping sudah ditugaskan"), null=True, blank=True
    )
    field_officer_name = models.CharField(_("nama PLKB/PKB"), max_length=150, blank=True)
    field_officer_nip = models.CharField(_("NIP PLKB/PKB"), max_length=18, blank=True)

    regulation_exists = models.BooleanField(
        _("sudah ada regulasi tentang Kampung KB"), null=True, blank=True
    )
    regulation_mayor = models.CharField(_("SK/Peraturan Wali Kota"), max_length=200, blank=True)
    regulation_camat = models.CharField(_("SK Camat"), max_length=200, blank=True)
    regulation_lurah = models.CharField(_("SK Lurah"), max_length=200, blank=True)

    planning_data_sources = models.JSONField(
        _("data yang dipakai dalam perencanaan"), default=list, blank=True
    )
    planning_data_notes = models.CharField(
        _("keterangan data perencanaan"), max_length=300, blank=True
    )

    routine_planning_meeting = models.CharField(
        _("rapat perencanaan kegiatan"), max_length=12, choices=Frequency.choices, blank=True
    )
    routine_coordination = models.CharField(
        _("koordinasi lintas sektor"), max_length=12, choices=Frequency.choices, blank=True
    )
    routine_socialisation = models.CharField(
        _("sosialisasi"), max_length=12, choices=Frequency.choices, blank=True
    )
    routine_monitoring = models.CharField(
        _("monitoring dan evaluasi"), max_length=12, choices=Frequency.choices, blank=True
    )
    routine_reporting = models.CharField(
        _("pelaporan"), max_length=12, choices=Frequency.choices, blank=True
    )

    krppa_linkage = models.TextField(
        _("keterkaitan dengan KRPPA"),
        blank=True,
        help_text=_(
            "Bagaimana Kampung KB terhubung dengan Kelurahan Ramah Perempuan dan Peduli Anak."
        ),
    )
    rkm_document = models.FileField(
        _("Rencana Kegiatan Masyarakat (RKM), PDF"), upload_to="rkm/", blank=True
    )
    rkm_year = models.PositiveSmallIntegerField(_("tahun RKM"), null=True, blank=True)
    sources = models.TextField(
        _("sumber data"),
        blank=True,
        help_text=_("Dari mana fakta di profil ini berasal (SK, berita resmi, dan sebagainya)."),
    )
    kader = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="kader_units",
        blank=True,
        verbose_name=_("kader"),
    )
    is_published = models.BooleanField(_("ditampilkan untuk publik"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    # "Data terakhir diubah": the last edit of the unit's profile, board, data or
    # activities by a signed-in person (villages.edits); data loads never set it.
    profile_updated_at = models.DateTimeField(
        _("terakhir diubah oleh kader atau staf"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = KampungKBQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kampung KB")
        verbose_name_plural = _("Kampung KB")
        ordering = ["kelurahan__name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("villages:kampung-detail", args=[self.slug])

    @property
    def display_name(self):
        """The official name when known, otherwise a plain label naming the kelurahan."""
        return self.label(self.name, self.kelurahan.name)

    @property
    def kelurahan_label(self):
        """The kelurahan, then the official name when there is one ("Jenggot · Kampung KB
        Mandiri Utama"): for lists ordered by kelurahan, where a name first hides it."""
        if not self.name:
            return self.kelurahan.name
        return f"{self.kelurahan.name} · {self.name}"

    @staticmethod
    def label(name, kelurahan_name):
        """`display_name` from plain values, for lists read without model instances."""
        return name or _("Kampung KB %(kelurahan)s") % {"kelurahan": kelurahan_name}

    @property
    def formation(self):
        """When the unit was formed (`formation.Formation`), or None when unknown."""
        return formation_of(
            self.formed_on, self.formed_year, self.formed_precision, self.formed_source
        )

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def activity_groups_present(self):
        return sum(bool(getattr(self, field)) for field in ACTIVITY_GROUP_FIELDS)

    def facilities_present(self):
        return sum(bool(getattr(self, field)) for field in FACILITY_FIELDS)

    def routines_carried_out(self):
        return sum(getattr(self, field) not in ("", Frequency.NEVER) for field in ROUTINE_FIELDS)

    @property
    def field_officer_answer(self):
        """Has the unit a PLKB/PKB: True, False, or None when nobody has said."""
        if self.field_officer_name.strip():
            return True
        return self.field_officer_assigned

    @property
    def regulation_answer(self):
        """Has the unit a regulation (decree): True, False, or None when nobody has said."""
        if any(getattr(self, field) for field in REGULATION_FIELDS):
            return True
        return self.regulation_exists

    @property
    def has_regulation(self):
        """True only when a regulation is known to exist; unknown reads as False here."""
        return bool(self.regulation_answer)


ACTIVITY_GROUP_FIELDS = ("has_bkb", "has_bkr", "has_bkl", "has_uppka", "has_pikr")
FACILITY_FIELDS = ("has_secretariat", "has_rumah_dataku")
ROUTINE_FIELDS = (
    "routine_planning_meeting",
    "routine_coordination",
    "routine_socialisation",
    "routine_monitoring",
    "routine_reporting",
)
REGULATION_FIELDS = ("regulation_mayor", "regulation_camat", "regulation_lurah")


class BoardMember(models.Model):
    """A member of the unit's board (pengurus)."""

    class Role(models.TextChoices):
        CHAIR = "ketua", _("Ketua")
        VICE_CHAIR = "wakil_ketua", _("Wakil Ketua")
        SECRETARY = "sekretaris", _("Sekretaris")
        TREASURER = "bendahara", _("Bendahara")
        SECTION = "seksi", _("Koordinator seksi/bidang")
        MEMBER = "anggota", pgettext_lazy("board role", "Anggota")

    unit = models.ForeignKey(
        KampungKB, on_delete=models.CASCADE, related_name="board", verbose_name=_("Kampung KB")
    )
    name = models.CharField(_("nama"), max_length=150)
    role = models.CharField(_("jabatan"), max_length=20, choices=Role.choices)
    section = models.CharField(
        _("seksi/bidang"),
        max_length=150,
        blank=True,
        help_text=_("Misalnya seksi BKB, seksi UPPKA."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengurus")
        verbose_name_plural = _("pengurus")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Agency(models.Model):
    """An agency or sector that takes part in activities (lintas sektor)."""

    name = models.CharField(_("nama"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("instansi/sektor")
        verbose_name_plural = _("instansi/sektor")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ActivityCategory(models.TextChoices):
    RELIGION = "fungsi_agama", _("Fungsi keagamaan")
    CULTURE = "fungsi_sosial_budaya", _("Fungsi sosial budaya")
    LOVE = "fungsi_cinta_kasih", _("Fungsi cinta kasih")
    PROTECTION = "fungsi_perlindungan", _("Fungsi perlindungan")
    REPRODUCTION = "fungsi_reproduksi", _("Fungsi reproduksi")
    EDUCATION = "fungsi_pendidikan", _("Fungsi sosialisasi dan pendidikan")
    ECONOMY = "fungsi_ekonomi", _("Fungsi ekonomi")
    ENVIRONMENT = "fungsi_lingkungan", _("Fungsi pembinaan lingkungan")
    DASHAT = "dashat", _("Dashat (Dapur Sehat Atasi Stunting)")
    BKB = "bkb", _("BKB")
    BKR = "bkr", _("BKR")
    BKL = "bkl", _("BKL")
    UPPKA = "uppka", _("UPPKA")
    PIKR = "pikr", _("PIK-R")
    KRPPA = "krppa", _("KRPPA")
    FAMILY_PLANNING = "pelayanan_kb", _("Pelayanan KB")
    OTHER = "lainnya", _("Lainnya")


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(unit__is_published=True)

    def held(self, today=None):
        """Activities dated today or earlier: a planned one is not news of what was done."""
        return self.filter(date__lte=today or timezone.localdate())


class Activity(models.Model):
    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("Kampung KB"),
    )
    title = models.CharField(_("judul"), max_length=200)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    category = models.CharField(_("kategori"), max_length=30, choices=ActivityCategory.choices)
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="activities", verbose_name=_("instansi/sektor terlibat")
    )
    other_agencies = models.CharField(_("instansi lain yang terlibat"), max_length=300, blank=True)
    target_group = models.CharField(_("sasaran"), max_length=200, blank=True)
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

    history = HistoricalRecords(m2m_fields=[agencies])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "-date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("villages:activity-detail", args=[self.unit.slug, self.pk])

    @property
    def is_planned(self):
        """Dated after today: a plan, not news of what was done (see `held()`)."""
        return self.date > timezone.localdate()

    @cached_property
    def first_photos(self):
        """The activity's first photo as a list of at most one, built from the
        ``first_photo_*`` columns `villages.activities.with_first_photo` reads in the
        activities' own query; without them, one query."""
        if not hasattr(self, "first_photo_id"):
            return list(self.photos.order_by("id")[:1])
        if self.first_photo_id is None:
            return []
        photo = ActivityPhoto(
            pk=self.first_photo_id,
            activity=self,
            thumbnail=self.first_photo_thumbnail,
            caption=self.first_photo_caption,
        )
        photo._state.adding = False
        return [photo]


class ActivityPhoto(models.Model):
    """A photo of an activity, stored already resized and stripped of metadata."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("kegiatan")
    )
    image = models.ImageField(_("foto"), upload_to="kegiatan/%Y/%m/")
    thumbnail = models.ImageField(_("gambar kecil"), upload_to="kegiatan/%Y/%m/")
    caption = models.CharField(
        _("keterangan foto"),
        max_length=200,
        blank=True,
        help_text=_("Dibacakan untuk pengguna pembaca layar."),
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")
        ordering = ["id"]

    def __str__(self):
        return self.caption or self.activity.title


class UnitDataQuerySet(models.QuerySet):
    def newest_first(self):
        # A yearly record (no month) stands for the end of its year.
        return self.order_by("-year", models.F("month").desc(nulls_first=True), "-id")


class UnitData(models.Model):
    """A unit's figures for one month (or a whole year when ``month`` is empty)."""

    unit = models.ForeignKey(
        KampungKB, on_delete=models.CASCADE, related_name="data", verbose_name=_("Kampung KB")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(
        _("bulan"), null=True, blank=True, help_text=_("Kosongkan untuk data tahunan.")
    )

    population_male_0_4 = _count(_("laki-laki 0-4 tahun"))
    population_female_0_4 = _count(_("perempuan 0-4 tahun"))
    population_male_5_14 = _count(_("laki-laki 5-14 tahun"))
    population_female_5_14 = _count(_("perempuan 5-14 tahun"))
    population_male_15_24 = _count(_("laki-laki 15-24 tahun"))
    population_female_15_24 = _count(_("perempuan 15-24 tahun"))
    population_male_25_59 = _count(_("laki-laki 25-59 tahun"))
    population_female_25_59 = _count(_("perempuan 25-59 tahun"))
    population_male_60_plus = _count(_("laki-laki 60 tahun ke atas"))
    population_female_60_plus = _count(_("perempuan 60 tahun ke atas"))

    families = _count(_("jumlah keluarga"))
    couples = _count(_("pasangan usia subur (PUS)"))
    active_users = _count(_("peserta KB aktif"))
    users_iud = _count(_("IUD"))
    users_mow = _count(_("MOW (tubektomi)"))
    users_mop = _count(_("MOP (vasektomi)"))
    users_implant = _count(_("implan"))
    users_injection = _count(_("suntik"))
    users_pill = _count(_("pil"))
    users_condom = _count(_("kondom"))

    non_users_pregnant = _count(_("bukan peserta KB: hamil"))
    non_users_want_child_soon = _count(_("bukan peserta KB: ingin anak segera"))
    non_users_want_child_later = _count(_("bukan peserta KB: ingin anak ditunda"))
    non_users_no_more_children = _count(_("bukan peserta KB: tidak ingin anak lagi"))
    unmet_need = _count(_("unmet need"))

    bkb_target = _count(_("keluarga sasaran BKB (punya balita)"))
    bkb_members = _count(_("keluarga anggota BKB"))
    bkr_target = _count(_("keluarga sasaran BKR (punya remaja)"))
    bkr_members = _count(_("keluarga anggota BKR"))
    bkl_target = _count(_("keluarga sasaran BKL (punya lansia)"))
    bkl_members = _count(_("keluarga anggota BKL"))
    uppka_target = _count(_("keluarga sasaran UPPKA"))
    uppka_members = _count(_("keluarga anggota UPPKA"))
    pikr_target = _count(_("remaja sasaran PIK-R"))
    pikr_members = _count(_("remaja anggota PIK-R"))

    under_fives = _count(_("jumlah balita"))
    stunting_cases = _count(_("balita stunting"))

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diisi oleh"),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    history = HistoricalRecords()
    objects = UnitDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("data Kampung KB")
        verbose_name_plural = _("data Kampung KB")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"],
                condition=models.Q(month__isnull=False),
                name="unique_monthly_data",
                violation_error_message=_("Data untuk bulan ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=models.Q(month__isnull=True),
                name="unique_yearly_data",
                violation_error_message=_("Data tahunan untuk tahun ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="data_month_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.period_label}"

    @property
    def period_label(self):
        if self.month is None:
            return _("Tahun %(year)s") % {"year": self.year}
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


class Innovation(models.Model):
    """A unit's flagship innovation (inovasi unggulan), with where the fact comes from."""

    unit = models.ForeignKey(
        KampungKB,
        on_delete=models.CASCADE,
        related_name="innovations",
        verbose_name=_("Kampung KB"),
    )
    name = models.CharField(_("nama inovasi"), max_length=150)
    description = models.TextField(_("uraian"), blank=True)
    since_year = models.PositiveSmallIntegerField(
        _("berjalan sejak tahun"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila tidak diketahui."),
    )
    photo = models.ImageField(_("foto"), upload_to="inovasi/", blank=True)
    photo_caption = models.CharField(
        _("keterangan foto"),
        max_length=200,
        blank=True,
        help_text=_("Dibacakan untuk pengguna pembaca layar."),
    )
    source = models.TextField(
        _("sumber"), blank=True, help_text=_("Tautan berita resmi, SK, atau dokumen lain.")
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inovasi unggulan")
        verbose_name_plural = _("inovasi unggulan")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class CityFigureQuerySet(models.QuerySet):
    def for_display(self):
        """Grouped by indicator, newest year first; values of one year side by side."""
        return self.select_related("city").order_by("indicator", "-year", "id")


class CityFigure(models.Model):
    """One city-level figure as one source states it.

    Sources disagree (stunting prevalence 2024: 17,86%, 17,68% and 17,8%); each value
    is its own row with its source, never averaged into a figure nobody published.
    """

    class Indicator(models.TextChoices):
        STUNTING_PREVALENCE = "prevalensi_stunting", _("Prevalensi stunting")
        STUNTING_TARGET = "target_stunting", _("Target prevalensi stunting")
        KAMPUNG_KB_COUNT = "jumlah_kampung_kb", _("Jumlah Kampung KB")
        OTHER = "lainnya", _("Lainnya")

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="figures", verbose_name=_("kota")
    )
    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator.choices)
    label = models.CharField(
        _("nama indikator lain"),
        max_length=150,
        blank=True,
        help_text=_("Isi bila indikator “Lainnya”."),
    )
    value = models.DecimalField(_("nilai"), max_digits=12, decimal_places=2)
    value_max = models.DecimalField(
        _("nilai tertinggi"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Isi bila sumber hanya menyebut rentang, misalnya 6-7."),
    )
    unit = models.CharField(
        _("satuan"), max_length=30, blank=True, help_text=_("Misalnya “%” atau “unit”.")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(
        _("bulan"), null=True, blank=True, help_text=_("Isi bila sumber menyebut bulannya.")
    )
    source = models.TextField(_("sumber"))
    note = models.TextField(_("catatan"), blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CityFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("angka kota")
        verbose_name_plural = _("angka kota")
        ordering = ["indicator", "-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="city_figure_month_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(value_max__isnull=True) | models.Q(value_max__gt=F("value")),
                name="city_figure_range_ordered",
                violation_error_message=_("Nilai tertinggi harus lebih besar dari nilai."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator_label} {self.year}: {self.value}"

    @property
    def indicator_label(self):
        if self.indicator == self.Indicator.OTHER and self.label:
            return self.label
        return self.get_indicator_display()

    @property
    def period_label(self):
        if self.month:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return str(self.year)
