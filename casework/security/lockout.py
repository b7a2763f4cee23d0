"""Guessing passwords: two limits, counted separately (issue 15, item 1).

- Per username, whatever the address (django-axes, AXES_LOCKOUT_PARAMETERS = ["username"]):
  LOCKOUT_FAILURES wrong passwords lock that username for LOCKOUT_MINUTES. A colleague's
  success never resets the count (axes resets only the signing-in username's own failures,
  and we do not even do that: AXES_RESET_ON_SUCCESS is off, so failures simply age out).
- Per address, far higher (LOCKOUT_ADDRESS_FAILURES in the same minutes): an office behind
  one NAT address is not locked out by one person's typing, but a script trying many
  usernames from one address is stopped. Axes has one failure limit for all its lockout
  parameters, so this second count is ours: the failed sign-ins already in the audit trail
  (which records the address of each), in a sliding window.

The export step-up password goes through django.contrib.auth.authenticate() as well, so a
wrong one is a failed sign-in for both counts (casework.views.subject_access)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.utils import timezone

from casework import audit
from casework.models import AuditEvent
from casework.vocabularies import AuditAction


def window() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def address_throttled(request) -> bool:
    """Whether the request's address has had LOCKOUT_ADDRESS_FAILURES failed sign-ins (any
    usernames) in the last LOCKOUT_MINUTES."""
    address = audit.client_ip(request)
    if address is None:
        return False
    recent = AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, ip_address=address, at__gte=timezone.now() - window()
    )
    return recent.count() >= settings.LOCKOUT_ADDRESS_FAILURES


def record_throttled(request) -> None:
    # Refused before any password is checked, so it is not itself a failure (the throttle
    # lifts as the failures age out, however often the office retries), but it is audited:
    # once per address per window. The sender decides how many refused POSTs there are, so
    # one row each would let them grow the append-only trail at will (review finding 11).
    # cache.add is atomic and succeeds only for the first caller; the cache is per process
    # (local memory) unless CACHES says otherwise, so at most one row per worker per window.
    address = audit.client_ip(request)
    key = f"lockout:throttle-recorded:{address}"
    if cache.add(key, True, timeout=int(window().total_seconds())):
        audit.record(action=AuditAction.ACCOUNT_LOCKED, request=request)


def confirm_password(*, request, user, password: str) -> bool:
    """A signed-in person re-enters their password (export step-up). Counts exactly like
    a sign-in: refused while the username or the address is locked, and a wrong password is
    a failed sign-in (axes and the audit trail hear Django's user_login_failed signal)."""
    if address_throttled(request):
        record_throttled(request)
        return False
    checked = authenticate(request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk
