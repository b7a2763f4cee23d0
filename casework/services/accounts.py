"""The user's own sign-in methods.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from django.db import transaction
from django_otp_webauthn.models import WebAuthnCredential

from casework import audit
from casework.vocabularies import AuditAction


@transaction.atomic
def passkey_remove(*, actor, credential_id: int, request=None) -> None:
    """Remove one of the actor's own passkeys (the view has checked a fresh code first).
    Raises WebAuthnCredential.DoesNotExist for anyone else's."""
    credential = WebAuthnCredential.objects.select_for_update().get(pk=credential_id, user=actor)
    credential.delete()
    audit.record(
        action=AuditAction.MFA_RESET, actor=actor, subject_user=actor, fields=["passkey"], request=request
    )
