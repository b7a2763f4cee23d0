"""Recording the NRM: every impossible record is refused with a clear message, and every
record is audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import AuditEvent
from support.models import Decision, Referral
from support.services.decisions import decision_record
from support.services.disqualifications import disqualification_record
from support.services.reconsiderations import reconsideration_conclude, reconsideration_request
from support.services.referrals import referral_record
from support.services.withdrawals import withdrawal_record
from support.vocabularies import SupportAuditAction
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory

TODAY = timezone.localdate


def refer(people, case, **overrides):
    values = {
        "kind": "nrm",
        "submitted_on": TODAY() - timedelta(days=20),
        "first_responder": "salvation_army",
        "age_at_referral": "adult",
        "age_at_exploitation": "adult",
        "nation": "ENG",
        "competent_authority": "sca",
    }
    return referral_record(actor=people.alex, case=case, **(values | overrides))


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def child_case(alex_case):
    """Alex's case, for a survivor born 15 years ago: a child on any referral date in these tests."""
    alex_case.person.date_of_birth = TODAY() - timedelta(days=15 * 365)
    alex_case.person.save()
    return alex_case


@pytest.fixture
def consented_case(alex_case):
    ConsentFactory(case=alex_case, decided_on=date(2024, 12, 1))
    return alex_case


class TestReferral:
    def test_an_adult_referral_with_consent_is_recorded_and_audited(self, people, consented_case):
        referral = refer(people, consented_case, nrm_reference="NRM-123 456")
        assert referral.consent is not None
        assert referral.nrm_reference_bidx
        assert AuditEvent.objects.filter(
            action=SupportAuditAction.NRM_REFERRAL_RECORDED, case=consented_case
        ).exists()

    def test_an_adult_referral_without_consent_is_refused(self, people, alex_case):
        with pytest.raises(ValidationError) as error:
            refer(people, alex_case)
        assert "An adult must consent" in message_of(error.value)

    def test_a_referral_dated_before_the_consent_says_so(self, people, alex_case):
        ConsentFactory(case=alex_case, decided_on=TODAY() - timedelta(days=5))
        with pytest.raises(ValidationError) as error:
            refer(people, alex_case, submitted_on=TODAY() - timedelta(days=6))
        assert error.value.message_dict == {
            "submitted_on": [
                f"The referral is dated before the consent to it ({TODAY() - timedelta(days=5):%-d %B %Y}). "
                "Check the date submitted, or the date of the consent."
            ]
        }

    def test_withdrawn_consent_does_not_count(self, people, alex_case):
        ConsentFactory(case=alex_case, withdrawn_on=TODAY() - timedelta(days=30))
        with pytest.raises(ValidationError):
            refer(people, alex_case)

    def test_a_child_needs_no_consent(self, people, child_case):
        assert refer(people, child_case, age_at_referral="child").consent is None

    def test_a_child_is_never_decided_by_the_ieca(self, people, child_case):
        with pytest.raises(ValidationError) as error:
            refer(people, child_case, age_at_referral="child", competent_authority="ieca")
        assert "decided by the Single Competent Authority, or by the devolved child" in message_of(
            error.value
        )

    def test_a_duty_to_notify_report_for_a_child_is_refused(self, people, child_case):
        with pytest.raises(ValidationError) as error:
            refer(people, child_case, kind="dtn", age_at_referral="child")
        assert "cannot be made for a child" in message_of(error.value)

    def test_an_adult_who_declines_can_be_reported_under_the_duty_to_notify(self, people, alex_case):
        referral = refer(people, alex_case, kind="dtn", competent_authority="")
        assert referral.kind == "dtn" and referral.consent is None

    def test_the_duty_to_notify_does_not_apply_in_scotland(self, people, alex_case):
        with pytest.raises(ValidationError) as error:
            refer(people, alex_case, kind="dtn", nation="SCT")
        assert "only in England and Wales" in message_of(error.value)

    def test_a_future_referral_date_is_refused(self, people, consented_case):
        with pytest.raises(ValidationError):
            refer(people, consented_case, submitted_on=TODAY() + timedelta(days=1))

    def test_a_re_referral_waits_for_the_first_referral_to_be_decided(self, people, consented_case):
        first = refer(people, consented_case)
        with pytest.raises(ValidationError) as error:
            refer(people, consented_case)
        assert "still waiting for a decision" in message_of(error.value)
        DecisionFactory(referral=first, outcome="negative")
        second = refer(people, consented_case, submitted_on=TODAY())
        assert second.previous_referral == first
        first.refresh_from_db()
        assert (first.is_current, second.is_current) == (False, True)

    def test_the_rg_target_date_is_stored_from_the_clock(self, people, consented_case):
        referral = refer(people, consented_case, submitted_on=date(2026, 4, 2))
        assert referral.rg_due_on == date(2026, 4, 13)


