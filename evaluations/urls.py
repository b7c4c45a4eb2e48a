"""Public evaluation pages (/evaluasi/...)."""

from .views.results import public_urlpatterns as results_urls

app_name = "evaluations"

urlpatterns = [*results_urls]
