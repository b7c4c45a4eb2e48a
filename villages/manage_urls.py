"""URLs of the /kelola/ workspace. Each area keeps its patterns in its own module."""

from django.urls import path

from .views import manage
from .views.accounts_admin import urlpatterns as account_urls
from .views.activities import manage_urlpatterns as activity_urls
from .views.figures import urlpatterns as figure_urls
from .views.profile import urlpatterns as profile_urls

app_name = "manage"

urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("ikhtisar/", manage.overview, name="overview"),
    path("kampung/<slug:slug>/", manage.unit_home, name="unit"),
    *profile_urls,
    *activity_urls,
    *figure_urls,
    *account_urls,
]
