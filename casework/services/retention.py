"""Erasure at the end of the retention period (docs/architecture.md, Retention and erasure).

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from fernet_fields import EncryptedField

from casework import audit, hooks
from casework.models import Case, SubjectAccessExport
from casework.security import key_rotation
from casework.vocabularies import AuditAction

logger = logging.getLogger(__name__)


def erased_values(model) -> dict:
    """A blank for every encrypted field of a model (and its blind indexes): what erasure
    writes over a row before deleting it."""
    values = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedField):
            values[field.name] = None if field.null else field.get_default()
        elif field.name.endswith("_bidx"):
            values[field.name] = ""
    return values


@transaction.atomic
def case_erase_personal_data(*, actor, case: Case, request=None) -> Case:
    """Irreversibly erase what identifies the survivor once the retention period has run out.
    The case row keeps its identifiers, dates and statistics vocabularies; the audit trail
    keeps its bare events (who did what, when), which never held personal data."""
    today = timezone.localdate()
    if case.retention_until is None or case.retention_until >= today:
        raise ValidationError("This case's retention period has not ended.")
    if case.erased_at is not None:
        return case
    # A subject access export still waiting holds everything in the case (encrypted):
    # overwritten, then deleted, like the rest. Not a survivor record of its own, so not a
    # data area; every record about the survivor is in one (hooks.data_areas(), the same
    # list the export reads).
    from casework.services import subject_access  # it imports the data areas, which import this

    subject_access.exports_delete(SubjectAccessExport.objects.filter(case=case))
    for area in hooks.data_areas():
        area.erase(case)
    case.erased_at = timezone.now()
    case.save(update_fields=["erased_at", "updated_at"])
    audit.record(action=AuditAction.PERSONAL_DATA_ERASED, actor=actor, case=case, request=request)
    # The overwrite and delete leave dead row versions holding the old ciphertext until
    # VACUUM (PostgreSQL): queue it for when this commits, whichever page or command erased.
    if connection.vendor == "postgresql":
        transaction.on_commit(_queue_vacuum)
    return case


def _queue_vacuum() -> None:
    from casework import tasks  # tasks imports this module

    try:
        tasks.vacuum_erased_tables.delay()
    except Exception:  # the broker is down: the erasure stands; the next purge_expired vacuums
        logger.exception("VACUUM after an erasure could not be queued")


def erased_tables_vacuum() -> list[str]:
    """VACUUM every table holding encrypted values (PostgreSQL), so the dead row versions an
    erasure leaves behind, still holding the old ciphertext, are removed now rather than when
    autovacuum next passes. VACUUM cannot run inside a transaction: returns the tables done,
    none when there is nothing to do or it cannot run here."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    tables = sorted({model._meta.db_table for model, _fields in key_rotation.encrypted_fields()})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
    return tables
