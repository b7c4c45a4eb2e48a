"""URLs of the /kelola/ workspace."""

from django.urls import path

from .views import (
    accounts_admin,
    activities,
    city_figures,
    figures,
    history,
    innovations,
    manage,
    profile,
)

app_name = "manage"

urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("ikhtisar/", manage.overview, name="overview"),
    path("kampung/<slug:slug>/", manage.unit_home, name="unit"),
    # A unit's profile and board
    path(
        "kampung/<slug:slug>/profil/<slug:section>/",
        profile.edit_section,
        name="profile-section",
    ),
    path("kampung/<slug:slug>/pengurus/", profile.edit_board, name="board"),
    # Its activities
    path("kampung/<slug:slug>/kegiatan/", activities.activity_list, name="activity-list"),
    path(
        "kampung/<slug:slug>/kegiatan/tambah/",
        activities.activity_create,
        name="activity-create",
    ),
    path(
        "kampung/<slug:slug>/kegiatan/<int:pk>/ubah/",
        activities.activity_update,
        name="activity-update",
    ),
    path(
        "kampung/<slug:slug>/kegiatan/<int:pk>/hapus/",
        activities.activity_delete,
        name="activity-delete",
    ),
    path(
        "kampung/<slug:slug>/kegiatan/<int:pk>/foto/<int:photo_pk>/hapus/",
        activities.activity_photo_delete,
        name="activity-photo-delete",
    ),
    # Its flagship innovations
    path("kampung/<slug:slug>/inovasi/", innovations.innovation_list, name="innovation-list"),
    path(
        "kampung/<slug:slug>/inovasi/tambah/",
        innovations.innovation_create,
        name="innovation-create",
    ),
    path(
        "kampung/<slug:slug>/inovasi/<int:pk>/ubah/",
        innovations.innovation_update,
        name="innovation-update",
    ),
    path(
        "kampung/<slug:slug>/inovasi/<int:pk>/hapus/",
        innovations.innovation_delete,
        name="innovation-delete",
    ),
    # Its figures
    path("kampung/<slug:slug>/data/", figures.data_list, name="data-list"),
    path("kampung/<slug:slug>/data/tambah/", figures.data_create, name="data-create"),
    path("kampung/<slug:slug>/data/<int:pk>/ubah/", figures.data_update, name="data-update"),
    path("kampung/<slug:slug>/data/impor/", figures.data_import, name="data-import"),
    path("kampung/<slug:slug>/data/templat.csv", figures.data_template, name="data-template"),
    # City-level figures (staff)
    path("angka-kota/", city_figures.figure_list, name="city-figure-list"),
    path("angka-kota/tambah/", city_figures.figure_create, name="city-figure-create"),
    path("angka-kota/<int:pk>/ubah/", city_figures.figure_update, name="city-figure-update"),
    # Accounts, and a unit's change history
    path("akun/", accounts_admin.account_list, name="account-list"),
    path("akun/tambah/", accounts_admin.account_create, name="account-create"),
    path("akun/<int:pk>/ubah/", accounts_admin.account_update, name="account-update"),
    path("akun/<int:pk>/sandi/", accounts_admin.account_password, name="account-password"),
    path("kampung/<slug:slug>/riwayat/", history.unit_history, name="unit-history"),
]
