"""The one place that decides who may do what to which Kampung KB.

Roles are Django groups: staf (Dinsos-P2KB, everything), juri (evaluators) and kader
(bound to the units listed in ``KampungKB.kader``). Views ask ``user.has_perm(PERM, unit)``
and templates ``{% has_perm PERM user unit as ok %}``; nothing else re-derives these rules.
"""

import rules
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend

STAF = "staf"
JURI = "juri"
KADER = "kader"
ROLES = (STAF, JURI, KADER)

MANAGE_UNIT = "villages.manage_unit"
USE_WORKSPACE = "villages.use_workspace"
VIEW_HISTORY = "villages.view_history"
MANAGE_ACCOUNTS = "villages.manage_accounts"
VIEW_ALL_UNITS = "villages.view_all_units"
USE_ADMIN = "villages.use_admin"
MANAGE_CITY_FIGURES = "villages.manage_city_figures"


def role_names(user):
    """The user's role group names, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_kkb_roles"):
        user._kkb_roles = frozenset(
            user.groups.filter(name__in=ROLES).values_list("name", flat=True)
        )
    return user._kkb_roles


def kader_unit_ids(user):
    """Ids of the units the user is kader of, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_kkb_unit_ids"):
        user._kkb_unit_ids = frozenset(user.kader_units.values_list("pk", flat=True))
    return user._kkb_unit_ids


@rules.predicate
def is_staf(user):
    return user.is_active and (user.is_superuser or STAF in role_names(user))


@rules.predicate
def is_juri(user):
    return user.is_active and JURI in role_names(user)


@rules.predicate
def is_kader(user):
    return user.is_active and KADER in role_names(user)


@rules.predicate
def is_kader_of_unit(user, unit):
    return unit is not None and is_kader(user) and unit.pk in kader_unit_ids(user)


ADMIN_ACTIONS = ("view", "add", "change", "delete")


def admin_permission_names():
    """The Django permissions that open a page of the Django admin: view, add, change or
    delete of a model registered there."""
    return {
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in apps.get_models()
        if admin.site.is_registered(model)
        for action in ADMIN_ACTIONS
    }


@rules.predicate
def may_use_admin(user):
    """The Django admin has something for the user: an active superuser, or an active
    staff account (`is_staff`) holding a permission on a model registered there. Staff
    of the portal without such a permission would only find an empty admin."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    # Asked of the model backend directly: the rules above are not Django permissions.
    return not ModelBackend().get_all_permissions(user).isdisjoint(admin_permission_names())


rules.add_perm(MANAGE_UNIT, is_staf | is_kader_of_unit)
rules.add_perm(USE_WORKSPACE, is_staf | is_kader | is_juri)
rules.add_perm(VIEW_HISTORY, is_staf)
rules.add_perm(MANAGE_ACCOUNTS, is_staf)
rules.add_perm(VIEW_ALL_UNITS, is_staf)
rules.add_perm(USE_ADMIN, may_use_admin)
rules.add_perm(MANAGE_CITY_FIGURES, is_staf)
