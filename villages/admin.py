from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import City, CityFigure, Innovation, KampungKB, Kecamatan, Kelurahan, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city"]
    list_filter = ["city"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Kelurahan)
class KelurahanAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kecamatan"]
    list_filter = ["kecamatan"]
    list_select_related = ["kecamatan"]
    search_fields = ["code", "name"]


@admin.register(KampungKB)
class KampungKBAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "kelurahan",
        "kecamatan",
        "formed_on",
        "formed_year",
        "formed_precision",
        "is_published",
        "updated_at",
    ]
    list_filter = ["is_published", "kelurahan__kecamatan", "coverage"]
    list_select_related = ["kelurahan__kecamatan"]
    search_fields = ["name", "slug", "kelurahan__name", "kelurahan__code"]
    autocomplete_fields = ["kelurahan"]
    date_hierarchy = "formed_on"

    @admin.display(description=Kecamatan._meta.verbose_name, ordering="kelurahan__kecamatan")
    def kecamatan(self, obj):
        return obj.kelurahan.kecamatan


@admin.register(CityFigure)
class CityFigureAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "month", "value", "value_max", "unit", "source", "city"]
    list_filter = ["indicator", "year", "city"]
    search_fields = ["label", "source", "note"]


@admin.register(Innovation)
class InnovationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "since_year", "source"]
    list_select_related = ["unit__kelurahan"]
    search_fields = ["name", "unit__kelurahan__name", "source"]
    autocomplete_fields = ["unit"]
