"""The consent ledger: separate dated decisions per purpose, withdrawable, audited."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Consent
from casework.selectors.cases import consent_in_force, is_possibly_child
from casework.services.consent import consent_record, consent_withdraw
from casework.vocabularies import AuditAction


def record(people, case, **overrides):
    values = {"purpose": "nrm_referral", "decision": "given", "decided_on": date(2026, 1, 5)}
    return consent_record(actor=people.alex, case=case, **(values | overrides))


def test_a_consent_decision_is_recorded_and_audited_by_purpose_only(people, alex_case):
    record(people, alex_case, notes="Explained with an interpreter")
    event = AuditEvent.objects.get(action=AuditAction.CONSENT_RECORDED)
    assert event.fields == ["nrm_referral"]
    assert "interpreter" not in str(event.fields)


def test_purposes_are_separate(people, alex_case):
    record(people, alex_case)
    assert consent_in_force(alex_case, "nrm_referral") is not None
    assert consent_in_force(alex_case, "police_sharing") is None


def test_withdrawal_keeps_the_record_and_dates_it(people, alex_case):
    consent = record(people, alex_case)
    consent_withdraw(actor=people.alex, consent=consent, withdrawn_on=date(2026, 2, 1))
    assert consent_in_force(alex_case, "nrm_referral") is None
    assert alex_case.consents.get().withdrawn_on == date(2026, 2, 1)
    assert AuditEvent.objects.filter(action=AuditAction.CONSENT_WITHDRAWN).exists()


def test_only_given_consent_can_be_withdrawn(people, alex_case):
    refused = record(people, alex_case, decision="refused")
    with pytest.raises(ValidationError):
        consent_withdraw(actor=people.alex, consent=refused, withdrawn_on=date(2026, 2, 1))


def test_a_withdrawal_before_the_consent_is_refused(people, alex_case):
    consent = record(people, alex_case)
    with pytest.raises(ValidationError):
        consent_withdraw(actor=people.alex, consent=consent, withdrawn_on=date(2026, 1, 4))


def test_a_future_consent_date_is_refused(people, alex_case):
    with pytest.raises(ValidationError):
        record(people, alex_case, decided_on=timezone.localdate() + timedelta(days=1))


@pytest.mark.parametrize(
    ("dob_years", "estimate", "age_group", "child"),
    [
        (15, None, "adult", True),
        (30, None, "child", False),
        (None, 16, "adult", True),
        (None, None, "unknown", True),
        (None, None, "adult", False),
    ],
)
def test_who_counts_as_possibly_a_child(alex_case, dob_years, estimate, age_group, child):
    person = alex_case.person
    person.date_of_birth = timezone.localdate() - timedelta(days=365 * dob_years + 10) if dob_years else None
    person.estimated_age = estimate
    alex_case.age_at_exploitation = age_group
    assert is_possibly_child(alex_case) is child


def _consent_page(client, case, data=None):
    url = reverse("consent_new", args=[case.reference])
    return (client.post(url, data) if data is not None else client.get(url)).content.decode()


def test_the_organisation_box_is_revealed_only_by_sharing_with_a_named_organisation(people, login, alex_case):
    client = login(people.alex)
    page = _consent_page(client, alex_case)
    # GOV.UK conditional reveal: the radio names the box it controls; the box sits under it.
    radio = re.search(r'<input type="radio" name="purpose" value="organisation_sharing"[^>]*>', page).group()
    assert 'data-aria-controls="id_purpose_3-conditional"' in radio
    conditional = re.search(
        r'<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        r'id="id_purpose_3-conditional">'
        r'(.*?)</div>\s*<div class="govuk-radios__item">',
        page,
        re.S,
    )
    assert conditional and 'name="organisation"' in conditional.group(1)
    assert page.count('name="organisation"') == 1
    # Chosen but left blank: the box is shown, with its error.
    page = _consent_page(client, alex_case, {"purpose": "organisation_sharing", "decision": "given"})
    assert 'class="govuk-radios__conditional" id="id_purpose_3-conditional"' in page
    assert "Enter the organisation&#x27;s name" in page
    assert '<a href="#id_organisation">' in page
    # Too long: that is the one error, not "enter a name" beside it.
    long = {"purpose": "organisation_sharing", "decision": "given", "organisation": "O" * 20_000}
    page = _consent_page(client, alex_case, long)
    assert "Organisation must be 200 characters or fewer" in page
    assert "Enter the organisation&#x27;s name" not in page


def test_an_organisation_typed_for_another_purpose_is_not_kept(people, login, alex_case):
    today = timezone.localdate()
    _consent_page(
        login(people.alex),
        alex_case,
        {
            "purpose": "nrm_referral",
            "organisation": "Typed then hidden",
            "decision": "given",
            "decided_on_0": today.day,
            "decided_on_1": today.month,
            "decided_on_2": today.year,
        },
    )
    assert not Consent.objects.get().organisation
