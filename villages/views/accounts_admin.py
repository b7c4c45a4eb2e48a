"""Staff manage portal accounts here; superusers stay in the Django admin."""

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ..account_forms import (
    ROLE_LABELS,
    AccountCreateForm,
    AccountFilterForm,
    AccountUpdateForm,
    role_of,
)
from ..models import KampungKB
from ..permissions import MANAGE_ACCOUNTS, ROLES
from .access import permission_required


def _posted(request):
    return request.POST if request.method == "POST" else None


def accounts_for_listing(role=None, unit=None):
    """Accounts with their role group and units prefetched, optionally narrowed down."""
    accounts = (
        get_user_model()
        .objects.order_by("username")
        .prefetch_related(
            Prefetch("groups", queryset=Group.objects.filter(name__in=ROLES)),
            Prefetch("kader_units", queryset=KampungKB.objects.with_region()),
        )
    )
    if role:
        accounts = accounts.filter(groups__name=role)
    if unit:
        accounts = accounts.filter(kader_units=unit)
    return accounts


@permission_required(MANAGE_ACCOUNTS)
def account_list(request):
    filter_form = AccountFilterForm(request.GET)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    accounts = list(accounts_for_listing(filters.get("peran"), filters.get("kampung")))
    for account in accounts:
        account.role_label = ROLE_LABELS.get(role_of(account), "")
    return render(
        request,
        "manage/account_list.html",
        {"accounts": accounts, "filter_form": filter_form},
    )


@permission_required(MANAGE_ACCOUNTS)
def account_create(request):
    form = AccountCreateForm(_posted(request))
    if form.is_valid():
        account = form.save()
        messages.success(
            request, _("Akun %(username)s dibuat.") % {"username": account.get_username()}
        )
        return redirect("manage:account-list")
    return render(request, "manage/account_form.html", {"form": form})


def _get_editable_account(pk):
    account = get_object_or_404(get_user_model(), pk=pk)
    if account.is_superuser:
        raise PermissionDenied(_("Akun superuser hanya dapat diubah lewat admin Django."))
    return account


@permission_required(MANAGE_ACCOUNTS)
def account_update(request, pk):
    account = _get_editable_account(pk)
    form = AccountUpdateForm(_posted(request), instance=account, editor=request.user)
    if form.is_valid():
        form.save()
        messages.success(
            request, _("Akun %(username)s disimpan.") % {"username": account.get_username()}
        )
        return redirect("manage:account-list")
    return render(request, "manage/account_form.html", {"form": form, "account": account})


@permission_required(MANAGE_ACCOUNTS)
def account_password(request, pk):
    account = _get_editable_account(pk)
    form = SetPasswordForm(account, _posted(request))
    if form.is_valid():
        form.save()
        if account.pk == request.user.pk:
            update_session_auth_hash(request, account)
        messages.success(
            request,
            _("Kata sandi akun %(username)s diganti.") % {"username": account.get_username()},
        )
        return redirect("manage:account-list")
    return render(request, "manage/account_password.html", {"form": form, "account": account})
