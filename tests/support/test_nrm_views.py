"""The NRM pages as a caseworker uses them, and who may open them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Consent
from support.models import Decision, Referral
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory

NRM_PAGES = ["nrm_referral_new", "nrm_decision_new", "nrm_withdrawal_new", "nrm_disqualification_new"]
EXPECTED = {
    "alex": 200,
    "blake": 404,
    "morgan": 200,
    "riley": 404,
    "casey": 404,
    "sam": 404,
    "anonymous": 302,
}


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def referred_case(alex_case):
    ReferralFactory(case=alex_case, submitted_on=date(2026, 1, 5))
    return alex_case


@pytest.mark.parametrize("page", NRM_PAGES)
@pytest.mark.parametrize(("who", "expected"), EXPECTED.items())
def test_nrm_pages_answer_only_those_who_may_see_the_case(people, referred_case, login, page, who, expected):
    user = None if who == "anonymous" else getattr(people, who)
    assert login(user).get(reverse(page, args=[referred_case.reference])).status_code == expected


@pytest.mark.parametrize(("who", "expected"), EXPECTED.items())
def test_decision_pages_answer_only_those_who_may_see_the_case(people, referred_case, login, who, expected):
    decision = DecisionFactory(referral=referred_case.referrals.get(), outcome="negative")
    user = None if who == "anonymous" else getattr(people, who)
    client = login(user)
    for page in ("nrm_decision_served", "nrm_reconsideration_new"):
        assert client.get(reverse(page, args=[referred_case.reference, decision.pk])).status_code == expected


def test_a_decision_of_another_case_is_not_found(people, referred_case, login):
    other = DecisionFactory()
    response = login(people.alex).get(
        reverse("nrm_decision_served", args=[referred_case.reference, other.pk])
    )
    assert response.status_code == 404


def test_recording_a_decision_needs_a_referral_first(people, alex_case, login):
    assert login(people.alex).get(reverse("nrm_decision_new", args=[alex_case.reference])).status_code == 404


def test_a_caseworker_records_consent_then_the_referral_then_an_rg(people, alex_case, login):
    client = login(people.alex)
    today = timezone.localdate()
    response = client.post(
        reverse("consent_new", args=[alex_case.reference]),
        {"purpose": "nrm_referral", "decision": "given", **date_fields("decided_on", today)},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("nrm_referral_new", args=[alex_case.reference]),
        {
            "kind": "nrm",
            **date_fields("submitted_on", today),
            "first_responder": "salvation_army",
            "referred_by": people.alex.pk,
            "nrm_reference": "NRM 2026/123",
            "age_at_referral": "adult",
            "age_at_exploitation": "adult",
            "competent_authority": "sca",
            "nation": "ENG",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(reverse("case_nrm", args=[alex_case.reference])).content.decode()
    assert "Waiting for the RG decision" in page
    assert "RG decision due by" in page
    response = client.post(
        reverse("nrm_decision_new", args=[alex_case.reference]),
        {"kind": "rg", "outcome": "positive", **date_fields("decided_on", today)},
    )
    assert response.status_code == 302
    page = client.get(reverse("case_nrm", args=[alex_case.reference])).content.decode()
    assert "Positive RG: recovery period" in page
    assert "Recovery period runs to" in page
    assert Decision.objects.get().recorded_by == people.alex


def test_an_adult_referral_without_consent_shows_the_reason_on_the_form(people, alex_case, login):
    response = login(people.alex).post(
        reverse("nrm_referral_new", args=[alex_case.reference]),
        {
            "kind": "nrm",
            **date_fields("submitted_on", timezone.localdate()),
            "first_responder": "salvation_army",
            "age_at_referral": "adult",
            "age_at_exploitation": "adult",
            "competent_authority": "sca",
            "nation": "ENG",
        },
    )
    assert response.status_code == 200
    assert "An adult must consent to an NRM referral" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the kind of referral"),
        (
            {"kind": "nrm", "submitted_on_0": "40", "submitted_on_1": "2", "submitted_on_2": "2026"},
            "must be a real date",
        ),
        ({"kind": "banana"}, "Select one of the options"),
        ({"kind": "nrm", "first_responder": "other"}, "Enter the name of the First Responder Organisation"),
        ({"kind": "nrm", "nrm_reference": "x" * 20000}, "NRM reference must be 50 characters or fewer"),
    ],
)
def test_junk_on_the_referral_form_gets_a_clear_message(people, alex_case, login, data, message):
    response = login(people.alex).post(reverse("nrm_referral_new", args=[alex_case.reference]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_a_cg_too_early_is_refused_on_the_form_next_to_the_checkbox(people, referred_case, login):
    DecisionFactory(referral=referred_case.referrals.get(), decided_on=date(2026, 1, 9))
    response = login(people.alex).post(
        reverse("nrm_decision_new", args=[referred_case.reference]),
        {"kind": "cg", "outcome": "positive", **date_fields("decided_on", date(2026, 1, 20))},
    )
    page = response.content.decode()
    assert response.status_code == 200
    # RG 9 January 2026: 30 days beginning with the RG day end on 7 February; the CG from 8 February.
    assert (
        "The recovery period runs to 7 February 2026; the CG decision can be made from 8 February 2026."
        in page
    )
    assert 'href="#id_before_recovery_end"' in page


def test_the_decision_form_and_the_case_page_give_the_same_recovery_period_end(people, login, alex_case):
    """England, referred 1 October 2026, positive RG 1 November 2026: 30 days beginning with
    1 November end on 30 November; a CG can be made from 1 December (one day later on both)."""
    referral = ReferralFactory(case=alex_case, submitted_on=date(2026, 10, 1))
    DecisionFactory(referral=referral, decided_on=date(2026, 11, 1))
    client = login(people.alex)
    case_page = " ".join(client.get(reverse("case_nrm", args=[alex_case.reference])).content.decode().split())
    if timezone.localdate() < date(2026, 12, 1):
        assert "Recovery period runs to 30 November 2026" in case_page
    response = client.post(
        reverse("nrm_decision_new", args=[alex_case.reference]),
        {"kind": "cg", "outcome": "positive", **date_fields("decided_on", date(2026, 11, 20))},
    )
    form_page = " ".join(response.content.decode().split())
    assert (
        "The recovery period runs to 30 November 2026; the CG decision can be made from 1 December 2026."
        in (form_page)
    )
    assert "runs to 1 December 2026" not in form_page


def test_my_work_lists_overdue_nrm_items_first(people, login, alex_case):
    ReferralFactory(case=alex_case, submitted_on=timezone.localdate() - timedelta(days=30))
    page = login(people.alex).get(reverse("home")).content.decode()
    assert "Needs action" in page
    assert "RG decision overdue by" in page
    assert page.index("Needs action") < page.index("My cases")


def test_withdrawing_consent_from_the_case_page(people, login, alex_case):
    consent = ConsentFactory(case=alex_case, purpose="police_sharing")
    response = login(people.alex).post(
        reverse("consent_withdraw", args=[alex_case.reference, consent.pk]),
        {**date_fields("withdrawn_on", timezone.localdate()), "version": consent.version},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()


def test_consent_to_share_with_an_organisation_names_it(people, login, alex_case):
    response = login(people.alex).post(
        reverse("consent_new", args=[alex_case.reference]),
        {
            "purpose": "organisation_sharing",
            "decision": "given",
            **date_fields("decided_on", timezone.localdate()),
        },
    )
    assert "Enter the organisation" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_case_page_says_a_child_needs_no_consent(people, login, alex_case):
    alex_case.age_at_exploitation = "child"
    alex_case.save()
    person = alex_case.person
    person.date_of_birth = timezone.localdate() - timedelta(days=365 * 15)
    person.save()
    page = login(people.alex).get(reverse("case_consent", args=[alex_case.reference])).content.decode()
    assert "An NRM referral needs no consent" in page
