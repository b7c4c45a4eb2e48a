from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
        """Units whose name, kelurahan or kecamatan contains ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(kelurahan__name__icontains=text)
            | models.Q(kelurahan__kecamatan__name__icontains=text)
        )


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
        help_text=_("Nama resmi, misalnya \u201cKampung KB Mandiri Utama\u201d."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    formed_on = models.DateField(_("tanggal pencanangan"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK pembentukan"), max_length=150, blank=True)
    coverage = models.CharField(
        _("cakupan wilayah"), max_length=10, choices=Coverage.choices, blank=True
    )
    coverage_rw = models.CharField(
        _("RW yang dicakup"),
        max_length=200,
        blank=True,
        help_text=_("Isi bila cakupan hanya RW tertentu, misalnya \u201cRW 01, RW 03\u201d."),
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
    sources = models.TextField(
        _("sumber data"),
        blank=True,
        help_text=_("Dari mana fakta di profil ini berasal (SK, berita resmi, dan sebagainya)."),
    )
    is_published = models.BooleanField(_("ditampilkan untuk publik"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    # Set when a person (kader or staff) changes the profile, not by data loads.
    profile_updated_at = models.DateTimeField(
        _("profil terakhir diperbarui"), null=True, blank=True, editable=False
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
        return self.name or _("Kampung KB %(kelurahan)s") % {"kelurahan": self.kelurahan.name}

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
