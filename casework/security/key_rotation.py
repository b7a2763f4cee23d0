"""Re-encrypting every encrypted field under the newest key (docs/architecture.md, Encryption and keys).

Works on the raw ciphertext with SQL, table by table in primary-key batches, each batch in
its own transaction, so an interrupted run can simply be started again: values already under
the newest key are recognised (they decrypt with it alone) and skipped."""

import logging
from collections import Counter
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.db import connection, transaction
from fernet_fields import EncryptedField

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass
class RotationCount:
    model: str
    rotated: int = 0
    current: int = 0
    empty: int = 0
    unreadable: int = 0  # document data keys no configured key opens: left as they are, reported


def encrypted_fields():
    """(model, [encrypted fields]) for every model that has any."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            yield model, fields


def clear_key_caches() -> None:
    """fernet_fields caches its keys on each field; drop them after FERNET_KEYS changes."""
    for _model, fields in encrypted_fields():
        for field in fields:
            for name in ("keys", "fernet_keys", "fernet"):
                field.__dict__.pop(name, None)


def rotate_model(model, fields, stdout=None) -> RotationCount:
    count = RotationCount(model=model._meta.label)
    newest = Fernet(fields[0].fernet_keys[0])
    everything = fields[0].fernet  # MultiFernet over every configured key
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    columns = [connection.ops.quote_name(f.column) for f in fields]
    last = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last is not None else ""
            cursor.execute(
                f"SELECT {pk}, {', '.join(columns)} FROM {table} {where}ORDER BY {pk} LIMIT %s",  # noqa: S608
                [last, BATCH] if last is not None else [BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return count
            for row in rows:
                last = row[0]
                updates = {}
                for column, raw in zip(columns, row[1:], strict=True):
                    if raw is None:
                        count.empty += 1
                        continue
                    token = bytes(raw)
                    try:
                        newest.decrypt(token)
                        count.current += 1
                        continue
                    except InvalidToken:
                        pass
                    updates[column] = everything.rotate(token)
                    count.rotated += 1
                if updates:
                    assignments = ", ".join(f"{column} = %s" for column in updates)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        [connection.Database.Binary(v) for v in updates.values()] + [last],
                    )
        if stdout is not None:
            stdout.write(f"  {count.model}: {count.rotated} re-encrypted so far")


def rewrap_document_keys(stdout=None) -> RotationCount:
    """Documents: each stored file's data key is re-wrapped under the newest key (the file's
    content, encrypted under its own data key, is not touched), in primary-key batches."""
    from casework.models import DocumentFile
    from casework.services import document_storage

    count = RotationCount(model="casework.DocumentFile (data keys)")
    last = 0
    while True:
        with transaction.atomic():
            rows = list(
                DocumentFile.objects.select_for_update()
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "wrapped_key")[:BATCH]
            )
            if not rows:
                return count
            for pk, wrapped_key in rows:
                last = pk
                if document_storage.key_is_current(bytes(wrapped_key)):
                    count.current += 1  # a run interrupted earlier already did this one
                else:
                    try:
                        rewrapped = document_storage.rewrap(bytes(wrapped_key))
                    except document_storage.DocumentUnreadable:
                        # One damaged key must not stop the others; the command reports the count.
                        logger.warning("Document file %s: no configured key opens its data key", pk)
                        count.unreadable += 1
                        continue
                    DocumentFile.objects.filter(pk=pk).update(wrapped_key=rewrapped)
                    count.rotated += 1
        if stdout is not None:
            stdout.write(f"  {count.model}: {count.rotated} re-wrapped so far")


def rotate_all(stdout=None) -> list[RotationCount]:
    counts = [rotate_model(model, fields, stdout) for model, fields in encrypted_fields()]
    return [*counts, rewrap_document_keys(stdout)]


def totals(counts: list[RotationCount]) -> Counter:
    total = Counter()
    for count in counts:
        total.update(
            {
                "rotated": count.rotated,
                "current": count.current,
                "empty": count.empty,
                "unreadable": count.unreadable,
            }
        )
    return total
