"""Passkeys and security keys (WebAuthn, through django-otp-webauthn) as a second factor
beside the authenticator app: registered once signed in with two factors, used after the
password at sign-in, and to step up before a subject access export. Never instead of the
password (passwordless sign-in is off: the password is what the lockout counts).

The library's views do the ceremonies; these subclasses add our rules and audit entries."""

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from casework import audit
from casework.security import step_up
from casework.services import accounts
from casework.ui.govuk import posted
from casework.vocabularies import AuditAction

STEP_UP_KEY = "passkey_step_up_at"
STEP_UP_SECONDS = 120


def credentials(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


class RegistrationBegin(webauthn_views.BeginCredentialRegistrationView):
    def check_can_register(self):
        # Only someone who has already passed two factors adds a passkey, even a person
        # without any device yet: enrolment starts with the authenticator app (and its
        # backup codes), so a stolen password alone can never register a key.
        if settings.MFA_REQUIRED and not self.request.user.is_verified():
            raise exceptions.NotVerified()


class RegistrationComplete(webauthn_views.CompleteCredentialRegistrationView):
    check_can_register = RegistrationBegin.check_can_register

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            audit.record(
                action=AuditAction.MFA_ENROLLED,
                actor=self.request.user,
                fields=["passkey"],
                request=self.request,
            )
        return response


class SignInComplete(webauthn_views.CompleteCredentialAuthenticationView):
    """The second factor at sign-in (the user has given the password)."""

    def complete_auth(self, device):
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialNotFound()
        super().complete_auth(device)
        audit.record(
            action=AuditAction.MFA_VERIFIED, actor=self.request.user, fields=["passkey"], request=self.request
        )


class StepUpComplete(webauthn_views.CompleteCredentialAuthenticationView):
    """A fresh passkey check before an export: noted in the session for STEP_UP_SECONDS,
    used once (casework.views.subject_access)."""

    def complete_auth(self, device):
        if device.user_id != self.request.user.pk:
            raise exceptions.CredentialNotFound()
        self.request.session[STEP_UP_KEY] = int(time.time())


def take_step_up(request) -> bool:
    """Whether the person confirmed with a passkey in the last STEP_UP_SECONDS; uses it up."""
    at = request.session.pop(STEP_UP_KEY, None)
    return at is not None and time.time() - at <= STEP_UP_SECONDS


def has_fresh_step_up(request) -> bool:
    at = request.session.get(STEP_UP_KEY)
    return at is not None and time.time() - at <= STEP_UP_SECONDS


@require_http_methods(["GET"])
def passkey_list(request):
    return render(request, "registration/passkeys.html", {"credentials": credentials(request.user)})


@require_http_methods(["GET", "POST"])
def passkey_remove(request, pk):
    # A fresh code (or the password, with two-factor sign-in off) first: a hijacked session
    # must not be able to remove the keys that protect the account (review finding 15).
    credential = get_object_or_404(credentials(request.user), pk=pk)
    form = step_up.form_class()(posted(request))
    if request.method == "POST" and form.is_valid() and step_up.confirmed(request, form):
        accounts.passkey_remove(actor=request.user, credential_id=credential.pk, request=request)
        messages.success(request, "The passkey has been removed.")
        return redirect("passkeys")
    return render(request, "registration/passkey_remove.html", {"credential": credential, "form": form})


def step_up_urls() -> dict:
    return {
        "beginAuthenticationUrl": reverse("otp_webauthn:credential-authentication-begin"),
        "completeAuthenticationUrl": reverse("passkey_step_up_complete"),
    }


# Under /accounts/mfa/, which a person who has given only the password may reach
# (casework.security.middleware.MFA_ALLOWED_PREFIXES). The names are the library's: its script
# reads them from the page's configuration.
webauthn_urlpatterns = (
    [
        path("registration/begin/", RegistrationBegin.as_view(), name="credential-registration-begin"),
        path(
            "registration/complete/", RegistrationComplete.as_view(), name="credential-registration-complete"
        ),
        path(
            "authentication/begin/",
            webauthn_views.BeginCredentialAuthenticationView.as_view(),
            name="credential-authentication-begin",
        ),
        path("authentication/complete/", SignInComplete.as_view(), name="credential-authentication-complete"),
        path(
            "jsi18n/",
            JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
            name="js-i18n-catalog",
        ),
    ],
    "otp_webauthn",
)

urlpatterns = [
    path("accounts/passkeys/", passkey_list, name="passkeys"),
    path("accounts/passkeys/<int:pk>/remove/", passkey_remove, name="passkey_remove"),
    path("accounts/passkeys/step-up/complete/", StepUpComplete.as_view(), name="passkey_step_up_complete"),
]
