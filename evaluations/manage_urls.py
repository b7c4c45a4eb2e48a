"""Staff and judges' evaluation workspace (/kelola/evaluasi/...)."""

from django.urls import path

from .views import calibration, coaching, judging, paper, periods, results

app_name = "evaluations-manage"

urlpatterns = [
    # Periods, their rubric, judges and grid
    path("", periods.period_list, name="period-list"),
    path("tambah/", periods.period_create, name="period-create"),
    path("<int:year>/", periods.period_detail, name="period-detail"),
    path("<int:year>/ubah/", periods.period_update, name="period-update"),
    path("<int:year>/tahap/", periods.period_transition, name="period-transition"),
    path("<int:year>/riwayat/", periods.period_history, name="period-history"),
    path("<int:year>/rubrik/", periods.rubric_page, name="rubric"),
    path("<int:year>/rubrik/impor/", periods.rubric_import, name="rubric-import"),
    path("<int:year>/rubrik/ekspor/", periods.rubric_export, name="rubric-export"),
    path("<int:year>/rubrik/salin/", periods.rubric_copy, name="rubric-copy"),
    path("<int:year>/rubrik/disesuaikan/", periods.rubric_adapted, name="rubric-adapted"),
    path("<int:year>/rubrik/aspek/tambah/", periods.aspect_create, name="aspect-create"),
    path("<int:year>/rubrik/aspek/<int:pk>/ubah/", periods.aspect_update, name="aspect-update"),
    path("<int:year>/rubrik/aspek/<int:pk>/hapus/", periods.aspect_delete, name="aspect-delete"),
    path("<int:year>/rubrik/kriteria/tambah/", periods.criterion_create, name="criterion-create"),
    path(
        "<int:year>/rubrik/kriteria/<int:pk>/ubah/",
        periods.criterion_update,
        name="criterion-update",
    ),
    path(
        "<int:year>/rubrik/kriteria/<int:pk>/hapus/",
        periods.criterion_delete,
        name="criterion-delete",
    ),
    path("<int:year>/juri/", periods.judges, name="judges"),
    path("<int:year>/juri/hapus/", periods.judge_remove, name="judge-remove"),
    path("<int:year>/grid/", periods.grid, name="grid"),
    path("<int:year>/kalibrasi/", calibration.calibration, name="calibration"),
    # Coaching notes of a unit
    path("pembinaan/<slug:slug>/", coaching.coaching, name="coaching"),
    path("pembinaan/catatan/<int:pk>/", coaching.coaching_update, name="coaching-update"),
    # Judging
    path("<int:year>/menilai/", judging.judge_home, name="judge-home"),
    path("<int:year>/menilai/<slug:slug>/", judging.score_sheet, name="score-sheet"),
    path(
        "<int:year>/menilai/<slug:slug>/konflik/",
        judging.conflict_declare,
        name="conflict-declare",
    ),
    path(
        "<int:year>/menilai/<slug:slug>/konflik/tarik/",
        judging.conflict_withdraw,
        name="conflict-withdraw",
    ),
    path("<int:year>/impor-nilai/", judging.score_import, name="score-import"),
    path("<int:year>/impor-nilai/templat.csv", judging.score_template, name="score-template"),
    # Judges' paper sheets: printed blank, typed in by staff
    path("<int:year>/lembar/", paper.paper_sheets, name="paper-sheets"),
    path(
        "<int:year>/entri/<str:username>/<slug:slug>/",
        paper.paper_entry,
        name="paper-entry",
    ),
    # Results for staff
    path("<int:year>/hasil/", results.manage_results, name="results"),
    path("<int:year>/hasil.xlsx", results.results_xlsx, name="results-xlsx"),
    path("<int:year>/berita-acara/", results.recap, name="recap"),
]
