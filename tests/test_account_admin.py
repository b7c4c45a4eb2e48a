import pytest
from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD
from villages.account_forms import role_of
from villages.models import KampungKB

User = get_user_model()


def logs_in(client, username, password):
    """Sign in through the real login page (lockout checks included)."""
    response = client.post("/akun/masuk/", {"username": username, "password": password})
    client.post("/akun/keluar/")
    return response.status_code == 302


def new_kader_form(**changes):
    jenggot, klego = KampungKB.objects.filter(slug__in=["jenggot", "klego"]).order_by("slug")
    return {
        "username": "siti",
        "full_name": "Siti Aminah",
        "email": "siti@example.org",
        "role": "kader",
        "units": [jenggot.pk, klego.pk],
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }


def edit_form(account, **changes):
    return {
        "full_name": account.get_full_name(),
        "email": account.email,
        "role": role_of(account),
        "units": [unit.pk for unit in account.kader_units.all()],
        "is_active": "on" if account.is_active else "",
        **changes,
    }


def test_staff_creates_a_kader_who_then_manages_exactly_their_two_units(login, staf, client):
    response = login(staf).post("/kelola/akun/tambah/", new_kader_form())
    assert response.status_code == 302
    assert response["Location"] == "/kelola/akun/"

    siti = User.objects.get(username="siti")
    assert siti.get_full_name() == "Siti Aminah"
    assert role_of(siti) == "kader"
    assert sorted(siti.kader_units.values_list("slug", flat=True)) == ["jenggot", "klego"]

    client.logout()
    client.post("/akun/masuk/", {"username": "siti", "password": PASSWORD})
    dashboard = client.get("/kelola/").content.decode()
    assert "/kelola/kampung/jenggot/" in dashboard
    assert "/kelola/kampung/klego/" in dashboard
    assert "/kelola/kampung/bandengan/" not in dashboard
    assert client.get("/kelola/kampung/jenggot/").status_code == 200
    assert client.get("/kelola/kampung/klego/").status_code == 200
    assert client.get("/kelola/kampung/bandengan/").status_code == 403


def test_a_kader_needs_at_least_one_unit(login, staf):
    response = login(staf).post("/kelola/akun/tambah/", new_kader_form(units=[]))

    assert response.status_code == 200
    assert response.context["form"].errors["units"] == [
        "Pilih minimal satu Kampung KB untuk kader."
    ]
    assert not User.objects.filter(username="siti").exists()


def test_units_are_ignored_for_a_juri(login, staf):
    login(staf).post("/kelola/akun/tambah/", new_kader_form(role="juri"))

    siti = User.objects.get(username="siti")
    assert role_of(siti) == "juri"
    assert not siti.kader_units.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345", "Kata sandi terlalu pendek"),
        ("password123", "Kata sandi ini terlalu umum"),
        ("siti-aminah", "Kata sandi terlalu mirip"),
        ("8462917305", "Kata sandi ini seluruhnya terdiri dari angka"),
    ],
)
def test_weak_passwords_are_refused_with_django_validator_messages(login, staf, password, message):
    form = new_kader_form(password1=password, password2=password)
    response = login(staf).post("/kelola/akun/tambah/", form)

    assert message in " ".join(response.context["form"].errors["password1"])
    assert message in response.content.decode()
    assert not User.objects.filter(username="siti").exists()


def test_mismatched_password_confirmation_is_refused(login, staf):
    response = login(staf).post("/kelola/akun/tambah/", new_kader_form(password2="lain-sekali-99"))

    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(username="siti").exists()


def test_a_username_in_use_is_refused_whatever_its_case(login, staf, kader_jenggot):
    response = login(staf).post("/kelola/akun/tambah/", new_kader_form(username="Kader_Jenggot"))

    assert response.context["form"].errors["username"] == ["Nama pengguna ini sudah dipakai."]
    assert User.objects.filter(username__iexact="kader_jenggot").count() == 1


def test_staff_moves_a_kader_to_another_unit(login, staf, kader_jenggot):
    bandengan = KampungKB.objects.get(slug="bandengan")

    response = login(staf).post(
        f"/kelola/akun/{kader_jenggot.pk}/ubah/",
        edit_form(kader_jenggot, units=[bandengan.pk], full_name="Siti Rahma"),
    )

    assert response.status_code == 302
    kader_jenggot.refresh_from_db()
    assert kader_jenggot.get_full_name() == "Siti Rahma"
    assert list(kader_jenggot.kader_units.all()) == [bandengan]


