"""A fresh check that it is really the signed-in person, before something a hijacked
session must not do alone (an export, removing a passkey): a new code from the
authenticator app (or a backup code), or, where two-factor sign-in is off (the demo), the
password again, counted as a sign-in attempt by the lockout."""

from django.conf import settings

from casework.forms.accounts import MfaCodeForm, PasswordConfirmForm
from casework.security import lockout, mfa


def form_class():
    return MfaCodeForm if settings.MFA_REQUIRED else PasswordConfirmForm


def confirmed(request, form) -> bool:
    """Whether the valid `form` proves it is the person; adds the error to it otherwise."""
    if settings.MFA_REQUIRED:
        if mfa.verify(request=request, token=form.cleaned_data["code"]):
            return True
        form.add_error("code", "The code is not right, or has been used already. Try the newest code")
        return False
    # Counted as a sign-in attempt: a wrong password here is a failed sign-in for the
    # username and address limits, and a locked username cannot step up at all.
    if lockout.confirm_password(request=request, user=request.user, password=form.cleaned_data["password"]):
        return True
    form.add_error("password", "The password is not right")
    return False
