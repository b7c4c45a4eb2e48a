"""Public evaluation pages (/evaluasi/...)."""

app_name = "evaluations"

urlpatterns = []
