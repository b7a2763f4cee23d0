"""The criminal-justice journey: milestones in an order that can happen, hearings ahead,
the RG-before-hearing warning, claim deadlines, the managers' funnel, access and audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case
from justice.models import Claim, Milestone, Proceeding
from justice.panels import justice_work_items
from justice.selectors.funnel import funnel
from justice.selectors.proceedings import hearing_before_rg
from justice.services import claims, milestones, proceedings
from justice.services.data import justice_export_section
from justice.vocabularies import ClaimKind, JusticeAction
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat
TODAY = timezone.localdate


@pytest.fixture
def proceeding(people, alex_case):
    return proceedings.proceeding_record(
        actor=people.alex,
        case=alex_case,
        kind="victim_witness",
        police_force="metropolitan",
        crime_reference="CR/12345/26",
        officer_in_charge="DC Sentinelofficer",
    )


def step(people, proceeding, kind, on, **details):
    return milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind=kind, on=D(on), **details
    )


def test_a_prosecution_from_report_to_sentence(people, proceeding):
    step(people, proceeding, "reported", "2025-01-10")
    step(people, proceeding, "abe_interview", "2025-01-20")
    step(
        people,
        proceeding,
        "charging_decision",
        "2025-06-01",
        outcome="charged",
        survivor_told_on=D("2025-06-02"),
    )
    step(people, proceeding, "first_appearance", "2025-06-20")
    step(people, proceeding, "trial_listed", "2025-09-01")
    step(people, proceeding, "verdict", "2025-09-10", outcome="guilty", defendant="Defendant 1")
    step(people, proceeding, "sentence", "2025-10-01", custody_months=48)
    step(people, proceeding, "reparation_order", "2025-10-01", amount="2500.00")
    assert proceeding.milestones.count() == 8
    assert AuditEvent.objects.filter(action=JusticeAction.PROCEEDING_RECORDED).count() == 1
    assert AuditEvent.objects.filter(action=JusticeAction.STEP_RECORDED).count() == 8


@pytest.mark.parametrize(
    ("kind", "outcome", "message"),
    [
        ("verdict", "guilty", "Record “Charging decision (charged)” first"),
        ("sentence", "", "Record “Verdict (guilty)” first"),
        ("plea", "guilty", "Record “First appearance in court” first"),
        ("reparation_order", "", "Record “Verdict (guilty)” first"),
        ("hearing", "", "for proceedings where the survivor is the defendant"),
    ],
)
def test_impossible_orders_are_refused_with_a_clear_message(people, proceeding, kind, outcome, message):
    step(people, proceeding, "reported", "2025-01-10")
    with pytest.raises(ValidationError) as error:
        step(people, proceeding, kind, "2025-02-01", outcome=outcome)
    assert message in " ".join(error.value.messages)


def test_no_step_before_what_it_follows(people, proceeding):
    step(people, proceeding, "reported", "2025-01-10")
    with pytest.raises(ValidationError) as error:
        step(people, proceeding, "abe_interview", "2025-01-09")
    assert "cannot be dated before “Reported to police” (10 January 2025)" in " ".join(error.value.messages)


def test_a_no_further_action_decision_allows_no_trial(people, proceeding):
    step(people, proceeding, "reported", "2025-01-10")
    step(people, proceeding, "charging_decision", "2025-05-01", outcome="nfa")
    with pytest.raises(ValidationError):
        step(people, proceeding, "first_appearance", "2025-06-01")


def test_hearings_may_be_listed_ahead_but_nothing_else(people, proceeding):
    step(people, proceeding, "reported", "2025-01-10")
    step(people, proceeding, "charging_decision", "2025-05-01", outcome="charged")
    ahead = (TODAY() + timedelta(days=20)).isoformat()
    step(people, proceeding, "first_appearance", ahead)
    with pytest.raises(ValidationError) as error:
        step(people, proceeding, "abe_interview", ahead)
    assert "only hearings can be listed ahead" in " ".join(error.value.messages)


def test_outcomes_are_required_where_they_matter(people, proceeding):
    step(people, proceeding, "reported", "2025-01-10")
    with pytest.raises(ValidationError) as error:
        step(people, proceeding, "charging_decision", "2025-05-01")
    assert "outcome" in error.value.message_dict


def test_a_hearing_before_the_rg_decision_is_flagged(people, alex_case, login):
    defendant = proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="defendant", police_force="kent", s45_outcome="pending"
    )
    step(people, defendant, "hearing", (TODAY() + timedelta(days=5)).isoformat())
    assert hearing_before_rg(defendant) == TODAY() + timedelta(days=5)
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "before the NRM's Reasonable Grounds decision" in page
    referral = ReferralFactory(case=alex_case, submitted_on=TODAY() - timedelta(days=30))
    DecisionFactory(referral=referral, decided_on=TODAY() - timedelta(days=20))
    assert hearing_before_rg(defendant) is None


def test_hearings_soon_and_claim_deadlines_are_work_items(people, proceeding, alex_case):
    step(people, proceeding, "reported", "2025-01-10")
    step(people, proceeding, "charging_decision", "2025-05-01", outcome="charged")
    step(people, proceeding, "first_appearance", (TODAY() + timedelta(days=3)).isoformat())
    claims.claim_record(
        actor=people.alex,
        case=alex_case,
        kind="employment_tribunal",
        incident_on=TODAY() - timedelta(days=70),
        outcome="pending",
    )
    kinds = sorted(item.kind for item in justice_work_items(Case.objects.all(), TODAY()))
    assert kinds == ["claim_deadline", "hearing_soon"]


def test_claim_deadlines_on_the_case_page(people, alex_case, login):
    claims.claim_record(
        actor=people.alex, case=alex_case, kind="cica", incident_on=D("2025-03-01"), outcome="pending"
    )
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "must be made by <strong>1 March 2027</strong>" in page


def test_the_funnel_counts_known_data(people):
    def prosecution(reached, withdrawn_reason=""):
        case = Case.objects.create(team=people.north, assignee=people.alex, created_by=people.alex)
        p = proceedings.proceeding_record(
            actor=people.alex, case=case, kind="victim_witness", police_force="kent"
        )
        step(people, p, "reported", "2025-01-10")
        if reached in ("investigated", "nfa", "charged", "convicted"):
            step(people, p, "abe_interview", "2025-02-01")
        if reached == "nfa":
            step(people, p, "charging_decision", "2025-05-01", outcome="nfa")
        if reached in ("charged", "convicted"):
            step(people, p, "charging_decision", "2025-05-11", outcome="charged")
        if reached == "convicted":
            step(people, p, "verdict", "2025-09-11", outcome="guilty")
        if withdrawn_reason:
            proceedings.engagement_update(
                actor=people.alex,
                proceeding=p,
                engagement="withdrawn",
                changed_on=D("2025-06-01"),
                reason=withdrawn_reason,
                version=p.version,
            )

    prosecution("reported", withdrawn_reason="fear_of_reprisals")
    prosecution("investigated")
    prosecution("nfa")
    prosecution("charged", withdrawn_reason="delays")
    prosecution("convicted")
    figures = funnel(Case.objects.visible_to(people.morgan).filter(team=people.north))
    assert figures["years"] == [
        {"year": 2025, "reported": 5, "investigated": 4, "charged": 2, "convicted": 1}
    ]
    assert figures["no_further_action"] == 1
    assert {(w["stage"], w["reason"]) for w in figures["withdrawn"]} == {
        ("Reported", "Fear of reprisals"),
        ("Charged", "Delays in the process"),
    }
    # Two charges and one conviction: too few for a median that is not someone's own dates.
    assert figures["median_report_to_charge"] is None
    assert figures["median_charge_to_conviction"] is None
    for _more in range(3):
        prosecution("charged")
    figures = funnel(Case.objects.visible_to(people.morgan).filter(team=people.north))
    assert figures["median_report_to_charge"] == 121
    assert figures["median_charge_to_conviction"] is None
    assert funnel(Case.objects.visible_to(people.riley).filter(team=people.south))["totals"]["reported"] == 0


def test_the_funnel_page_shows_no_median_from_one_case(people, login):
    case = Case.objects.create(team=people.north, assignee=people.alex, created_by=people.alex)
    p = proceedings.proceeding_record(
        actor=people.alex, case=case, kind="victim_witness", police_force="kent"
    )
    step(people, p, "reported", "2025-01-10")
    step(people, p, "charging_decision", "2025-11-16", outcome="charged")
    page = login(people.morgan).get(reverse("justice_funnel")).content.decode()
    assert "310 days" not in page
    assert "Median from report to charge: not shown until there are at least 5 cases" in page


@pytest.mark.parametrize(
    ("who", "expected"), [("alex", 200), ("blake", 404), ("morgan", 200), ("riley", 404)]
)
def test_justice_pages_answer_only_those_who_may_see_the_case(people, login, proceeding, who, expected):
    client = login(getattr(people, who))
    ref = proceeding.case.reference
    for page in (
        reverse("proceeding_new", args=[ref]),
        reverse("milestone_new", args=[ref, proceeding.pk]),
        reverse("engagement_edit", args=[ref, proceeding.pk]),
        reverse("claim_new", args=[ref]),
    ):
        assert client.get(page).status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("alex", 404), ("morgan", 200), ("riley", 200), ("sam", 404)])
def test_the_funnel_is_for_managers(people, login, who, expected):
    assert login(getattr(people, who)).get(reverse("justice_funnel")).status_code == expected


def test_junk_on_the_step_form_gets_clear_messages(people, login, proceeding):
    url = reverse("milestone_new", args=[proceeding.case.reference, proceeding.pk])
    response = login(people.alex).post(
        url, {"step": "sentence", "on_0": "1", "on_1": "13", "on_2": "2025", "custody_months": "lots"}
    )
    page = response.content.decode()
    assert "must be a real date" in page and "whole number of months" in page
    response = login(people.alex).post(url, {"step": "reparation_order", "amount": "£abc"})
    assert "amount in pounds" in response.content.decode()


def test_recording_a_step_first_asks_which_step_with_nothing_preselected(people, login, proceeding):
    client = login(people.alex)
    url = reverse("milestone_new", args=[proceeding.case.reference, proceeding.pk])
    page = client.get(url).content.decode()
    assert 'method="get"' in page and 'name="step"' in page and "checked" not in page
    assert "Outcome" not in page and "Custody" not in page
    page = client.get(url, {"step": ""}).content.decode()
    assert "Select the step to record" in page and "<title>Error: " in page
    page = client.get(url, {"step": "nonsense"}).content.decode()
    assert "Select one of the steps" in page


def test_continue_with_no_step_chosen_says_so(people, login, proceeding):
    # The browser sends no "step" at all when no radio is chosen: the page must still say
    # what is wrong (the form carries a marker that it was submitted).
    client = login(people.alex)
    url = reverse("milestone_new", args=[proceeding.case.reference, proceeding.pk])
    page = client.get(url).content.decode()
    assert 'name="choosing"' in page
    page = client.get(url, {"choosing": "1"}).content.decode()
    assert "Select the step to record" in page and "<title>Error: " in page
    assert "govuk-error-summary" in page


@pytest.mark.parametrize(
    ("step", "shown", "hidden"),
    [
        ("reported", [], ["outcome", "survivor_told_on", "defendant", "custody_months", "amount"]),
        ("charging_decision", ["outcome", "survivor_told_on"], ["defendant", "custody_months", "amount"]),
        ("verdict", ["outcome", "defendant"], ["survivor_told_on", "custody_months", "amount"]),
        ("sentence", ["defendant", "custody_months"], ["outcome", "amount"]),
        ("reparation_order", ["amount"], ["outcome", "defendant", "custody_months"]),
    ],
)
def test_the_step_form_shows_only_the_fields_of_the_chosen_step(
    people, login, proceeding, step, shown, hidden
):
    url = reverse("milestone_new", args=[proceeding.case.reference, proceeding.pk])
    page = login(people.alex).get(url, {"step": step}).content.decode()
    for name in shown:
        assert f'name="{name}' in page, name
    for name in hidden:
        assert f'name="{name}' not in page, name
    assert f'<input type="hidden" name="step" value="{step}"' in page
    assert "checked" not in page  # an outcome is never preselected


def test_a_step_is_recorded_through_the_two_pages(people, login, proceeding):
    url = reverse("milestone_new", args=[proceeding.case.reference, proceeding.pk])
    response = login(people.alex).post(url, {"step": "reported", "on_0": "10", "on_1": "1", "on_2": "2025"})
    assert response.status_code == 302
    assert proceeding.milestones.get().kind == "reported"
    response = login(people.alex).post(
        url, {"step": "charging_decision", "on_0": "1", "on_1": "5", "on_2": "2025"}
    )
    assert "Select the outcome" in response.content.decode()
    assert proceeding.milestones.count() == 1


def test_the_crime_reference_and_officer_are_encrypted(proceeding):
    from tests.casework.test_data_at_rest import everything_stored

    assert "Sentinelofficer" not in everything_stored()
    assert "CR/12345/26" not in everything_stored()


def test_correcting_a_step_shows_that_step_s_fields_and_keeps_its_kind(people, login, proceeding):
    step(people, proceeding, "reported", "2025-01-10")
    step(people, proceeding, "charging_decision", "2025-05-01", outcome="charged")
    milestone = proceeding.milestones.get(kind="charging_decision")
    client = login(people.alex)
    url = reverse("milestone_change", args=[proceeding.case.reference, milestone.pk])
    form = client.get(url).context["form"]
    assert {"outcome", "survivor_told_on", "on"} <= set(form.fields)
    assert not {"defendant", "custody_months", "amount"} & set(form.fields)
    from tests.corrections.helpers import post_data

    data = {**post_data(form), "outcome": "nfa", "reason": "Recorded wrongly"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    milestone.refresh_from_db()
    assert (milestone.kind, milestone.outcome) == ("charging_decision", "nfa")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "Amount must be 0 or more"),
        ("12345678901234567890", "Amount must be 10 digits or fewer"),
        ("1.234", "Amount must have no more than 2 digits after the decimal point"),
    ],
)
def test_a_claim_s_amount_gets_messages_that_name_it(people, login, alex_case, amount, message):
    url = reverse("claim_new", args=[alex_case.reference])
    page = login(people.alex).post(url, {"kind": "cica", "amount": amount}).content.decode()
    assert message in page
    assert "Ensure th" not in page


def test_settling_a_claim_with_nothing_chosen_asks_what_happened(people, login, alex_case):
    claim = claims.claim_record(
        actor=people.alex, case=alex_case, kind="cica", incident_on=D("2025-01-01"), outcome="pending"
    )
    url = reverse("claim_settle", args=[alex_case.reference, claim.pk])
    page = login(people.alex).post(url, {}).content.decode()
    assert "Select what happened to the claim" in page
    assert "Select the what" not in page


@pytest.mark.parametrize(
    ("model", "values", "constraint"),
    [
        (Proceeding, {"kind": "witness"}, "proceeding_kind_valid"),
        (Proceeding, {"police_force": "interpol"}, "proceeding_police_force_valid"),
        (Proceeding, {"engagement": "gone", "disengagement_reason": "other"}, "proceeding_engagement_valid"),
        (Proceeding, {"disengagement_reason": "bored"}, "proceeding_disengagement_reason_valid"),
        (Proceeding, {"kind": "defendant", "s45_outcome": "maybe"}, "proceeding_s45_outcome_valid"),
        (Milestone, {"kind": "lunch"}, "milestone_kind_valid"),
        (Milestone, {"outcome": "maybe"}, "milestone_outcome_valid"),
        (Claim, {"kind": "lottery"}, "claim_kind_valid"),
        (Claim, {"outcome": "maybe"}, "claim_outcome_valid"),
    ],
)
def test_the_database_refuses_a_code_outside_the_vocabulary(people, proceeding, model, values, constraint):
    step(people, proceeding, "reported", "2025-01-10")
    claims.claim_record(
        actor=people.alex, case=proceeding.case, kind=ClaimKind.CICA, incident_on=D("2025-01-01")
    )
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.update(**values)


def test_the_export_says_engagement_is_not_recorded_until_it_is(people, proceeding):
    # The case page says "Engagement not recorded yet" until a caseworker records it; the
    # subject access export says the same, rather than the field's default.

    assert justice_export_section(proceeding.case)[0]["engagement"] == "Not recorded yet"
    proceedings.engagement_update(
        actor=people.alex, proceeding=proceeding, engagement="engaged", changed_on=TODAY(), reason=""
    )
    proceeding.refresh_from_db()
    assert justice_export_section(proceeding.case)[0]["engagement"] == "Engaged"
