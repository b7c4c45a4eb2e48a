from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Entry, EntryDocument, EntryStage


class EntryStageInline(admin.TabularInline):
    model = EntryStage
    extra = 0
    fields = ["position", "name", "date", "outcome", "notes"]


class EntryDocumentInline(admin.TabularInline):
    model = EntryDocument
    extra = 0
    # Uploads go through the workspace form, which checks and renames the PDF.
    fields = ["title", "file", "created_at"]
    readonly_fields = ["title", "file", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "level", "category", "region", "result"]
    list_filter = ["level", "year", "result"]
    list_select_related = ["unit__kelurahan"]
    search_fields = ["unit__name", "unit__kelurahan__name", "notes", "source"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["override_reason", "created_by"]
    inlines = [EntryStageInline, EntryDocumentInline]
