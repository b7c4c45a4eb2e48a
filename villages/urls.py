from django.urls import path

from .views import public as views
from .views.activities import public_urlpatterns as activity_urls

app_name = "villages"

urlpatterns = [
    path("", views.home, name="home"),
    path("kampung/", views.kampung_list, name="kampung-list"),
    path("kampung/<slug:slug>/", views.kampung_detail, name="kampung-detail"),
    path("data/kampung-kb.csv", views.kampung_csv, name="kampung-csv"),
    *activity_urls,
]
