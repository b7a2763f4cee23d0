"""Signing in safely: two-factor set-up and check, password change, session keep-alive."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from casework import audit
from casework.forms.accounts import GovukPasswordChangeForm, MfaCodeForm
from casework.security import lockout, mfa, passkeys
from casework.ui.govuk import posted
from casework.vocabularies import AuditAction


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


class SignInView(auth_views.LoginView):
    """Django's sign-in, refused outright while the address is throttled (casework.security.lockout).
    The per-username lock is django-axes' (its backend and middleware)."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if lockout.address_throttled(request):
            lockout.record_throttled(request)
            return render(request, "registration/locked_out.html", {"address_throttled": True}, status=429)
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    if mfa.confirmed_totp(request.user):
        # Someone with only the password must not replace the authenticator: with a device
        # already set up, the code is asked for (a lost phone is an administrator's reset).
        return redirect("home" if request.user.is_verified() else "mfa_verify")
    device = mfa.pending_totp(request.user)
    form = MfaCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        codes = mfa.enrol(request=request, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            # Shown once, on this response only: never stored in clear or sent anywhere.
            return render(
                request, "registration/mfa_backup_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        form.add_error("code", "The code is not right. Check the time on your phone and try the newest code")
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "qr_code": mfa.qr_code_data_uri(device),
            "manual_key": mfa.manual_key(device),
            "next": _next_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    if not mfa.confirmed_totp(request.user):
        return redirect("mfa_setup")
    form = MfaCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "The code is not right, or has been used already. Try the newest code")
    return render(
        request,
        "registration/mfa_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_passkey": passkeys.credentials(request.user).exists(),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view: it keeps this session and, by changing the password hash, ends
    every other session of the account."""

    template_name = "registration/password_change.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(action=AuditAction.PASSWORD_CHANGED, actor=self.request.user, request=self.request)
        messages.success(
            self.request, "Your password has been changed. Any other sessions have been signed out."
        )
        return response


@require_GET
def keepalive(request):
    """Called by the idle-timeout warning's "Stay signed in" button: touching the session
    renews its 15 minutes."""
    return HttpResponse(status=204)
