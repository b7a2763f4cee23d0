"""Audit payloads name fields and record kinds, never values (issue 15, item 8). Every
audit entry written anywhere in the suite is also checked (tests/conftest.py)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from casework import audit
from casework.models import AuditEvent
from casework.vocabularies import AuditAction
from screening import services as screening_services
from screening.vocabularies import ScreeningAction, StopReason

ROOT = Path(__file__).resolve().parents[2]


def test_a_stopped_interview_is_audited_without_the_reason(people, alex_case, login):
    interview = screening_services.interview_start(actor=people.alex, case=alex_case)
    screening_services.interview_save_section(
        actor=people.alex,
        interview=interview,
        section="recruitment",
        answers={"promised": "Work"},
        complete=False,
    )
    login(people.alex).post(
        reverse("screening_stop", args=[alex_case.reference, interview.pk]),
        {"reason": StopReason.DISTRESSED, "note": "Upset"},
    )
    event = AuditEvent.objects.get(action=ScreeningAction.STOPPED)
    assert event.fields == ["stop_note", "stop_reason"]
    assert not set(event.fields) & set(StopReason.values)


def test_the_suite_wide_check_catches_a_value_in_a_payload(people, alex_case):
    with pytest.raises(AssertionError, match="carries values"):
        audit.record(
            action=AuditAction.CASE_UPDATED, actor=people.alex, case=alex_case, fields=["distressed"]
        )


def test_only_the_audit_helper_writes_audit_events():
    # So the suite-wide check on audit.record() sees every payload.
    writers = []
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in ("tests", ".venv", "node_modules") or "migrations" in path.parts:
            continue
        if re.search(
            r"AuditEvent\.objects\.(create|bulk_create)|(?<!class )\bAuditEvent\(", path.read_text()
        ):
            writers.append(str(path.relative_to(ROOT)))
    assert writers == ["casework/audit.py"]
