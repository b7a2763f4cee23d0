"""Erasure at the end of retention covers every encrypted field of every record of a case,
whichever app added it, and overwrites a row before deleting it."""

import json
import sqlite3
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import tasks
from casework.models import Case, Consent, Contact, Document, DocumentFile, Person, RecordRevision, Task
from casework.security.key_rotation import encrypted_fields
from casework.services import subject_access
from casework.services.retention import case_erase_personal_data
from casework.vocabularies import RiskFlag
from config import settings as project_settings
from config.celery import app as celery_app
from justice.models import Claim, Milestone, Proceeding
from screening.models import ScreeningAmendment, ScreeningInterview
from support.models import (
    ChildGuardian,
    Decision,
    Dependant,
    EntitlementReceived,
    Goal,
    LocalAuthorityLead,
    Need,
    OutcomeRating,
    PermissionToStay,
    PlanReview,
    PublicOrderDisqualification,
    RecoveryNeedsAssessment,
    Referral,
    RiskAssessment,
    SupportPeriod,
    SupportPlan,
    Withdrawal,
)
from tests.conftest import requires_postgres

PATHS_TO_CASE = (
    "case",
    "referral__case",
    "proceeding__case",
    "interview__case",
    "assessment__case",
    "plan__case",
    "document__case",
)
D = date(2018, 3, 1)


def rows_of(model, case):
    for path in PATHS_TO_CASE:
        try:
            return model.objects.filter(**{path: case})
        except FieldError:  # not this model's path
            pass
    raise AssertionError(f"{model._meta.label}: no path to its case")


def shown(value, text) -> bool:
    if isinstance(value, str) and value.startswith("{"):  # JSON kept as encrypted text
        return all(str(item) in text for item in json.loads(value).values())
    if isinstance(value, date):
        return f"{value:%-d %B %Y}" in text
    if isinstance(value, dict):  # a risk assessment's areas: the evidence shown
        return all(str(held["evidence"]) in text for held in value.values())
    if isinstance(value, list):
        return all(str(RiskFlag(item).label if item in RiskFlag.values else item) in text for item in value)
    return str(value) in text


# Encrypted JSON whose keys are field names or question ids: shown by label, which this
# fixture's made-up keys have none of (tests/corrections and test_subject_access show them).
NOT_SHOWN: dict[str, tuple[str, ...]] = {
    "casework.RecordRevision": ("previous_json",),
    "screening.ScreeningInterview": ("answers_json",),
}


def sentinel(field):
    """A value of the field's type that no other field holds, so the export test can tell
    which fields it shows."""
    label = f"{field.model._meta.label}.{field.name}"
    unique = sum(ord(c) * (i + 1) for i, c in enumerate(label)) % 9000
    if field.name.endswith("_json"):  # JSON kept as encrypted text
        return json.dumps({"sentinel": f"Sentinel {label}"})
    if field.name == "risk_flags":  # only the vocabulary's values are kept and shown
        return [RiskFlag.SELF_HARM]
    if label == "support.RiskAssessment.areas":  # {area: {"level", "evidence"}}
        return {"self_harm": {"level": "high", "evidence": f"Sentinel {label}"}}
    if isinstance(field, models.JSONField):
        return [f"Sentinel {label}"]
    if isinstance(field, models.DateField):
        return date(1900, 1, 1) + timedelta(days=unique)
    if isinstance(field, models.IntegerField):
        return 10000 + unique
    return f"Sentinel {label}"


