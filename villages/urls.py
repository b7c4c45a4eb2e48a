from django.urls import path

import pagecache

from .cache_tags import ACTIVITIES, REGIONS, UNITS
from .feeds import CityActivityFeed, UnitActivityFeed
from .views import activities
from .views import public as views

app_name = "villages"

urlpatterns = [
    path("", views.home, name="home"),
    path("kampung/", views.kampung_list, name="kampung-list"),
    path("kampung/<slug:slug>/", views.kampung_detail, name="kampung-detail"),
    path("peta/", views.unit_map, name="unit-map"),
    path("data/", views.open_data_page, name="open-data"),
    path("data/kampung-kb.csv", views.kampung_csv, name="kampung-csv"),
    path("data/kampung-kb.json", views.kampung_json, name="kampung-json"),
    path("perbandingan/", views.comparison, name="comparison"),
    path("kegiatan/", activities.city_list, name="city-activities"),
    path(
        "kegiatan/feed/",
        pagecache.cache_page(REGIONS, UNITS, ACTIVITIES)(CityActivityFeed()),
        name="city-activity-feed",
    ),
    path("kampung/<slug:slug>/kegiatan/", activities.public_list, name="activity-list"),
    path(
        "kampung/<slug:slug>/kegiatan/feed/",
        pagecache.cache_page(REGIONS, ACTIVITIES)(UnitActivityFeed()),
        name="activity-feed",
    ),
    path(
        "kampung/<slug:slug>/kegiatan/<int:pk>/",
        activities.public_detail,
        name="activity-detail",
    ),
]
