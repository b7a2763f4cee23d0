import fernet_fields


class EncryptedIntegerField(fernet_fields.EncryptedIntegerField):
    """fernet_fields' integer field, fixed for PostgreSQL with psycopg 3.

    IntegerField.get_db_prep_value() asks the backend to adapt the value by the field's
    internal type, which for an encrypted field is "BinaryField": psycopg 3's backend has no
    entry for it (KeyError). The value is encrypted right after, so it needs no adapting."""

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if prepared else self.get_prep_value(value)
