import json

import fernet_fields
from django.db import models


class EncryptedIntegerField(fernet_fields.EncryptedIntegerField):
    """fernet_fields' integer field, fixed for PostgreSQL with psycopg 3.

    IntegerField.get_db_prep_value() asks the backend to adapt the value by the field's
    internal type, which for an encrypted field is "BinaryField": psycopg 3's backend has no
    entry for it (KeyError). The value is encrypted right after, so it needs no adapting."""

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if prepared else self.get_prep_value(value)


class EncryptedJSONField(fernet_fields.EncryptedField, models.JSONField):
    """A JSON value (a list of vocabulary codes, say) stored as Fernet ciphertext, for facts
    that are personal even though they come from a vocabulary (special-category risk flags).
    Nothing about it can be queried in SQL, by design."""

    def get_db_prep_value(self, value, connection, prepared=False):
        # Serialised here, then encrypted by EncryptedField.get_db_prep_save (never handed
        # to the database driver as JSON).
        return None if value is None else json.dumps(value, cls=self.encoder)

    def from_db_value(self, value, expression, connection, *args):
        if value is None:
            return None
        return json.loads(self.fernet.decrypt(bytes(value)), cls=self.decoder)
