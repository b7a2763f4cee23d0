"""Two people edit the same record in two tabs: the second save never silently undoes the
first. One generated test per edit form (every correctable record and the survivor's
details), plus the scenario of the issue."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, RecordRevision
from casework.vocabularies import AuditAction
from justice.services import claims, milestones, proceedings
from support.models import (
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    SupportPeriod,
    Withdrawal,
)
from tests.corrections.helpers import date_parts, post_data
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory

TODAY = timezone.localdate


def test_the_issue_two_tabs_editing_the_survivors_details(people, login, alex_case):
    """Tab 1 changes phone and safe times; tab 2 changes the address. Tab 2's save is refused
    with who changed what; its address is kept and the new phone is not put back."""
    client = login(people.alex)
    url = reverse("case_edit", args=[alex_case.reference])
    tab1 = post_data(client.get(url).context["form"])
    tab2 = post_data(client.get(url).context["form"])
    assert (
        client.post(url, {**tab1, "phone": "07700 900111", "safe_contact_times": "Evenings"}).status_code
        == 302
    )

    client = login(people.morgan)
    response = client.post(url, {**tab2, "address": "1 New Street"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "while you were editing" in page and "Alex" in page
    assert "Phone number" in page and "Safe times to make contact" in page
    alex_case.person.refresh_from_db()
    assert alex_case.person.address == ""  # nothing written
    assert alex_case.person.phone == "07700 900111"
    again = post_data(response.context["form"])
    assert again["address"] == "1 New Street"  # their typing kept
    assert again["phone"] == "07700 900111"  # the other person's change not undone
    assert client.post(url, again).status_code == 302
    alex_case.person.refresh_from_db()
    assert (alex_case.person.phone, alex_case.person.safe_contact_times, alex_case.person.address) == (
        "07700 900111",
        "Evenings",
        "1 New Street",
    )
    updates = AuditEvent.objects.filter(action=AuditAction.CASE_UPDATED)
    assert updates.count() == 2
    assert all("07700" not in str(e.fields) and "Street" not in str(e.fields) for e in updates)


def test_a_double_submitted_edit_is_saved_once_without_a_conflict(people, login, alex_case):
    client = login(people.alex)
    url = reverse("case_edit", args=[alex_case.reference])
    data = {**post_data(client.get(url).context["form"]), "phone": "07700 900222"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same values again: nothing lost
    assert RecordRevision.objects.filter(record_kind="person").count() == 1


@dataclass
class Edit:
    url_name: str
    make: object  # (people, case) -> record
    first: object  # (record) -> dict of changed POST values (tab 1)
    second: object  # (record) -> dict of changed POST values (tab 2)
    read: object  # (record) -> (value tab 1 changed, value tab 2 changed)


def _referral(people, case):
    ConsentFactory(case=case, decided_on=TODAY() - timedelta(days=90))
    return ReferralFactory(case=case, created_by=people.alex)


def _decision(people, case):
    return DecisionFactory(referral=_referral(people, case), recorded_by=people.alex)


def _negative(people, case):
    decision = DecisionFactory(referral=_referral(people, case), outcome="negative", recorded_by=people.alex)
    return Reconsideration.objects.create(
        decision=decision, requested_on=decision.decided_on, recorded_by=people.alex
    )


def _proceeding(people, case):
    return proceedings.proceeding_record(
        actor=people.alex, case=case, kind="victim_witness", police_force="kent"
    )


def _day(n):
    return TODAY() - timedelta(days=n)


EDITS = {
    "proceeding": Edit(
        "proceeding_change",
        _proceeding,
        lambda r: {"officer_in_charge": "DC One"},
        lambda r: {"notes": "Second note"},
        lambda r: (r.officer_in_charge, r.notes),
    ),
    "milestone": Edit(
        "milestone_change",
        lambda p, c: milestones.milestone_record(
            actor=p.alex, proceeding=_proceeding(p, c), kind="reported", on=_day(9)
        ),
        # The Change page of a step shows that step's own fields: a report has a date and notes.
        lambda r: date_parts("on", _day(8)),
        lambda r: {"notes": "Second note"},
        lambda r: (r.on, r.notes),
    ),
    "claim": Edit(
        "claim_change",
        lambda p, c: claims.claim_record(
            actor=p.alex, case=c, kind="cica", incident_on=_day(100), outcome="pending"
        ),
        lambda r: {"amount": "150.00"},
        lambda r: {"notes": "Second note"},
        lambda r: (str(r.amount), r.notes),
    ),
    "referral": Edit(
        "nrm_referral_change",
        _referral,
        lambda r: {"nrm_reference": "NRM-1"},
        lambda r: {"nation": "SCT"},
        lambda r: (r.nrm_reference, r.nation),
    ),
    "decision": Edit(
        "nrm_decision_change",
        _decision,
        lambda r: {"notes": "First note"},
        lambda r: date_parts("served_on", r.decided_on + timedelta(days=1)),
        lambda r: (r.notes, r.served_on is not None),
    ),
    "reconsideration": Edit(
        "nrm_reconsideration_change",
        _negative,
        lambda r: {"outcome": "upheld", **date_parts("outcome_on", r.requested_on + timedelta(days=2))},
        lambda r: date_parts("requested_on", r.requested_on + timedelta(days=1)),
        lambda r: (r.outcome, r.requested_on == r.decision.decided_on + timedelta(days=1)),
    ),
    "disqualification": Edit(
        "nrm_disqualification_change",
        lambda p, c: PublicOrderDisqualification.objects.create(
            referral=_decision(p, c).referral, decided_on=_day(2), ground="bad_faith", recorded_by=p.alex
        ),
        lambda r: {"notes": "First note"},
        lambda r: date_parts("decided_on", _day(1)),
        lambda r: (r.notes, r.decided_on == _day(1)),
    ),
    "withdrawal": Edit(
        "nrm_withdrawal_change",
        lambda p, c: Withdrawal.objects.create(
            referral=_referral(p, c), withdrawn_on=_day(2), recorded_by=p.alex
        ),
        lambda r: {"notes": "First note"},
        lambda r: date_parts("withdrawn_on", _day(1)),
        lambda r: (r.notes, r.withdrawn_on == _day(1)),
    ),
    "support_period": Edit(
        "support_period_change",
        lambda p, c: SupportPeriod.objects.create(
            case=c, provider="vcc", kind="outreach", start_on=_day(50), recorded_by=p.alex
        ),
        lambda r: {"notes": "First note"},
        lambda r: {"provider_name": "Second name"},
        lambda r: (r.notes, r.provider_name),
    ),
    "needs_assessment": Edit(
        "needs_assessment_change",
        lambda p, c: RecoveryNeedsAssessment.objects.create(case=c, due_on=_day(5), recorded_by=p.alex),
        lambda r: {"needs": "First note"},
        lambda r: date_parts("next_review_on", _day(-30)),
        lambda r: (r.needs, r.next_review_on == _day(-30)),
    ),
    "permission_to_stay": Edit(
        "permission_to_stay_change",
        lambda p, c: PermissionToStay.objects.create(case=c, considered_from=_day(20), recorded_by=p.alex),
        lambda r: {"notes": "First note"},
        lambda r: date_parts("considered_from", _day(10)),
        lambda r: (r.notes, r.considered_from == _day(10)),
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_second_correction_never_silently_undoes_the_first(people, login, alex_case, name):
    edit = EDITS[name]
    record = edit.make(people, alex_case)
    url = reverse(edit.url_name, args=[alex_case.reference, record.pk])
    client = login(people.alex)
    tab1 = post_data(client.get(url).context["form"])
    tab2 = post_data(client.get(url).context["form"])
    first = client.post(url, {**tab1, **edit.first(record), "reason": "Typo"})
    assert first.status_code == 302, first.context["form"].errors
    record.refresh_from_db()
    first_value = edit.read(record)[0]

    client = login(people.morgan)
    second = client.post(url, {**tab2, **edit.second(record), "reason": "Letter arrived"})
    assert second.status_code == 200
    assert "while you were editing" in second.content.decode()
    record.refresh_from_db()
    before_second = edit.read(record)
    assert before_second[0] == first_value  # nothing written by the second save

    again = {**post_data(second.context["form"]), "reason": "Letter arrived"}
    third = client.post(url, again)
    assert third.status_code == 302, third.context["form"].errors
    record.refresh_from_db()
    assert edit.read(record)[0] == first_value  # the first person's change survives
    assert edit.read(record)[1] != before_second[1]  # and the second person's is saved
    revisions = RecordRevision.objects.filter(record_id=record.pk).exclude(record_kind="person")
    assert {r.reason for r in revisions} == {"Typo", "Letter arrived"}
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_CORRECTED).count() == 2


@pytest.mark.parametrize("name", sorted(EDITS))
def test_changing_or_removing_a_recorded_value_needs_a_reason(people, login, alex_case, name):
    edit = EDITS[name]
    record = edit.make(people, alex_case)
    url = reverse(edit.url_name, args=[alex_case.reference, record.pk])
    client = login(people.alex)
    original = post_data(client.get(url).context["form"])
    first = edit.first(record)
    assert client.post(url, {**original, **first, "reason": "Typo"}).status_code == 302
    record.refresh_from_db()
    recorded = edit.read(record)[0]
    now = post_data(client.get(url).context["form"])
    response = client.post(url, {**now, **{key: original[key] for key in first}, "reason": ""})
    assert response.status_code == 200
    assert "Enter why this is being corrected" in response.content.decode()
    record.refresh_from_db()
    assert edit.read(record)[0] == recorded


def test_filling_in_a_blank_needs_no_reason(people, login, alex_case):
    """The NRM reference arrives weeks after the referral: adding it is not a correction."""
    referral = EDITS["referral"].make(people, alex_case)
    url = reverse("nrm_referral_change", args=[alex_case.reference, referral.pk])
    client = login(people.alex)
    data = {**post_data(client.get(url).context["form"]), "nrm_reference": "NRM-77", "reason": ""}
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.nrm_reference == "NRM-77"
    assert RecordRevision.objects.get().change == "changed"


def test_an_edit_form_without_its_version_is_refused_not_saved(people, login, alex_case):
    client = login(people.alex)
    url = reverse("case_edit", args=[alex_case.reference])
    data = {**post_data(client.get(url).context["form"]), "phone": "07700 900333"}
    del data["version"]
    response = client.post(url, data)
    assert response.status_code == 200 and "out of date" in response.content.decode()
    alex_case.person.refresh_from_db()
    assert alex_case.person.phone == ""


@dataclass
class Update:
    """A form that records more on an existing record (no reason needed)."""

    url_name: str
    make: object  # (people, case) -> (record, url args after the reference)
    first: dict
    second: dict
    read: object


def _update_cases():
    def served(p, c):
        decision = _decision(p, c)
        return decision, [decision.pk]

    def outcome(p, c):
        reconsideration = _negative(p, c)
        return reconsideration, [reconsideration.decision.pk]

    def period(p, c):
        record = SupportPeriod.objects.create(
            case=c, provider="vcc", kind="outreach", start_on=_day(50), recorded_by=p.alex
        )
        return record, [record.pk]

    def consent(p, c):
        record = ConsentFactory(case=c, purpose="police_sharing", decided_on=_day(40))
        return record, [record.pk]

    def engagement(p, c):
        record = _proceeding(p, c)
        return record, [record.pk]

    def disqualification(p, c):
        record = PublicOrderDisqualification.objects.create(
            referral=_decision(p, c).referral,
            decided_on=_day(3),
            ground="public_order",
            reconsideration_requested_on=_day(2),
            reconsideration_outcome="pending",
            recorded_by=p.alex,
        )
        return record, []  # the page is the case's latest referral's disqualification

    return {
        "served": Update(
            "nrm_decision_served",
            served,
            date_parts("served_on", _day(2)),
            date_parts("served_on", _day(1)),
            lambda r: r.served_on,
        ),
        "reconsideration_outcome": Update(
            "nrm_reconsideration_outcome",
            outcome,
            {"outcome": "upheld", **date_parts("outcome_on", _day(0))},
            {"outcome": "overturned", **date_parts("outcome_on", _day(0))},
            lambda r: r.outcome,
        ),
        "support_end": Update(
            "support_period_end",
            period,
            {"end_reason": "planned_end", **date_parts("end_on", _day(2))},
            {"end_reason": "planned_end", **date_parts("end_on", _day(1))},
            lambda r: r.end_on,
        ),
        "consent_withdraw": Update(
            "consent_withdraw",
            consent,
            date_parts("withdrawn_on", _day(2)),
            date_parts("withdrawn_on", _day(1)),
            lambda r: r.withdrawn_on,
        ),
        "disqualification_reconsideration": Update(
            "nrm_disqualification_reconsider",
            disqualification,
            {"reconsideration_outcome": "upheld", **date_parts("reconsideration_outcome_on", _day(1))},
            {"reconsideration_outcome": "overturned", **date_parts("reconsideration_outcome_on", _day(0))},
            lambda r: r.reconsideration_outcome,
        ),
        "engagement": Update(
            "engagement_edit",
            engagement,
            {"engagement": "paused", "reason": "trauma", **date_parts("changed_on", _day(2))},
            {"engagement": "withdrawn", "reason": "fear_of_reprisals", **date_parts("changed_on", _day(1))},
            lambda r: r.engagement,
        ),
    }


UPDATES = _update_cases()


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_a_second_update_of_the_same_record_is_told_not_silent(people, login, alex_case, name):
    """Two people record the same thing differently in two tabs: the second is told, and
    the first one's answer stays until the second chooses to replace it."""
    update = UPDATES[name]
    record, args = update.make(people, alex_case)
    url = reverse(update.url_name, args=[alex_case.reference, *args])
    client = login(people.alex)
    tab1 = post_data(client.get(url).context["form"])
    tab2 = post_data(client.get(url).context["form"])
    assert client.post(url, {**tab1, **update.first}).status_code == 302
    record.refresh_from_db()
    first_value = update.read(record)
    response = login(people.morgan).post(url, {**tab2, **update.second})
    assert response.status_code == 200
    page = response.content.decode()
    assert "while you were editing" in page or "already" in page
    record.refresh_from_db()
    assert update.read(record) == first_value
