"""Read functions for the public profile sections, board and completeness."""

from dataclasses import dataclass

from .completeness import POKTAN_FIELDS, activity_and_data_counts, profile_completeness
from .models import (
    REGULATION_FIELDS,
    ROUTINE_FIELDS,
    FundingSource,
    KampungKB,
    PlanningDataSource,
)


@dataclass(frozen=True)
class Answer:
    """One labelled profile answer; ``value`` None or "" means nobody has said yet."""

    label: str
    value: object
    notes: str = ""


def profile_context(unit):
    """Template context for the public unit page; two queries however large the board."""
    board = list(unit.board.all())
    activity_count, data_count = activity_and_data_counts([unit.pk]).get(unit.pk, (0, 0))
    return {
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
