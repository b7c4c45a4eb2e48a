import django_filters
from django.utils.translation import gettext_lazy as _

from .models import KampungKB, Kecamatan


class KampungKBFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari"), method="search_text", help_text=_("Nama, kelurahan, atau kecamatan")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        field_name="kelurahan__kecamatan",
        to_field_name="slug",
        queryset=Kecamatan.objects.all(),
        empty_label=_("Semua kecamatan"),
    )

    class Meta:
        model = KampungKB
        fields = ["q", "kecamatan"]

    def search_text(self, queryset, name, value):
        return queryset.search(value)
