from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import auth_views as portal_auth_views
from portal import bench_views, views

account_urls = [
    path(
        "masuk/",
        portal_auth_views.LoginView.as_view(),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/ubah/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/ubah/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("sandi/reset/", portal_auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/reset/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "sandi/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi/reset/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("bench/baseline", bench_views.baseline, name="bench-baseline"),
    path("admin/", admin.site.urls),
    path("bahasa/<str:code>/", views.switch_language, name="switch-language"),
    path("akun/", include(account_urls)),
    path("kelola/evaluasi/", include("evaluations.manage_urls")),
    path("kelola/evaluasi/", include("competitions.manage_urls")),
    path("kelola/", include("villages.manage_urls")),
    path("evaluasi/", include("evaluations.urls")),
    path("prestasi/", include("competitions.urls")),
    path("", include("villages.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
