import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import KampungKB
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
