"""Nothing typed about a survivor can be read in the database, the logs or the audit trail."""

import logging

import pytest
from django.db import connection
from django.urls import reverse

from casework.models import AuditEvent, Case, Person

# Distinctive values, one per free-text field, that appear nowhere else.
SENTINELS = {
    "given_names": "Zephyrinequx",
    "family_name": "Quennelloduya",
    "aliases": "Aliasmarkerzz",
    "languages": "Langmarkerqq",
    "phone": "07700 931 457",
    "email": "sentinelmail@example.net",
    "address": "17 Markerstreet Lane",
    "safe_contact_times": "Timesmarkerww",
    "notes": "Notesmarkervv",
}


def everything_stored() -> str:
    """Every value of every row of every table, as text (bytes as latin-1)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


@pytest.fixture
def typed_case(people, client, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(people.alex)
    data = {
        "team": people.north.pk,
        "date_of_birth_0": "2",
        "date_of_birth_1": "9",
        "date_of_birth_2": "1991",
        "gender": "female",
        "age_at_exploitation": "adult",
        "where_exploited": "uk",
        **SENTINELS,
    }
    response = client.post(reverse("case_new"), data)
    assert response.status_code == 302
    client.post(
        reverse("case_edit", args=[Case.objects.get().reference]),
        {**data, "notes": "Notesmarkervv2", "version": 1},
    )
    client.get(response.url)
    return Case.objects.get()


def test_the_case_reads_back_decrypted(typed_case):
    person = Person.objects.get(case=typed_case)
    assert person.given_names == SENTINELS["given_names"]
    assert person.notes == "Notesmarkervv2"


def test_personal_columns_hold_fernet_tokens_not_text(typed_case):
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT given_names, notes, phone FROM {table}")  # noqa: S608
        row = cursor.fetchone()
    for raw in row:
        assert bytes(raw).startswith(b"gAAAAA")


def test_nothing_typed_can_be_found_anywhere_in_the_database(typed_case):
    stored = everything_stored()
    for field, value in SENTINELS.items():
        assert value not in stored, f"{field} found in plaintext"
    assert "Notesmarkervv2" not in stored
    assert "07700931457" not in stored  # nor the phone number in its normalised form


def test_nothing_typed_is_in_the_logs(typed_case, caplog):
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in SENTINELS.values():
        assert value not in logged


def test_the_audit_trail_names_fields_but_holds_no_values(typed_case):
    events = list(AuditEvent.objects.filter(case=typed_case).values_list("fields", flat=True))
    assert ["notes"] in events
    flat = str(events)
    for value in SENTINELS.values():
        assert value not in flat
