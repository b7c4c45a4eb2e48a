"""Public evaluation pages (/evaluasi/...)."""

from django.urls import path

from .views import results

app_name = "evaluations"

urlpatterns = [
    path("", results.period_list, name="period-list"),
    path("<int:year>/", results.results, name="results"),
    path("<int:year>/hasil.csv", results.results_csv, name="results-csv"),
]