class TestDecisions:
    @pytest.fixture
    def referral(self, people, consented_case):
        return refer(people, consented_case, submitted_on=date(2026, 1, 5))

    def decide(self, people, referral, **overrides):
        values = {"kind": "rg", "outcome": "positive", "decided_on": date(2026, 1, 9)}
        return decision_record(actor=people.alex, referral=referral, **(values | overrides))

    def test_a_positive_rg_is_recorded_and_audited(self, people, referral):
        decision = self.decide(people, referral)
        assert decision.kind == "rg"
        assert AuditEvent.objects.filter(action=SupportAuditAction.NRM_DECISION_RECORDED).count() == 1

    def test_a_decision_before_its_referral_is_refused(self, people, referral):
        with pytest.raises(ValidationError) as error:
            self.decide(people, referral, decided_on=date(2026, 1, 4))
        assert "cannot be dated before the referral was submitted (5 January 2026)" in message_of(error.value)

    def test_served_before_decided_is_refused(self, people, referral):
        with pytest.raises(ValidationError) as error:
            self.decide(people, referral, served_on=date(2026, 1, 8))
        assert "cannot be served before" in message_of(error.value)

    def test_a_second_rg_without_a_re_referral_is_refused(self, people, referral):
        self.decide(people, referral)
        with pytest.raises(ValidationError) as error:
            self.decide(people, referral, decided_on=date(2026, 1, 12))
        assert "needs a re-referral" in message_of(error.value)

    def test_a_cg_needs_a_positive_rg(self, people, referral):
        with pytest.raises(ValidationError) as error:
            self.decide(people, referral, kind="cg", decided_on=date(2026, 3, 1))
        assert "needs a positive RG" in message_of(error.value)
        self.decide(people, referral, outcome="negative")
        with pytest.raises(ValidationError):
            self.decide(people, referral, kind="cg", decided_on=date(2026, 3, 1))

    def test_a_cg_before_the_end_of_the_recovery_period_must_be_marked(self, people, referral):
        self.decide(people, referral)  # RG 9 January 2026: 30 days beginning with it end 7 February
        with pytest.raises(ValidationError) as error:
            self.decide(people, referral, kind="cg", decided_on=date(2026, 2, 7))
        assert (
            "recovery period runs to 7 February 2026; the CG decision can be made from 8 February 2026"
            in message_of(error.value)
        )
        cg = self.decide(people, referral, kind="cg", decided_on=date(2026, 2, 7), before_recovery_end=True)
        assert cg.before_recovery_end

    def test_a_cg_after_the_recovery_period_is_accepted(self, people, referral):
        self.decide(people, referral)
        assert self.decide(people, referral, kind="cg", decided_on=date(2026, 2, 8)).kind == "cg"

    def test_a_second_cg_is_refused(self, people, referral):
        self.decide(people, referral)
        self.decide(people, referral, kind="cg", decided_on=date(2026, 3, 1))
        with pytest.raises(ValidationError):
            self.decide(people, referral, kind="cg", decided_on=date(2026, 3, 2))

    def test_a_duty_to_notify_report_gets_no_decision(self, people, alex_case):
        report = refer(people, alex_case, kind="dtn", competent_authority="")
        with pytest.raises(ValidationError) as error:
            self.decide(people, report, decided_on=TODAY())
        assert "gets no decision" in message_of(error.value)

    def test_a_withdrawn_referral_gets_no_decision(self, people, referral):
        withdrawal_record(actor=people.alex, referral=referral, withdrawn_on=date(2026, 1, 7))
        with pytest.raises(ValidationError):
            self.decide(people, referral)

    def test_a_future_decision_is_refused(self, people, referral):
        with pytest.raises(ValidationError):
            self.decide(people, referral, decided_on=TODAY() + timedelta(days=1))