@pytest.fixture
def full_expired_case(people):
    """A closed case past retention with a row of every model that has an encrypted field,
    every encrypted field filled."""
    alex = people.alex
    case = Case.objects.create(team=people.north, assignee=alex, created_by=alex, opened_on=date(2018, 1, 1))
    Person.objects.create(case=case, given_names="Given", name_dob_bidx="ab" * 32, phone_bidx="cd" * 32)
    Consent.objects.create(
        case=case,
        purpose="organisation_sharing",
        organisation="Org",
        decision="given",
        decided_on=D,
        recorded_by=alex,
    )
    referral = Referral.objects.create(
        case=case,
        submitted_on=D,
        first_responder="other",
        first_responder_other="Fro",
        age_at_referral="adult",
        competent_authority="sca",
        rg_due_on=D,
        created_by=alex,
    )
    Decision.objects.create(referral=referral, kind="rg", outcome="positive", decided_on=D, recorded_by=alex)
    PublicOrderDisqualification.objects.create(referral=referral, decided_on=D, recorded_by=alex)
    Withdrawal.objects.create(referral=referral, withdrawn_on=D, recorded_by=alex)
    SupportPeriod.objects.create(
        case=case, provider="other", provider_name="Prov", kind="outreach", start_on=D, recorded_by=alex
    )
    RecoveryNeedsAssessment.objects.create(case=case, due_on=D, recorded_by=alex)
    PermissionToStay.objects.create(case=case, considered_from=D, recorded_by=alex)
    ChildGuardian.objects.create(case=case, referred_on=D, service="ictg", recorded_by=alex)
    LocalAuthorityLead.objects.create(case=case, authority="LA", since=D, recorded_by=alex)
    RiskAssessment.objects.create(
        case=case, assessed_on=D, overall_level="high", next_review_on=D + timedelta(days=7), recorded_by=alex
    )
    proceeding = Proceeding.objects.create(
        case=case, kind="victim_witness", police_force="kent", created_by=alex
    )
    Milestone.objects.create(proceeding=proceeding, kind="reported", on=D, recorded_by=alex)
    Claim.objects.create(case=case, kind="cica", incident_on=D, recorded_by=alex)
    Contact.objects.create(case=case, happened_at=timezone.now(), kind="phone", recorded_by=alex)
    Task.objects.create(case=case, title="t", due_on=D, assignee=alex, created_by=alex)
    interview = ScreeningInterview.objects.create(case=case, version=1, started_by=alex)
    OutcomeRating.objects.create(
        case=case, rated_on=D, occasion="intake", outcome="housing", score=3, recorded_by=alex
    )
    Dependant.objects.create(case=case, relationship="child", recorded_by=alex)
    EntitlementReceived.objects.create(
        case=case, kind="travel", result="received", start_on=D, recorded_by=alex
    )
    ScreeningAmendment.objects.create(
        interview=interview, section="details", reason="r", previous_json="{}", amended_by=alex
    )
    RecordRevision.objects.create(
        case=case, record_kind="claim", record_id=1, version=2, change="corrected", changed_by=alex
    )
    plan = SupportPlan.objects.create(case=case, created_by=alex)
    need = Need.objects.create(plan=plan, domain="housing", added_by=alex)
    Goal.objects.create(plan=plan, need=need, number=1, text="g", added_by=alex)
    PlanReview.objects.create(
        plan=plan, reviewed_on=D, next_review_on=D + timedelta(days=1), recorded_by=alex
    )
    document = Document.objects.create(case=case, kind="other", title="t", added_by=alex)
    DocumentFile.objects.create(
        document=document,
        number=1,
        storage_name="0" * 32,
        wrapped_key=b"k",
        size=1,
        content_type="text/plain",
        extension="txt",
        original_name="n.txt",
        uploaded_by=alex,
    )
    for model, fields in encrypted_fields():
        rows = list(rows_of(model, case))
        assert rows, f"add a {model._meta.label} to this fixture: erasure must be shown to cover it"
        for row in rows:
            for field in fields:
                setattr(row, field.name, sentinel(field))
            row.save()
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_on=date(2018, 2, 1),
        closure_reason="support_completed",
        retention_until=date(2024, 2, 1),
    )
    case.refresh_from_db()
    return case


def test_erasure_blanks_every_encrypted_field_of_every_record(people, full_expired_case):
    case_erase_personal_data(actor=people.morgan, case=full_expired_case)
    left = []
    for model, fields in encrypted_fields():
        for row in rows_of(model, full_expired_case):
            for field in fields:
                if getattr(row, field.name) not in ("", None, [], {}, "{}"):
                    left.append(f"{model._meta.label}.{field.name}")
    assert left == []


def test_the_export_shows_every_encrypted_field_of_every_record(people, full_expired_case):
    """The other half of the same data areas: whatever erasure must blank, the survivor can
    read in their subject access export (a model with an encrypted field that no area
    exports fails here, one that no area erases fails above)."""
    text = subject_access.as_json(subject_access.collect(full_expired_case))
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, fields in encrypted_fields()
        for row in rows_of(model, full_expired_case)
        for field in fields
        if field.name not in NOT_SHOWN.get(model._meta.label, ())
        and not shown(getattr(row, field.name), text)
    ]
    assert missing == [], "\n".join(missing)


