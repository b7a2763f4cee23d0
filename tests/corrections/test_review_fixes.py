"""Review findings on corrections: the version a deletion checks, what a deletion keeps,
the history on its own page, removing values entered on the wrong case, the "record"
pages that must not overwrite, and a referral's date against the support after it."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, RecordRevision
from casework.services import versioning
from casework.services.conflicts import EditConflict
from casework.services.history import case_revisions, history_export_section, history_rows
from casework.vocabularies import AuditAction
from justice.services import claims
from screening import services as screening_services
from support.models import Reconsideration, SupportPeriod
from support.services import support_periods
from support.services.decisions import (
    decision_change,
    decision_delete,
    decision_record,
    decision_update_served,
)
from support.services.reconsiderations import reconsideration_conclude, reconsideration_request
from tests.corrections.helpers import date_parts, post_data
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory


def _day(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def rg(people, alex_case):
    ConsentFactory(case=alex_case, decided_on=_day(120))
    referral = ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=_day(60))
    return DecisionFactory(referral=referral, decided_on=_day(50), recorded_by=people.alex)


def _correct_notes(people, rg, notes, reason="Typed on the wrong case"):
    return decision_change(
        actor=people.alex,
        decision=rg,
        version=rg.version,
        reason=reason,
        outcome=rg.outcome,
        decided_on=rg.decided_on,
        served_on=rg.served_on,
        before_recovery_end=False,
        notes=notes,
    )


# Finding 9: a deletion checks the kind's own version column and keeps every field.


def test_a_deletion_checks_the_kinds_own_version_column(people, alex_case):
    interview = screening_services.interview_start(actor=people.alex, case=alex_case)
    screening_services.interview_save_section(
        actor=people.alex, interview=interview, section="details", answers={"place": "A"}, complete=False
    )
    interview.refresh_from_db()
    assert interview.edit_version == 2 and interview.version == 1  # edition 1, edited once
    with pytest.raises(EditConflict):
        versioning.delete_record(
            actor=people.alex,
            kind="screening",
            record=interview,
            case=alex_case,
            expected_version=1,
            reason="x",
        )
    assert versioning.delete_record(
        actor=people.alex, kind="screening", record=interview, case=alex_case, expected_version=2, reason="x"
    )


def test_a_deletion_keeps_every_field_the_record_held_not_only_the_forms(people, rg):
    decision_delete(actor=people.alex, decision=rg, version=rg.version, reason="Wrong referral")
    revision = RecordRevision.objects.get(change="deleted")
    kept = json.loads(revision.previous_json)
    assert kept["recorded_by"] == people.alex.pk and kept["referral"] == rg.referral_id
    assert "id" not in kept and "version" not in kept


# Finding 10: the history has its own audited, paginated page.


def test_the_case_page_links_to_the_history_and_shows_no_earlier_values(people, login, rg):
    _correct_notes(people, rg, "New note", reason="Misread letter")
    client = login(people.alex)
    case = rg.referral.case
    page = client.get(reverse("case_details", args=[case.reference])).content.decode()
    assert reverse("case_history", args=[case.reference]) in page and "Misread letter" not in page
    history = client.get(reverse("case_history", args=[case.reference]))
    assert history.status_code == 200 and "Misread letter" in history.content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).latest("id")
    assert event.fields == ["case_history"]


@pytest.mark.parametrize(
    ("who", "expected"), [("alex", 200), ("morgan", 200), ("blake", 404), ("riley", 404)]
)
def test_only_those_who_may_see_the_case_see_its_history(people, login, rg, who, expected):
    client = login(getattr(people, who))
    assert client.get(reverse("case_history", args=[rg.referral.case.reference])).status_code == expected


def test_the_history_is_paginated(people, login, rg, monkeypatch):
    from casework.views import history

    monkeypatch.setattr(history, "HISTORY_PAGE_SIZE", 2)
    for n in range(3):
        _correct_notes(people, rg, f"Note {n}", reason=f"Reason {n}")
        rg.refresh_from_db()
    client = login(people.alex)
    url = reverse("case_history", args=[rg.referral.case.reference])
    first = client.get(url)
    assert first.context["page"].paginator.count == 3 and len(first.context["rows"]) == 2
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 1
    assert client.get(url, {"page": "junk"}).status_code == 200


def test_the_history_looks_up_each_person_once_not_once_per_row(people, rg, django_assert_max_num_queries):
    for n in range(5):
        decision_delete(actor=people.alex, decision=rg, version=rg.version, reason=f"r{n}")
        rg = DecisionFactory(referral=rg.referral, decided_on=_day(50), recorded_by=people.alex)
    with django_assert_max_num_queries(3):  # the revisions, then each model pointed at, once
        rows = history_rows(case_revisions(rg.referral.case))
    assert len(rows) == 5


# Finding 3: values entered on the wrong case can be removed, by a manager, audited.


def test_a_manager_removes_earlier_values_entered_on_the_wrong_case(people, login, rg):
    _correct_notes(people, rg, "Right note", reason="Zorbaquintessa is another survivor")
    rg.refresh_from_db()
    with_values = RecordRevision.objects.get()
    assert "Zorbaquintessa" not in rg.notes
    case = rg.referral.case
    url = reverse("case_history_remove", args=[case.reference, with_values.pk])
    assert login(people.alex).post(url, {"confirm": "yes"}).status_code == 404  # caseworker: no
    client = login(people.morgan)
    assert client.get(url).status_code == 200
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    revision = RecordRevision.objects.get()
    assert revision.previous_json == "{}" and revision.reason == ""
    assert revision.values_removed_by == people.morgan and revision.values_removed_at is not None
    assert revision.fields == ["notes"]  # the bare fact stays
    page = client.get(reverse("case_history", args=[case.reference])).content.decode()
    assert "Zorbaquintessa" not in page and "entered on the wrong case" in page
    rows = history_export_section(case)
    assert rows == []
    event = AuditEvent.objects.filter(action=AuditAction.RECORD_CORRECTED).latest("id")
    assert event.fields == ["decision", "values_removed_at"]
    assert client.post(url, {"confirm": "yes"}).status_code == 302  # again: harmless


def test_another_teams_manager_cannot_remove_earlier_values(people, login, rg):
    _correct_notes(people, rg, "Right note")
    revision = RecordRevision.objects.get()
    url = reverse("case_history_remove", args=[rg.referral.case.reference, revision.pk])
    assert login(people.riley).post(url, {"confirm": "yes"}).status_code == 404
    assert RecordRevision.objects.get().previous_json != "{}"


# Finding 2: the "record" pages do not overwrite a value already recorded.


def test_the_served_date_page_refuses_to_overwrite_a_recorded_date(people, rg):
    decision_update_served(actor=people.alex, decision=rg, served_on=_day(45), version=rg.version)
    rg.refresh_from_db()
    with pytest.raises(ValidationError, match="Correct the decision"):
        decision_update_served(actor=people.alex, decision=rg, served_on=_day(44), version=rg.version)
    rg.refresh_from_db()
    assert rg.served_on == _day(45)


def _negative_rg_overturned_with_cg(people, alex_case):
    ConsentFactory(case=alex_case, decided_on=_day(120))
    referral = ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=_day(200))
    rg = DecisionFactory(referral=referral, decided_on=_day(190), outcome="negative", recorded_by=people.alex)
    reconsideration = reconsideration_request(actor=people.alex, decision=rg, requested_on=_day(185))
    reconsideration_conclude(
        actor=people.alex, reconsideration=reconsideration, outcome="overturned", outcome_on=_day(180)
    )
    decision_record(actor=people.alex, referral=referral, kind="cg", outcome="positive", decided_on=_day(10))
    return Reconsideration.objects.get()


def test_the_outcome_page_refuses_to_overwrite_a_recorded_outcome(people, alex_case):
    reconsideration = _negative_rg_overturned_with_cg(people, alex_case)
    with pytest.raises(ValidationError) as error:
        reconsideration_conclude(
            actor=people.alex,
            reconsideration=reconsideration,
            outcome="upheld",
            outcome_on=_day(180),
            version=reconsideration.version,
        )
    assert "Correct the reconsideration" in str(error.value)
    assert Reconsideration.objects.get().outcome == "overturned"


def test_the_outcome_page_keeps_a_cg_with_its_positive_rg(people, alex_case, monkeypatch):
    reconsideration = _negative_rg_overturned_with_cg(people, alex_case)
    # Even a pending reconsideration (say, recorded before the rule) cannot be upheld under a CG.
    Reconsideration.objects.filter(pk=reconsideration.pk).update(outcome="pending", outcome_on=None)
    reconsideration.refresh_from_db()
    with pytest.raises(ValidationError, match="CG decision needs a positive RG"):
        reconsideration_conclude(
            actor=people.alex,
            reconsideration=reconsideration,
            outcome="upheld",
            outcome_on=_day(180),
            version=reconsideration.version,
        )


def test_the_end_of_support_page_is_refused_once_ended(people, alex_case):
    period = SupportPeriod.objects.create(
        case=alex_case, provider="vcc", kind="outreach", start_on=_day(40), recorded_by=people.alex
    )
    support_periods.support_period_end(
        actor=people.alex, period=period, end_on=_day(5), end_reason="planned_end", version=period.version
    )
    period.refresh_from_db()
    with pytest.raises(ValidationError, match="already ended"):
        support_periods.support_period_end(
            actor=people.alex, period=period, end_on=_day(4), end_reason="planned_end", version=period.version
        )


def test_a_submitted_claim_cannot_be_resubmitted_on_another_date_from_the_settle_page(people, alex_case):
    from justice.models import Claim

    claim = Claim.objects.create(case=alex_case, kind="cica", incident_on=_day(300), recorded_by=people.alex)
    claims.claim_settle(
        actor=people.alex, claim=claim, version=claim.version, progress="submitted", submitted_on=_day(20)
    )
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="Correct the claim"):
        claims.claim_settle(
            actor=people.alex, claim=claim, version=claim.version, progress="submitted", submitted_on=_day(19)
        )
    claim.refresh_from_db()
    assert claim.submitted_on == _day(20)


# A referral's date against the support that must start on or after it.


def test_a_referral_cannot_be_moved_after_the_support_that_followed_it(people, login, alex_case):
    ConsentFactory(case=alex_case, decided_on=_day(120))
    referral = ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=_day(60))
    SupportPeriod.objects.create(
        case=alex_case, provider="vcc", kind="outreach", start_on=_day(50), recorded_by=people.alex
    )
    client = login(people.alex)
    url = reverse("nrm_referral_change", args=[alex_case.reference, referral.pk])
    data = {
        **post_data(client.get(url).context["form"]),
        **date_parts("submitted_on", _day(40)),
        "reason": "x",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Support cannot start before the NRM referral was submitted" in response.content.decode()
    referral.refresh_from_db()
    assert referral.submitted_on == _day(60)
