"""URLs of the /kelola/ workspace. Each area keeps its patterns in its own module."""

from django.urls import path

from .views import manage

app_name = "manage"

urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("kampung/<slug:slug>/", manage.unit_home, name="unit"),
]
