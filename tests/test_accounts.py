import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.conftest import PASSWORD
from villages.models import KampungKB
from villages.permissions import MANAGE_UNIT


def test_add_user_creates_a_kader_bound_to_units(pekalongan):
    call_command(
        "add_user", "siti", "--role", "kader", "--kampung", "jenggot", "--password", PASSWORD
    )
    user = get_user_model().objects.get(username="siti")
    assert user.check_password(PASSWORD)
    assert list(user.kader_units.values_list("slug", flat=True)) == ["jenggot"]
    assert user.has_perm(MANAGE_UNIT, KampungKB.objects.get(slug="jenggot"))
    assert not user.has_perm(MANAGE_UNIT, KampungKB.objects.get(slug="bandengan"))


def test_add_user_refuses_unknown_unit(pekalongan):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command(
            "add_user", "siti", "--role", "kader", "--kampung", "atlantis", "--password", PASSWORD
        )
    assert not get_user_model().objects.filter(username="siti").exists()


def test_add_user_refuses_a_weak_password(pekalongan):
    with pytest.raises(CommandError):
        call_command("add_user", "budi", "--role", "staf", "--password", "123")
    assert not get_user_model().objects.exists()


def test_staf_may_manage_every_unit_and_juri_none(staf, juri):
    jenggot = KampungKB.objects.get(slug="jenggot")
    assert staf.has_perm(MANAGE_UNIT, jenggot)
    assert not juri.has_perm(MANAGE_UNIT, jenggot)


def test_disabled_kader_may_manage_nothing(kader_jenggot):
    kader_jenggot.is_active = False
    kader_jenggot.save()
    user = get_user_model().objects.get(pk=kader_jenggot.pk)
    assert not user.has_perm(MANAGE_UNIT, KampungKB.objects.get(slug="jenggot"))


def test_login_page_has_username_and_password_fields(client, db):
    html = client.get("/akun/masuk/").content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html


def test_kader_logs_in_and_lands_on_the_workspace(client, kader_jenggot):
    response = client.post(
        "/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/kelola/"
    assert "Kampung KB Mandiri Utama" in response.content.decode()
    assert "Bandengan" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil"),
        ("en", "Wrong username or password. Note that both are case-sensitive."),
    ],
)
def test_a_wrong_password_is_told_once_in_each_language(client, kader_jenggot, language, message):
    client.cookies["django_language"] = language
    response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": "salah"})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "nama pengguna nama pengguna" not in html.lower()
    assert "username username" not in html.lower()


def test_anonymous_is_sent_to_login_from_the_workspace(client, pekalongan):
    for url in ["/kelola/", "/kelola/kampung/jenggot/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next=")


def test_kader_of_another_unit_is_refused(login, kader_bandengan):
    for method in ("get", "post"):
        response = getattr(login(kader_bandengan), method)("/kelola/kampung/jenggot/")
        assert response.status_code == 403
        assert "Akses ditolak" in response.content.decode()


def test_password_reset_sends_an_indonesian_email(client, kader_jenggot, mailoutbox):
    kader_jenggot.email = "siti@example.org"
    kader_jenggot.save()
    client.post("/akun/sandi/reset/", {"email": "siti@example.org"})
    assert len(mailoutbox) == 1
    assert "Atur ulang kata sandi" in mailoutbox[0].subject
    assert "/akun/sandi/reset/" in mailoutbox[0].body


# The menu: password change for everyone signed in, the Django admin for who can use it


@pytest.fixture
def accounts(staf, juri, kader_jenggot):
    return {"staf": staf, "juri": juri, "kader": kader_jenggot}


@pytest.mark.parametrize("role", ["kader", "juri", "staf"])
def test_every_signed_in_user_changes_their_password_from_the_menu(client, accounts, role):
    from django.urls import reverse

    user = accounts[role]
    client.force_login(user)
    url = reverse("password_change")

    home = client.get("/kelola/").content.decode()
    assert f'href="{url}"' in home
    assert "Ubah kata sandi" in home
    assert 'href="/akun/sandi/ubah/"' in client.get("/").content.decode()
    page = client.get(url)
    assert page.status_code == 200
    new = "sandi-baru-yang-panjang-42"
    done = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # Still signed in: the page leads back to the workspace, not to the sign-in page.
    after = client.get(done.url).content.decode()
    assert 'href="/kelola/"' in after
    assert "Kembali ke ruang kerja" in after


def test_visitors_are_not_offered_a_password_change(client, pekalongan):
    assert "/akun/sandi/ubah/" not in client.get("/").content.decode()


def grant(user, codename):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename=codename))
    return get_user_model().objects.get(pk=user.pk)


def test_the_admin_is_offered_and_opened_only_to_those_who_can_use_it(client, accounts):
    from villages.permissions import USE_ADMIN

    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    staf = accounts["staf"]
    assert staf.is_staff and not staf.is_superuser  # portal staff: Django staff, no model perm

    def offered_and_opens(user):
        client.force_login(user)
        dashboard = client.get("/kelola/").content.decode()
        index = client.get("/admin/")
        # Refused, the admin sends to its own sign-in page instead of an empty index.
        opens = index.status_code == 200
        assert opens or index["Location"].startswith("/admin/login/")
        return 'href="/admin/"' in dashboard, opens, user.has_perm(USE_ADMIN)

    assert offered_and_opens(root) == (True, True, True)
    assert offered_and_opens(staf) == (False, False, False)
    assert offered_and_opens(accounts["juri"]) == (False, False, False)
    assert offered_and_opens(accounts["kader"]) == (False, False, False)
    # A permission on a model of the admin makes it useful; one that is not does not.
    assert offered_and_opens(grant(staf, "reopen_period")) == (False, False, False)
    assert offered_and_opens(grant(staf, "view_period")) == (True, True, True)
