"""Correcting what was recorded: the rules of recording still hold, the earlier values stay
in the history (encrypted), the audit names fields only, and a settled claim leaves
"My work" and the reminders."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, RecordRevision
from casework.services.record_kinds import KINDS
from casework.vocabularies import AuditAction
from justice.models import Claim
from justice.services import claims, milestones, proceedings
from support.models import Decision, Referral, SupportPeriod
from support.services import support_periods
from support.services.decisions import decision_change, decision_delete
from support.services.referrals import referral_delete
from tests.corrections.helpers import date_parts, post_data
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory
from tests.oversight.test_reminders import emails_to


def _day(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def rg(people, alex_case):
    ConsentFactory(case=alex_case, decided_on=_day(120))
    referral = ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=_day(60))
    return DecisionFactory(referral=referral, decided_on=_day(50), recorded_by=people.alex)


def test_a_decision_cannot_be_moved_before_its_referral(people, rg):
    with pytest.raises(ValidationError) as error:
        decision_change(
            actor=people.alex,
            decision=rg,
            version=rg.version,
            reason="Typo",
            outcome="positive",
            decided_on=_day(61),
            served_on=None,
            before_recovery_end=False,
            notes="",
        )
    assert "before the referral was submitted" in str(error.value)
    rg.refresh_from_db()
    assert rg.decided_on == _day(50) and not RecordRevision.objects.exists()


def test_a_referral_cannot_be_moved_after_its_decision(people, login, rg):
    client = login(people.alex)
    url = reverse("nrm_referral_change", args=[rg.referral.case.reference, rg.referral.pk])
    data = {
        **post_data(client.get(url).context["form"]),
        **date_parts("submitted_on", _day(40)),
        "reason": "x",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Reasonable Grounds (RG) decision” is dated" in response.content.decode()
    assert Referral.objects.get().submitted_on == _day(60)


def test_an_rg_cannot_turn_negative_under_its_cg(people, rg):
    DecisionFactory(referral=rg.referral, kind="cg", decided_on=_day(10), recorded_by=people.alex)
    with pytest.raises(ValidationError, match="CG decision needs a positive RG"):
        decision_change(
            actor=people.alex,
            decision=rg,
            version=rg.version,
            reason="x",
            outcome="negative",
            decided_on=rg.decided_on,
            served_on=None,
            before_recovery_end=False,
            notes="",
        )


def test_a_step_cannot_be_left_without_the_step_it_needs(people, alex_case):
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    report = milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind="reported", on=_day(30)
    )
    milestones.milestone_record(actor=people.alex, proceeding=proceeding, kind="crime_recorded", on=_day(20))
    with pytest.raises(ValidationError, match="would be left without"):
        milestones.milestone_delete(actor=people.alex, milestone=report, version=report.version, reason="x")
    with pytest.raises(ValidationError, match="would be left without"):
        milestones.milestone_change(
            actor=people.alex,
            milestone=report,
            version=report.version,
            reason="x",
            kind="reported",
            on=_day(10),
            outcome="",
            survivor_told_on=None,
            defendant="",
            custody_months=None,
            amount=None,
            notes="",
        )


def test_a_correction_keeps_the_earlier_values_encrypted_and_audits_field_names(people, login, rg):
    client = login(people.alex)
    case = rg.referral.case
    url = reverse("nrm_decision_change", args=[case.reference, rg.pk])
    data = {
        **post_data(client.get(url).context["form"]),
        "notes": "Corrected note",
        "reason": "Misread letter",
    }
    assert client.post(url, data).status_code == 302
    revision = RecordRevision.objects.get()
    assert revision.fields == ["notes"] and revision.reason == "Misread letter"
    assert revision.changed_by == people.alex
    with connection.cursor() as cursor:
        cursor.execute("SELECT previous_json, reason FROM casework_recordrevision")
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert "Misread" not in stored
    event = AuditEvent.objects.get(action=AuditAction.RECORD_CORRECTED)
    assert event.fields == ["decision.notes"] and "Corrected" not in str(event.fields)
    page = client.get(reverse("case_history", args=[case.reference])).content.decode()
    assert "History of changes and corrections" in page and "Misread letter" in page


def test_deleting_a_record_made_in_error_keeps_it_in_the_history(people, login, alex_case):
    period = SupportPeriod.objects.create(
        case=alex_case,
        provider="vcc",
        kind="outreach",
        start_on=_day(40),
        notes="Wrong case",
        recorded_by=people.alex,
    )
    client = login(people.alex)
    url = reverse("support_period_delete", args=[alex_case.reference, period.pk])
    data = {**post_data(client.get(url).context["form"]), "reason": "Recorded on the wrong case"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submission is harmless
    assert not SupportPeriod.objects.exists()
    revision = RecordRevision.objects.get()
    assert revision.change == "deleted" and "Wrong case" in revision.previous_json
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_DELETED).count() == 1
    page = client.get(reverse("case_history", args=[alex_case.reference])).content.decode()
    assert "Deleted: Period of support" in page and "Recorded on the wrong case" in page


def test_a_referral_with_decisions_cannot_be_deleted(people, rg):
    with pytest.raises(ValidationError, match="decisions"):
        referral_delete(actor=people.alex, referral=rg.referral, version=1, reason="x")
    decision_delete(actor=people.alex, decision=rg, version=1, reason="Wrong referral")
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["blake", "riley", "sam"])
def test_correction_pages_are_not_found_for_those_who_may_not_see_the_case(people, login, rg, who):
    client = login(getattr(people, who))
    ref = rg.referral.case.reference
    for url in (
        reverse("nrm_decision_change", args=[ref, rg.pk]),
        reverse("nrm_decision_delete", args=[ref, rg.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x", "version": "1"}).status_code == 404
    assert Decision.objects.filter(pk=rg.pk).exists()


@pytest.fixture
def claim_due(people, alex_case):
    # A CICA claim must be made within 2 years: one recorded 23 months ago is due soon. An adult
    # date of birth: a CICA time limit reads it (a child's runs to the 20th birthday).
    alex_case.person.date_of_birth = date(1990, 1, 1)
    alex_case.person.save()
    return claims.claim_record(
        actor=people.alex, case=alex_case, kind="cica", incident_on=_day(700), outcome="pending"
    )


@pytest.mark.parametrize(
    ("progress", "extra", "outcome"),
    [
        ("submitted", True, "pending"),
        ("withdrawn", False, "withdrawn"),
        ("not_pursued", False, "not_pursued"),
    ],
)
def test_a_settled_claim_leaves_my_work_and_the_reminders(
    people, login, alex_case, claim_due, progress, extra, outcome
):
    client = login(people.alex)
    assert "claim must be made by" in client.get(reverse("home")).content.decode()
    url = reverse("claim_settle", args=[alex_case.reference, claim_due.pk])
    data = {**post_data(client.get(url).context["form"]), "progress": progress}
    if extra:
        data.update(date_parts("submitted_on", _day(1)))
    assert client.post(url, data).status_code == 302
    claim = Claim.objects.get()
    assert claim.outcome == outcome and (claim.submitted_on is not None) == extra
    assert "claim must be made by" not in client.get(reverse("home")).content.decode()
    emails = emails_to(people.alex, timezone.localdate())
    assert not any(item.get("kind") == "claim_deadline" for email in emails for item in email.items)


def test_a_claim_marked_submitted_needs_its_date(people, login, alex_case, claim_due):
    client = login(people.alex)
    url = reverse("claim_settle", args=[alex_case.reference, claim_due.pk])
    data = {**post_data(client.get(url).context["form"]), "progress": "submitted"}
    response = client.post(url, data)
    assert (
        response.status_code == 200 and "Enter the date the claim was submitted" in response.content.decode()
    )


def test_the_case_page_has_change_and_delete_links_for_recorded_items(people, login, rg):
    case = rg.referral.case
    claims.claim_record(actor=people.alex, case=case, kind="cica", incident_on=_day(10), outcome="pending")
    support_periods.support_period_record(
        actor=people.alex, case=case, provider="vcc", kind="outreach", start_on=_day(40)
    )
    client = login(people.alex)
    # The case's NRM, Support and Justice pages, where these records are.
    page = "".join(
        client.get(reverse(name, args=[case.reference])).content.decode()
        for name in ("case_nrm", "case_support", "case_justice")
    )
    for name, pk in [
        ("nrm_referral_change", rg.referral.pk),
        ("nrm_decision_change", rg.pk),
        ("nrm_decision_delete", rg.pk),
        ("claim_change", Claim.objects.get().pk),
        ("claim_settle", Claim.objects.get().pk),
        ("support_period_change", SupportPeriod.objects.get().pk),
    ]:
        assert reverse(name, args=[case.reference, pk]) in page, name


def test_history_names_each_kind_and_field_for_people():
    kind = KINDS["decision"]
    assert kind.label("decided_on") == "Date of the decision"
    assert kind.display("outcome", "positive") == "Positive"
    assert kind.display("served_on", "2026-01-02") == "2 January 2026"


def test_the_history_is_in_the_subject_access_export_and_goes_at_erasure(people, rg):
    from casework.services import subject_access
    from casework.services.retention import case_erase_personal_data

    case = rg.referral.case
    decision_change(
        actor=people.alex,
        decision=rg,
        version=rg.version,
        reason="Misread letter",
        outcome="positive",
        decided_on=rg.decided_on,
        served_on=None,
        before_recovery_end=False,
        notes="Earliersentinel corrected",
    )
    data = subject_access.collect(case)
    history = next(s for s in data["sections"] if s["title"] == "History of changes and corrections")
    assert history["records"][0]["reason"] == "Misread letter"
    case.retention_until = _day(1)
    case.save(update_fields=["retention_until"])
    case_erase_personal_data(actor=people.morgan, case=case)
    assert not RecordRevision.objects.filter(case=case).exists()


def test_saving_a_correction_without_changes_writes_nothing(people, login, rg):
    client = login(people.alex)
    url = reverse("nrm_decision_change", args=[rg.referral.case.reference, rg.pk])
    data = {**post_data(client.get(url).context["form"]), "reason": "Checked"}
    response = client.post(url, data, follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert not RecordRevision.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.RECORD_CORRECTED).exists()
