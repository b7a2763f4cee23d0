"""Signing in: two-factor codes, password confirmation and change."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from casework.ui.govuk import GovukFormMixin


class MfaCodeForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your 8-digit backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": "Enter the code", "max_length": "Enter the code from your app"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("The code is made of numbers only")
        return code


class PasswordConfirmForm(GovukFormMixin, forms.Form):
    """Re-entering the password: the step-up check when two-factor sign-in is off (demo)."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
        error_messages={"required": "Enter your password"},
    )


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    """Django's password change, with the Design System's messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "old_password": "Enter your current password",
            "new_password1": "Enter a new password",
            "new_password2": "Enter the new password again",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
            "password_mismatch": "The two new passwords are different. Enter the same password twice.",
        }
