"""The audit trail is append-only: the database itself refuses to change or delete it."""

import pytest
from django.db import DatabaseError, transaction

from casework import audit
from casework.models import AuditEvent
from casework.vocabularies import AuditAction
from tests.conftest import requires_postgres


@pytest.fixture
def event(people, alex_case):
    return audit.record(action=AuditAction.CASE_VIEWED, actor=people.alex, case=alex_case)


@requires_postgres
def test_postgres_refuses_to_update_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.CASE_UPDATED)


@requires_postgres
def test_postgres_refuses_to_delete_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_model_refuses_to_save_an_existing_event(event):
    event.action = AuditAction.CASE_UPDATED
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_sign_ins_and_failures_are_audited(people, client):
    client.post("/accounts/login/", {"username": "alex", "password": "wrong password"})
    client.post("/accounts/login/", {"username": "alex", "password": "correct-horse-battery"})
    client.post("/accounts/logout/")
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.subject_user == people.alex and failed.actor is None
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=people.alex).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=people.alex).exists()


def test_a_failed_sign_in_with_an_unknown_username_keeps_no_trace_of_what_was_typed(db, client):
    client.post("/accounts/login/", {"username": "my secret password", "password": "x"})
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.subject_user is None
    assert "secret" not in str(AuditEvent.objects.values().get())
