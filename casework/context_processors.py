from django.conf import settings

from casework.access import is_manager

SERVICE_NAME = "Survivor Casework"


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": SERVICE_NAME,
        "nav_is_manager": signed_in and is_manager(user),
        "nav_is_admin": signed_in and user.is_staff,
        "mfa_off": not settings.MFA_REQUIRED,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "lockout_minutes": settings.LOCKOUT_MINUTES,
    }