def test_a_deactivated_account_can_no_longer_log_in(login, staf, kader_jenggot, client):
    login(staf).post(
        f"/kelola/akun/{kader_jenggot.pk}/ubah/", edit_form(kader_jenggot, is_active="")
    )

    kader_jenggot.refresh_from_db()
    assert not kader_jenggot.is_active
    client.logout()
    response = client.post("/akun/masuk/", {"username": "kader_jenggot", "password": PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_a_deactivated_kader_is_logged_out_of_an_open_session(login, staf, kader_jenggot, client):
    from django.test import Client

    kader_client = Client()
    kader_client.force_login(kader_jenggot)
    login(staf).post(
        f"/kelola/akun/{kader_jenggot.pk}/ubah/", edit_form(kader_jenggot, is_active="")
    )

    response = kader_client.get("/kelola/kampung/jenggot/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_staff_cannot_deactivate_or_demote_themselves(login, staf):
    client = login(staf)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in (
        client.get(f"/kelola/akun/{staf.pk}/ubah/").content.decode()
    )

    response = client.post(
        f"/kelola/akun/{staf.pk}/ubah/", edit_form(staf, is_active="", role="juri")
    )

    errors = response.context["form"].errors
    assert errors["is_active"] == ["Anda tidak dapat menonaktifkan akun Anda sendiri."]
    assert errors["role"] == ["Anda tidak dapat mengubah peran akun Anda sendiri."]
    staf.refresh_from_db()
    assert staf.is_active
    assert role_of(staf) == "staf"


def test_staff_sets_a_new_password_that_then_works(login, staf, kader_jenggot, client):
    new_password = "sandi-baru-kampung-456"
    response = login(staf).post(
        f"/kelola/akun/{kader_jenggot.pk}/sandi/",
        {"new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    client.logout()
    assert logs_in(client, "kader_jenggot", new_password)
    assert not logs_in(client, "kader_jenggot", PASSWORD)


def test_a_weak_new_password_is_refused(login, staf, kader_jenggot):
    response = login(staf).post(
        f"/kelola/akun/{kader_jenggot.pk}/sandi/", {"new_password1": "123", "new_password2": "123"}
    )

    assert "Kata sandi terlalu pendek" in response.content.decode()
    kader_jenggot.refresh_from_db()
    assert kader_jenggot.check_password(PASSWORD)


def test_superusers_are_listed_but_edited_only_in_the_django_admin(login, staf):
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = login(staf)

    html = client.get("/kelola/akun/").content.decode()
    assert "root" in html
    # Staff with no permission in the Django admin are not sent to it.
    assert f"/admin/auth/user/{root.pk}/change/" not in html
    assert "Hanya lewat admin Django" in html
    assert (
        f"/admin/auth/user/{root.pk}/change/" in login(root).get("/kelola/akun/").content.decode()
    )
    client = login(staf)
    assert f"/kelola/akun/{root.pk}/ubah/" not in html
    assert client.get(f"/kelola/akun/{root.pk}/ubah/").status_code == 403
    assert client.post(f"/kelola/akun/{root.pk}/sandi/", {}).status_code == 403


def test_account_list_shows_role_units_and_status(login, staf, kader_jenggot, juri):
    kader_jenggot.is_active = False
    kader_jenggot.save()

    html = login(staf).get("/kelola/akun/").content.decode()

    assert "kader_jenggot" in html
    assert "Kampung KB Mandiri Utama" in html
    assert "Nonaktif" in html
    assert "Juri" in html
    assert "Belum pernah" in html


def test_account_list_filters_by_role_and_unit(login, staf, kader_jenggot, kader_bandengan, juri):
    client = login(staf)

    kader = client.get("/kelola/akun/?peran=kader").context["accounts"]
    assert [account.username for account in kader] == ["kader_bandengan", "kader_jenggot"]

    of_jenggot = client.get("/kelola/akun/?peran=kader&kampung=jenggot").context["accounts"]
    assert [account.username for account in of_jenggot] == ["kader_jenggot"]


def test_account_list_runs_a_fixed_number_of_queries(
    login, staf, make_user, django_assert_num_queries
):
    client = login(staf)
    make_user("kader_a", "kader", "jenggot", "klego")
    with django_assert_num_queries(7):
        client.get("/kelola/akun/")

    for number in range(10):
        make_user(f"kader_{number}", "kader", "jenggot", "bandengan")
        make_user(f"juri_{number}", "juri")
    with django_assert_num_queries(7):
        response = client.get("/kelola/akun/")
    assert len(response.context["accounts"]) == 22


@pytest.mark.parametrize(
    "url",
    [
        "/kelola/akun/",
        "/kelola/akun/tambah/",
        "/kelola/akun/{pk}/ubah/",
        "/kelola/akun/{pk}/sandi/",
    ],
)
@pytest.mark.parametrize("role", ["kader_jenggot", "juri"])
def test_kader_and_juri_are_refused_the_account_pages(request, login, staf, role, url):
    client = login(request.getfixturevalue(role))
    url = url.format(pk=staf.pk)

    assert client.get(url).status_code == 403
    assert client.post(url, {"role": "staf", "is_active": "on"}).status_code == 403
    staf.refresh_from_db()
    assert staf.is_active
