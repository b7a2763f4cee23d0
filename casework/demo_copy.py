"""Writing demo rows fast: PostgreSQL's COPY, with each distinct text encrypted once.

At bench scale (`make bench`: two million contacts, three hundred thousand tasks) bulk_create
spends its time building model instances and encrypting the same few demo sentences again and
again, three encrypted columns a row. Demo text comes from short lists, so each distinct value is
encrypted once and its token reused. Equal values then have equal ciphertexts, which would tell
which rows say the same thing: acceptable only for made-up demo data. Real writes go through the
models, a fresh token per value. Elsewhere than PostgreSQL it falls back to bulk_create."""

from django.db import connection
from django.db.models import JSONField
from django.utils import timezone
from fernet_fields import EncryptedField


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert rows (attname -> plain value; fields left out take their defaults, as a save
    would) and return the new primary keys, in the rows' order."""
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    full = [{f.attname: _value(f, row, now) for f in fields} for row in rows]
    if connection.vendor != "postgresql":
        # bulk_create would stamp "now" over a date given for an auto_now(_add) field (the
        # demo's audit trail is dated when things happened): not auto while it runs.
        given = {
            f: (f.auto_now, f.auto_now_add)
            for f in fields
            if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) and f.attname in rows[0]
        }
        try:
            for field in given:
                field.auto_now = field.auto_now_add = False
            made = model.objects.bulk_create([model(**row) for row in full], batch_size=2000)
        finally:
            for field, (auto_now, auto_now_add) in given.items():
                field.auto_now, field.auto_now_add = auto_now, auto_now_add
        return [obj.pk for obj in made]
    from psycopg.types.json import Jsonb  # PostgreSQL only

    table, pk = model._meta.db_table, model._meta.pk.column
    tokens: dict[tuple[str, str], bytes] = {}

    def stored(field, value):
        if isinstance(field, EncryptedField) and value is not None:
            key = (field.attname, value)
            if key not in tokens:
                tokens[key] = field.fernet.encrypt(str(value).encode())
            return tokens[key]
        if isinstance(field, JSONField):
            return Jsonb(value)  # else COPY would send a list as an array
        return value

    with connection.cursor() as cursor:
        # Ids from the table's own sequence, so the caller can link rows to them (COPY returns none).
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(f'"{f.column}"' for f in [model._meta.pk, *fields])
        with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for pk_value, row in zip(ids, full, strict=True):
                copy.write_row([pk_value, *(stored(f, row[f.attname]) for f in fields)])
    return ids


def _value(field, row: dict, now):
    if field.attname in row:
        return row[field.attname]
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()
