"""Erasure at the end of retention covers every encrypted field of every record of a case,
whichever app added it, and overwrites a row before deleting it."""

from datetime import date

import pytest
from django.core.exceptions import FieldError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from casework import services
from casework.key_rotation import encrypted_fields
from casework.models import Case, Claim, Consent, Milestone, Person, Proceeding
from screening.models import ScreeningAmendment, ScreeningInterview
from support.models import (
    Decision,
    PermissionToStay,
    PublicOrderDisqualification,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
    Withdrawal,
)

PATHS_TO_CASE = ("case", "referral__case", "proceeding__case", "interview__case")
D = date(2018, 3, 1)


def rows_of(model, case):
    for path in PATHS_TO_CASE:
        try:
            return model.objects.filter(**{path: case})
        except FieldError:  # not this model's path
            pass
    raise AssertionError(f"{model._meta.label}: no path to its case")


def sentinel(field):
    if isinstance(field, models.JSONField):
        return ["sentinel"]
    if isinstance(field, models.DateField):
        return date(1990, 1, 1)
    if isinstance(field, models.IntegerField):
        return 42
    return "Sentinelvalue"


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
    proceeding = Proceeding.objects.create(
        case=case, kind="victim_witness", police_force="kent", created_by=alex
    )
    Milestone.objects.create(proceeding=proceeding, kind="reported", on=D, recorded_by=alex)
    Claim.objects.create(case=case, kind="cica", incident_on=D, recorded_by=alex)
    interview = ScreeningInterview.objects.create(case=case, version=1, started_by=alex)
    ScreeningAmendment.objects.create(
        interview=interview, section="details", reason="r", previous_json="{}", amended_by=alex
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
    services.case_erase_personal_data(actor=people.morgan, case=full_expired_case)
    left = []
    for model, fields in encrypted_fields():
        for row in rows_of(model, full_expired_case):
            for field in fields:
                if getattr(row, field.name) not in ("", None, [], {}, "{}"):
                    left.append(f"{model._meta.label}.{field.name}")
    assert left == []


def test_rows_that_go_are_overwritten_first(people, full_expired_case):
    with CaptureQueriesContext(connection) as queries:
        services.case_erase_personal_data(actor=people.morgan, case=full_expired_case)
    sql = [query["sql"].upper() for query in queries.captured_queries]
    for table in (Person._meta.db_table, ScreeningAmendment._meta.db_table):
        quoted = f'"{table.upper()}"'
        updates = [i for i, s in enumerate(sql) if s.startswith("UPDATE " + quoted)]
        deletes = [i for i, s in enumerate(sql) if s.startswith("DELETE FROM " + quoted)]  # noqa: S608
        assert updates and deletes, table
        assert max(updates) < min(deletes), f"{table}: deleted before it was overwritten"
    assert not Person.objects.filter(case=full_expired_case).exists()
