"""Read functions for the public profile sections, board and completeness."""

from dataclasses import dataclass

from .completeness import (
    BOARD,
    POKTAN_FIELDS,
    loaded_activity_and_data_counts,
    profile_completeness,
)
from .models import (
    REGULATION_FIELDS,
    ROUTINE_FIELDS,
    FundingSource,
    KampungKB,
    PlanningDataSource,
)

# The yes/no facts of the open data, as (column, KampungKB attribute): "ya", "tidak", or
# an empty cell when nobody has said yet.
YES_NO_COLUMNS = (
    ("bkb", "has_bkb"),
    ("bkr", "has_bkr"),
    ("bkl", "has_bkl"),
    ("uppka", "has_uppka"),
    ("pikr", "has_pikr"),
    ("sekretariat", "has_secretariat"),
    ("rumah_dataku", "has_rumah_dataku"),
    ("pokja_dibentuk", "pokja_exists"),
    ("pokja_dilatih", "pokja_trained"),
    ("plkb_pkb", "field_officer_answer"),
    ("regulasi", "regulation_answer"),
)


@dataclass(frozen=True)
class Answer:
    """One labelled profile answer; ``value`` None or "" means nobody has said yet."""

    label: str
    value: object
    notes: str = ""


def profile_context(unit):
    """Template context for the public unit page; two queries however large the board, one
    when the unit was loaded `with_completeness_counts`."""
    board = list(unit.board.all())
    counts = loaded_activity_and_data_counts([unit])
    activity_count, data_count = counts.get(unit.pk, (0, 0))
    return {
        "profile_empty": empty_sections(unit, board),
        "profile_board": board,
        "profile_completeness": profile_completeness(
            unit,
            board_roles={member.role for member in board},
            activity_count=activity_count,
            data_count=data_count,
        ),
        "profile_poktan": poktan_answers(unit),
        "profile_funding": choice_labels(unit.funding_sources, FundingSource),
        "profile_planning_data": choice_labels(unit.planning_data_sources, PlanningDataSource),
        "profile_routines": [
            Answer(_label(name), getattr(unit, f"get_{name}_display")()) for name in ROUTINE_FIELDS
        ],
        "profile_regulations": [
            Answer(_label(name), getattr(unit, name)) for name in REGULATION_FIELDS
        ],
    }


def empty_sections(unit, board):
    """Keys of the public page's profile sections with nothing in them at all.

    The keys are the workspace sections that fill them (``pengurus`` for the board), so
    the page can show one "Bagian ini belum diisi" line and link its kader there.
    """
    contents = {
        "gambaran": [unit.description],
        "poktan": [
            *(getattr(unit, name) for name in POKTAN_FIELDS),
            *(getattr(unit, _notes_field(name)) for name in POKTAN_FIELDS),
        ],
        BOARD: board,
        "pendanaan": [unit.funding_sources, unit.funding_notes],
        "pokja": [
            unit.pokja_exists,
            unit.pokja_decree_number,
            unit.pokja_member_count,
            unit.pokja_trained,
        ],
        "plkb": [unit.field_officer_answer],
        "regulasi": [unit.regulation_answer],
        "data-perencanaan": [unit.planning_data_sources, unit.planning_data_notes],
        "mekanisme": [getattr(unit, name) for name in ROUTINE_FIELDS],
        "krppa": [unit.krppa_linkage],
        "rkm": [unit.rkm_document.name, unit.rkm_year],
    }
    return {key for key, values in contents.items() if all(_is_blank(v) for v in values)}


def yes_no_cell(value):
    """A yes/no fact in a spreadsheet cell: "ya", "tidak", or "" when not known."""
    if value is None:
        return ""
    return "ya" if value else "tidak"


def yes_no_cells(unit):
    return [yes_no_cell(getattr(unit, attribute)) for _column, attribute in YES_NO_COLUMNS]


def _is_blank(value):
    # False and 0 are answers; None, "" and an empty list are not.
    return value is None or (isinstance(value, str | list) and not value)


def poktan_answers(unit):
    """Each activity group and facility: present (True), absent (False) or unknown (None)."""
    return [
        Answer(_label(name), getattr(unit, name), getattr(unit, _notes_field(name)))
        for name in POKTAN_FIELDS
    ]


def choice_labels(values, choices):
    """Display labels for stored choice values, in the choices' order; unknown ones dropped."""
    return [label for value, label in choices.choices if value in (values or ())]


def _label(name):
    return KampungKB._meta.get_field(name).verbose_name


def _notes_field(answer_field):
    return answer_field.removeprefix("has_") + "_notes"
