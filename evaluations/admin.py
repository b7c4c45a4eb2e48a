from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

# `services` imports `permissions`, so loading the admin registers the evaluation rules
# at start-up.
from . import rubric, services
from .models import (
    Aspect,
    CoachingNote,
    Conflict,
    Criterion,
    JudgeAssignment,
    Period,
    Score,
    SheetEntry,
    UnitReview,
)


class JudgeAssignmentInline(admin.TabularInline):
    model = JudgeAssignment
    extra = 0
    autocomplete_fields = ["user"]


def _run_transition(modeladmin, request, queryset, step):
    for period in queryset:
        try:
            step(period, request.user)
        except (services.EvaluationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{period}: {error}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, f"{period}: {period.get_status_display()}", messages.SUCCESS
            )


@admin.action(description=_("Mulai penilaian"))
def start_scoring(modeladmin, request, queryset):
    _run_transition(modeladmin, request, queryset, services.start_scoring)


@admin.action(description=_("Finalkan (kunci semua nilai)"))
def finalize(modeladmin, request, queryset):
    # No confirmation here: a period with incomplete sheets is finalized from its page,
    # which lists them and asks for one.
    def finalize_complete(period, by):
        return services.finalize_period(period, by, incomplete_confirmed=0)

    _run_transition(modeladmin, request, queryset, finalize_complete)


@admin.action(description=_("Publikasikan hasil"))
def publish(modeladmin, request, queryset):
    _run_transition(modeladmin, request, queryset, services.publish_period)


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    list_display = ["year", "name", "held_on", "status", "rubric_is_example"]
    list_filter = ["status"]
    search_fields = ["name", "place"]
    # The status changes only through the actions, which apply the transition rules.
    readonly_fields = [
        "status",
        "rubric_is_example",
        "finalized_at",
        "finalized_by",
        "published_at",
    ]
    inlines = [JudgeAssignmentInline]
    actions = [start_scoring, finalize, publish]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [
        ("code", "position"),
        "name",
        "description",
        ("weight", "min_score", "max_score"),
        "guidance",
    ]


@admin.register(Aspect)
class AspectAdmin(admin.ModelAdmin):
    list_display = ["name", "period", "position"]
    list_filter = ["period"]
    inlines = [CriterionInline]

    # The same rule as the rubric screens: `Period.rubric_refusal`.
    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.period.rubric_is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.period.rubric_is_editable:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rubric.mark_rubric_adapted(form.instance.period)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "aspect", "weight", "min_score", "max_score", "period"]
    list_filter = ["period"]
    list_select_related = ["aspect", "period"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Conflict)
class ConflictAdmin(SimpleHistoryAdmin):
    list_display = ["judge", "unit", "period", "created_at", "withdrawn_at"]
    list_filter = ["period"]
    list_select_related = ["judge", "unit__kelurahan", "period"]
    autocomplete_fields = ["judge", "unit"]


class ReadOnlyAdminMixin:
    """Scores and sheets change only through score entry and import, which check the
    rules and keep history; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["criterion", "unit", "judge", "value", "period", "updated_at"]
    list_filter = ["period", "judge"]
    list_select_related = ["criterion", "unit__kelurahan", "judge", "period"]
    search_fields = ["unit__name", "unit__kelurahan__name", "criterion__code"]


@admin.register(UnitReview)
class UnitReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "judge", "period", "updated_by", "updated_at"]
    list_filter = ["period", "judge"]
    list_select_related = ["unit__kelurahan", "judge", "period", "updated_by"]


@admin.register(SheetEntry)
class SheetEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "judge", "period", "round", "entered_by", "entered_at"]
    list_filter = ["period", "round"]
    list_select_related = ["unit__kelurahan", "judge", "period", "entered_by"]


@admin.register(CoachingNote)
class CoachingNoteAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "period", "judge", "status", "updated_at"]
    list_filter = ["status", "period"]
    list_select_related = ["unit__kelurahan", "period", "judge"]
    search_fields = ["text", "unit__name", "unit__kelurahan__name"]
    autocomplete_fields = ["unit"]
