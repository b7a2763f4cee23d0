"""Two-factor sign-in with django-otp: a TOTP authenticator app, plus single-use backup
codes for a lost phone. Codes are single-use (TOTPDevice.last_t) and throttled."""

import base64
import secrets

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from casework import audit
from casework.vocabularies import AuditAction

BACKUP_CODE_COUNT = 10


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:
    """The device being set up: made once, reused until confirmed (so reloading the page
    does not invalidate a QR code already scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG image in a data: URI: no inline script or style, so it
    passes our Content-Security-Policy (img-src 'self' data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#0b0c0c", light="#ffffff")


def manual_key(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enrol(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator app with a code from it. Returns the new backup codes (to
    show once), or None if the code was wrong."""
    if not device.verify_token(token):
        audit.record(action=AuditAction.MFA_FAILED, actor=request.user, request=request)
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    audit.record(action=AuditAction.MFA_ENROLLED, actor=request.user, request=request)
    return _new_backup_codes(request.user)


def verify(*, request, token: str) -> bool:
    """Check a code from the app, or else a backup code (which is then used up)."""
    user = request.user
    token = token.replace(" ", "")
    device = confirmed_totp(user)
    verified = verify_token(user, device.persistent_id, token) if device else None
    action = AuditAction.MFA_VERIFIED
    if verified is None:
        backup = StaticDevice.objects.filter(user=user).first()
        verified = verify_token(user, backup.persistent_id, token) if backup else None
        action = AuditAction.MFA_BACKUP_CODE_USED
    if verified is None:
        audit.record(action=AuditAction.MFA_FAILED, actor=user, request=request)
        return False
    otp_login(request, verified)
    audit.record(action=action, actor=user, request=request)
    return True


@transaction.atomic
def reset(*, actor, user, request=None) -> None:
    """An administrator's reset after a lost phone: every device goes (authenticator app,
    backup codes, passkeys); the person sets up again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    audit.record(action=AuditAction.MFA_RESET, actor=actor, subject_user=user, request=request)
