"""Public competition results (/prestasi/...)."""

from .views.competitions import public_urlpatterns

app_name = "competitions"

urlpatterns = [*public_urlpatterns]
