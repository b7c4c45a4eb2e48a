"""Staff's competition pages (/kelola/evaluasi/lomba/...), beside the evaluation workspace."""

from django.urls import path

from .views import (
    entry_create,
    entry_detail,
    entry_document_create,
    entry_document_delete,
    entry_list,
    entry_national,
    entry_nominate,
    entry_readiness,
    entry_stage_create,
    entry_stage_delete,
    entry_stage_move,
    entry_stage_update,
    entry_update,
)

app_name = "competitions-manage"

urlpatterns = [
    path("lomba/", entry_list, name="entry-list"),
    path("lomba/tambah/", entry_create, name="entry-create"),
    path("lomba/usul/<int:year>/", entry_nominate, name="entry-nominate"),
    path("lomba/<int:pk>/", entry_detail, name="entry-detail"),
    path("lomba/<int:pk>/ubah/", entry_update, name="entry-update"),
    path("lomba/<int:pk>/nasional/", entry_national, name="entry-national"),
    path("lomba/<int:pk>/kesiapan/", entry_readiness, name="entry-readiness"),
    path("lomba/<int:pk>/tahap/tambah/", entry_stage_create, name="entry-stage-create"),
    path(
        "lomba/<int:pk>/tahap/<int:stage_pk>/ubah/", entry_stage_update, name="entry-stage-update"
    ),
    path("lomba/<int:pk>/tahap/<int:stage_pk>/pindah/", entry_stage_move, name="entry-stage-move"),
    path(
        "lomba/<int:pk>/tahap/<int:stage_pk>/hapus/", entry_stage_delete, name="entry-stage-delete"
    ),
    path("lomba/<int:pk>/dokumen/tambah/", entry_document_create, name="entry-document-create"),
    path(
        "lomba/<int:pk>/dokumen/<int:document_pk>/hapus/",
        entry_document_delete,
        name="entry-document-delete",
    ),
]
