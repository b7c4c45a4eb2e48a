"""The sign-in and password-reset pages, throttled per client address (and e-mail).

django-axes locks one username on one address; these add a higher limit per address
over every username, and a limit on reset mails per address and per e-mail, so that
nobody can lock out a user from elsewhere or flood a mailbox.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import throttle
from .forms import LoginForm

LOGIN_FAILURES = "login-ip"
RESET_BY_ADDRESS = "reset-ip"
RESET_BY_EMAIL = "reset-email"


def _login_window():
    return int(settings.AXES_COOLOFF_TIME * 3600)


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        address = throttle.client_address(request)
        if throttle.count(LOGIN_FAILURES, address) >= settings.LOGIN_FAILURES_PER_IP:
            return render(request, "registration/throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.add(LOGIN_FAILURES, throttle.client_address(self.request), _login_window())
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_EMAIL:
            return render(request, "registration/password_reset_off.html")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        limit = settings.PASSWORD_RESET_LIMIT
        by_address = throttle.add(RESET_BY_ADDRESS, throttle.client_address(self.request), window)
        by_email = throttle.add(RESET_BY_EMAIL, form.cleaned_data["email"], window)
        if by_address > limit or by_email > limit:
            form.add_error(
                None,
                _(
                    "Sudah terlalu banyak permintaan atur ulang kata sandi. Periksa kotak "
                    "masuk surel Anda, atau coba lagi dalam %(minutes)s menit."
                )
                % {"minutes": window // 60},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
