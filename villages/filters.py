import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .activities import EARLIEST_ACTIVITY_DATE, latest_allowed_date
from .models import MONTH_NAMES, Activity, ActivityCategory, KampungKB
from .regions import RegionCascade


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


def month_choices(today=None):
    """Every month an activity may be dated in, newest first ("2025-03", "Maret 2025"),
    without a query: from one year ahead back to the portal's first activity."""
    latest = latest_allowed_date(today)
    year, month = latest.year, latest.month
    choices = []
    while (year, month) >= (EARLIEST_ACTIVITY_DATE.year, EARLIEST_ACTIVITY_DATE.month):
        choices.append((f"{year}-{month:02}", f"{MONTH_NAMES[month - 1]} {year}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return choices


# A select of 25,000 units helps nobody: the units are offered once a region narrows them.
UNIT_CHOICES_AT_MOST = 200


class ActivityFilter(django_filters.FilterSet):
    """The filters of the city-wide activity list (/kegiatan/): region (as on the kampung
    list), unit, category and month. A value that is not one of the choices is reported on
    its field and filters nothing."""

    provinsi = django_filters.CharFilter(label=_("Provinsi"), method="in_region")
    kota = django_filters.CharFilter(label=_("Kabupaten/kota"), method="in_region")
    kecamatan = django_filters.CharFilter(label=_("Kecamatan"), method="in_region")
    kampung = django_filters.ModelChoiceFilter(
        label=_("Kampung KB"),
        field_name="unit",
        to_field_name="slug",
        empty_label=_("Semua Kampung KB"),
        queryset=KampungKB.objects.published(),
    )
    kategori = django_filters.ChoiceFilter(
        label=_("Kategori"),
        field_name="category",
        choices=ActivityCategory.choices,
        empty_label=_("Semua kategori"),
    )
    bulan = django_filters.ChoiceFilter(
        label=_("Bulan"), choices=month_choices, empty_label=_("Semua bulan"), method="in_month"
    )

    class Meta:
        model = Activity
        fields = ["provinsi", "kota", "kecamatan", "kampung", "kategori", "bulan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
        units = self.regions.filter_units(KampungKB.objects.published().with_region())
        field = self.form.fields["kampung"]
        field.queryset = units.order_by("kelurahan__name", "pk")
        # One query for the options, read once here instead of once per rendering.
        offered = list(field.queryset[: UNIT_CHOICES_AT_MOST + 1])
        self.offers_units = len(offered) <= UNIT_CHOICES_AT_MOST
        field.widget.choices = [("", field.empty_label)] + [
            (unit.slug, unit.display_name) for unit in offered
        ]

    @cached_property
    def regions(self):
        return RegionCascade(self.data)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.regions.chosen:
            region_units = self.regions.filter_units(KampungKB.objects.all())
            queryset = queryset.filter(unit__in=region_units)
        return queryset

    def in_region(self, queryset, name, value):
        return queryset

    def in_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(date__year=year, date__month=month)
