"""Creating portal users with a role, shared by the add_user command and the staff UI."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .permissions import KADER, ROLES, STAF


@transaction.atomic
def create_user(username, role, *, password=None, units=(), email="", full_name=""):
    """A new active user in ``role``; a kader is bound to ``units``. No password: unusable."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    first, _, last = full_name.partition(" ")
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, first_name=first, last_name=last
    )
    set_role(user, role, units)
    return user


def set_role(user, role, units=()):
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    user.groups.remove(*groups.values())
    user.groups.add(groups[role])
    # Staff get into the Django admin too; nobody else does.
    user.is_staff = role == STAF
    user.save(update_fields=["is_staff"])
    user.kader_units.set(units if role == KADER else [])
