"""The library's sign-in script, pointed at the export step-up's own completion view."""

from django import template
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from casework.security import passkeys

register = template.Library()


@register.inclusion_tag("django_otp_webauthn/auth_scripts.html", takes_context=True)
def passkey_step_up_scripts(context):
    context["configuration"] = get_configuration(context["request"], passkeys.step_up_urls())
    return context
