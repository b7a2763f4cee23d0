"""The consent ledger: separate dated decisions per purpose, withdrawable, audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import selectors, services
from casework.models import AuditEvent
from casework.vocabularies import AuditAction


def record(people, case, **overrides):
    values = {"purpose": "nrm_referral", "decision": "given", "decided_on": date(2026, 1, 5)}
    return services.consent_record(actor=people.alex, case=case, **(values | overrides))


def test_a_consent_decision_is_recorded_and_audited_by_purpose_only(people, alex_case):
    record(people, alex_case, notes="Explained with an interpreter")
    event = AuditEvent.objects.get(action=AuditAction.CONSENT_RECORDED)
    assert event.fields == ["nrm_referral"]
    assert "interpreter" not in str(event.fields)


def test_purposes_are_separate(people, alex_case):
    record(people, alex_case)
    assert selectors.consent_in_force(alex_case, "nrm_referral") is not None
    assert selectors.consent_in_force(alex_case, "police_sharing") is None


def test_withdrawal_keeps_the_record_and_dates_it(people, alex_case):
    consent = record(people, alex_case)
    services.consent_withdraw(actor=people.alex, consent=consent, withdrawn_on=date(2026, 2, 1))
    assert selectors.consent_in_force(alex_case, "nrm_referral") is None
    assert alex_case.consents.get().withdrawn_on == date(2026, 2, 1)
    assert AuditEvent.objects.filter(action=AuditAction.CONSENT_WITHDRAWN).exists()


def test_only_given_consent_can_be_withdrawn(people, alex_case):
    refused = record(people, alex_case, decision="refused")
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=people.alex, consent=refused, withdrawn_on=date(2026, 2, 1))


def test_a_withdrawal_before_the_consent_is_refused(people, alex_case):
    consent = record(people, alex_case)
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=people.alex, consent=consent, withdrawn_on=date(2026, 1, 4))


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
    assert selectors.is_possibly_child(alex_case) is child
