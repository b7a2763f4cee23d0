from django.conf import settings

from casework.access import is_manager

SERVICE_NAME = "Survivor Casework"


def navigation(request):
    # Worked out once per request: a case page renders each app's panel with the request too,
    # and each render runs the context processors again (the manager check is a query).
    cached = getattr(request, "_navigation", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    request._navigation = {
        "service_name": SERVICE_NAME,
        "nav_is_manager": signed_in and is_manager(user),
        "nav_is_admin": signed_in and user.is_staff,
        "mfa_off": not settings.MFA_REQUIRED,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "lockout_minutes": settings.LOCKOUT_MINUTES,
    }
    return request._navigation