def test_rows_that_go_are_overwritten_first(people, full_expired_case):
    with CaptureQueriesContext(connection) as queries:
        case_erase_personal_data(actor=people.morgan, case=full_expired_case)
    sql = [query["sql"].upper() for query in queries.captured_queries]
    for table in (Person, ScreeningAmendment, RecordRevision):
        table = table._meta.db_table
        quoted = f'"{table.upper()}"'
        updates = [i for i, s in enumerate(sql) if s.startswith("UPDATE " + quoted)]
        deletes = [i for i, s in enumerate(sql) if s.startswith("DELETE FROM " + quoted)]  # noqa: S608
        assert updates and deletes, table
        assert max(updates) < min(deletes), f"{table}: deleted before it was overwritten"
    assert not Person.objects.filter(case=full_expired_case).exists()


def heap_tuples(table: str) -> list[bytes]:
    """The data of every row version PostgreSQL still has in a table, live or dead (pageinspect)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        blocks = cursor.fetchone()[0]
        found = []
        for block in range(blocks):
            cursor.execute("SELECT t_data FROM heap_page_items(get_raw_page(%s, %s))", [table, block])
            found += [bytes(data) for (data,) in cursor.fetchall() if data is not None]
    return found


@pytest.fixture
def eager_celery():
    """Queued tasks run in the test, never published: a message left in the broker (and the
    producer pool opened for it) would reach the outbox tests' own worker."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_after_purge_no_row_version_keeps_the_erased_ciphertext(people, eager_celery):
    case = Case.objects.create(team=people.north, created_by=people.alex, opened_on=date(2018, 1, 1))
    Person.objects.create(case=case, given_names="Purgedname", notes="Purged note")
    with connection.cursor() as cursor:
        table = Person._meta.db_table
        cursor.execute(f"SELECT given_names, notes FROM {table} WHERE case_id = %s", [case.pk])  # noqa: S608
        secrets = [bytes(value) for value in cursor.fetchone()]
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_on=date(2018, 2, 1),
        closure_reason="support_completed",
        retention_until=date(2024, 2, 1),
    )
    out = StringIO()
    call_command("purge_expired", "--apply", stdout=out)
    assert "Vacuumed" in out.getvalue()
    versions = heap_tuples(Person._meta.db_table)
    for secret in secrets:
        assert not any(secret in version for version in versions)


def expired_case_with_person(people, **values):
    case = Case.objects.create(team=people.north, created_by=people.alex, opened_on=date(2018, 1, 1))
    Person.objects.create(case=case, **values)
    with connection.cursor() as cursor:
        table = Person._meta.db_table
        cursor.execute(f"SELECT given_names, notes FROM {table} WHERE case_id = %s", [case.pk])  # noqa: S608
        secrets = [bytes(value) for value in cursor.fetchone()]
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_on=date(2018, 2, 1),
        closure_reason="support_completed",
        retention_until=date(2024, 2, 1),
    )
    return case, secrets


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_an_erasure_on_the_retention_page_is_vacuumed_too(people, login, eager_celery):
    """Code review, finding 7: VACUUM ran only in purge_expired --apply, so an erasure from
    the Retention page left the old ciphertext in dead row versions until autovacuum."""
    case, secrets = expired_case_with_person(people, given_names="Pagename", notes="Page note")
    response = login(people.morgan).post(reverse("retention"), {"cases": [case.reference], "confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(case=case).exists()
    versions = heap_tuples(Person._meta.db_table)
    for secret in secrets:
        assert not any(secret in version for version in versions)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_an_erasure_stands_when_its_vacuum_cannot_be_queued(people, login, monkeypatch):
    def broker_down():
        raise ConnectionError("broker unavailable")

    monkeypatch.setattr(tasks.vacuum_erased_tables, "delay", broker_down)
    case, _secrets = expired_case_with_person(people, given_names="Stays", notes="Erased")
    response = login(people.morgan).post(reverse("retention"), {"cases": [case.reference], "confirm": "on"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).erased_at is not None


def test_sqlite_overwrites_what_is_deleted(tmp_path):
    """On `make run`'s SQLite, secure_delete is on: a deleted value does not stay in the
    database file's free space (after a checkpoint moves the WAL's pages into the file).
    The connection is set up as Django sets up the project's (its init_command)."""
    path = tmp_path / "demo.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    try:
        # Debian builds SQLite with secure_delete on by default; others (python.org's macOS
        # builds, for one) do not: start from off, so the setting itself is what is tested.
        db.execute("PRAGMA secure_delete=OFF")
        db.executescript(project_settings.SQLITE_OPTIONS["init_command"])
        assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO person (name) VALUES ('Securedeletename'), ('Another')")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert b"Securedeletename" in path.read_bytes()
        db.execute("DELETE FROM person WHERE name = 'Securedeletename'")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    assert b"Securedeletename" not in path.read_bytes()
    assert b"Another" in path.read_bytes()
