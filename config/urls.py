from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from casework.health import healthz

admin.site.site_header = "Survivor Casework administration"
admin.site.site_title = "Survivor Casework administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url="/static/images/favicon.svg", permanent=True)),
    ),
    path("admin/", admin.site.urls),
    path("", include("casework.urls")),
    path("", include("support.urls")),
]
