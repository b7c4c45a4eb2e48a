"""Staff and judges' evaluation workspace (/kelola/evaluasi/...)."""

app_name = "evaluations-manage"

urlpatterns = []