class TestReconsideration:
    @pytest.fixture
    def negative_rg(self, people, consented_case):
        referral = refer(people, consented_case, submitted_on=date(2026, 1, 5))
        return decision_record(
            actor=people.alex, referral=referral, kind="rg", outcome="negative", decided_on=date(2026, 1, 9)
        )

    def test_a_request_and_its_outcome_are_recorded_and_audited(self, people, negative_rg):
        reconsideration = reconsideration_request(
            actor=people.alex, decision=negative_rg, requested_on=date(2026, 1, 20)
        )
        reconsideration_conclude(
            actor=people.alex,
            reconsideration=reconsideration,
            outcome="overturned",
            outcome_on=date(2026, 3, 1),
        )
        negative_rg.refresh_from_db()
        assert negative_rg.effective_outcome == "positive"
        assert AuditEvent.objects.filter(action=SupportAuditAction.NRM_RECONSIDERATION_RECORDED).count() == 2

    def test_an_overturned_rg_allows_a_cg(self, people, negative_rg):
        reconsideration = reconsideration_request(
            actor=people.alex, decision=negative_rg, requested_on=date(2026, 1, 20)
        )
        reconsideration_conclude(
            actor=people.alex,
            reconsideration=reconsideration,
            outcome="overturned",
            outcome_on=date(2026, 3, 1),
        )
        referral = Referral.objects.get()
        cg = decision_record(
            actor=people.alex, referral=referral, kind="cg", outcome="positive", decided_on=date(2026, 5, 1)
        )
        assert cg.kind == "cg"

    def test_a_positive_decision_cannot_be_reconsidered(self, people, consented_case):
        decision = DecisionFactory(referral=ReferralFactory(case=consented_case))
        with pytest.raises(ValidationError) as error:
            reconsideration_request(actor=people.alex, decision=decision, requested_on=TODAY())
        assert "Only a negative decision" in message_of(error.value)

    def test_a_request_before_the_decision_is_refused(self, people, negative_rg):
        with pytest.raises(ValidationError):
            reconsideration_request(actor=people.alex, decision=negative_rg, requested_on=date(2026, 1, 8))

    def test_an_outcome_before_the_request_is_refused(self, people, negative_rg):
        reconsideration = reconsideration_request(
            actor=people.alex, decision=negative_rg, requested_on=date(2026, 1, 20)
        )
        with pytest.raises(ValidationError):
            reconsideration_conclude(
                actor=people.alex,
                reconsideration=reconsideration,
                outcome="upheld",
                outcome_on=date(2026, 1, 19),
            )


class TestDisqualificationAndWithdrawal:
    def test_disqualification_needs_a_positive_rg_and_is_audited(self, people, consented_case):
        referral = refer(people, consented_case, submitted_on=date(2026, 1, 5))
        with pytest.raises(ValidationError):
            disqualification_record(actor=people.alex, referral=referral, decided_on=date(2026, 2, 1))
        DecisionFactory(referral=referral, decided_on=date(2026, 1, 9))
        disqualification_record(actor=people.alex, referral=referral, decided_on=date(2026, 2, 1))
        assert AuditEvent.objects.filter(action=SupportAuditAction.NRM_DISQUALIFICATION_RECORDED).exists()

    def test_children_cannot_withdraw(self, people, child_case):
        referral = refer(people, child_case, age_at_referral="child")
        with pytest.raises(ValidationError) as error:
            withdrawal_record(actor=people.alex, referral=referral, withdrawn_on=TODAY())
        assert "Children cannot withdraw" in message_of(error.value)

    def test_an_adult_withdraws_and_it_is_audited(self, people, consented_case):
        referral = refer(people, consented_case)
        withdrawal_record(actor=people.alex, referral=referral, withdrawn_on=TODAY())
        assert AuditEvent.objects.filter(action=SupportAuditAction.NRM_WITHDRAWAL_RECORDED).exists()

    def test_no_withdrawal_after_the_cg(self, people, consented_case):
        referral = ReferralFactory(case=consented_case, submitted_on=date(2025, 1, 6))
        DecisionFactory(referral=referral, decided_on=date(2025, 1, 10))
        DecisionFactory(referral=referral, kind="cg", decided_on=date(2025, 6, 1))
        with pytest.raises(ValidationError):
            withdrawal_record(actor=people.alex, referral=referral, withdrawn_on=TODAY())


def test_decision_kinds_are_unique_per_referral_in_the_database(people, consented_case):
    referral = ReferralFactory(case=consented_case)
    DecisionFactory(referral=referral)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            referral=referral, kind="rg", outcome="negative", decided_on=TODAY(), recorded_by=people.alex
        )
