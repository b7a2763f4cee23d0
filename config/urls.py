from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from casework.health import healthz
from casework.security import passkeys
from casework.views import accounts

admin.site.site_header = "Survivor Casework administration"
admin.site.site_title = "Survivor Casework administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        login_not_required(accounts.SignInView.as_view()),
        name="login",
    ),
    # One way in, with its lockout, throttle and two-factor check: the admin's own sign-in
    # page sends people to it.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/mfa/setup/", accounts.mfa_setup, name="mfa_setup"),
    path("accounts/mfa/verify/", accounts.mfa_verify, name="mfa_verify"),
    path("accounts/mfa/webauthn/", include(passkeys.webauthn_urlpatterns)),
    *passkeys.urlpatterns,
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/keepalive/", accounts.keepalive, name="keepalive"),
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url="/static/images/favicon.svg", permanent=True)),
    ),
    path("admin/", admin.site.urls),
    path("", include("casework.urls")),
    path("", include("screening.urls")),
    path("", include("support.urls")),
    path("", include("justice.urls")),
    path("", include("oversight.urls")),
]
