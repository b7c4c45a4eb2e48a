"""Public competition results (/prestasi/...)."""

from django.urls import path

from .views import public_detail, public_list

app_name = "competitions"

urlpatterns = [
    path("", public_list, name="list"),
    path("<int:pk>/", public_detail, name="detail"),
]
