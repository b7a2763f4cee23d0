"""The NRM demo data is realistic: every stage appears, and every record obeys the rules
the services enforce."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework import clocks
from casework.models import Case, User
from support.models import Decision, Reconsideration, Referral
from support.rules.nrm_status import position
from support.selectors.nrm import NRM_PREFETCH


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "300")


def test_the_demo_has_cases_at_every_stage(demo):
    today = timezone.localdate()
    statuses = Counter(position(case, today).status for case in Case.objects.prefetch_related(NRM_PREFETCH))
    for status in (
        "none",
        "dtn_only",
        "rg_pending",
        "rg_negative",
        "reconsideration",
        "rg_positive",
        "cg_pending",
        "cg_positive",
        "cg_negative",
        "withdrawn",
        "disqualified",
    ):
        assert statuses[status] > 0, status
    assert Referral.objects.filter(nation="SCT").exists() and Referral.objects.filter(nation="NIR").exists()
    assert Referral.objects.filter(age_at_referral="child").exists()


def test_every_demo_record_obeys_the_rules(demo):
    today = timezone.localdate()
    for referral in Referral.objects.select_related("consent"):
        referral.full_clean()
        assert referral.submitted_on <= today
        if referral.kind == "nrm" and referral.age_at_referral == "adult":
            assert referral.consent.decision == "given"
            assert referral.consent.decided_on <= referral.submitted_on
    for decision in Decision.objects.select_related("referral"):
        decision.full_clean()
        assert decision.referral.submitted_on <= decision.decided_on <= today
        if decision.kind == "cg":
            rg = decision.referral.decisions.get(kind="rg")
            assert decision.decided_on >= clocks.earliest_cg(rg.decided_on)
    for reconsideration in Reconsideration.objects.select_related("decision"):
        assert reconsideration.decision.decided_on <= reconsideration.requested_on <= today


def test_seeding_again_adds_no_referrals(demo):
    count = Referral.objects.count()
    call_command("seed_demo", "--password", "demo-password-for-tests", "--cases", "300")
    assert Referral.objects.count() == count


def test_the_demo_has_one_child_with_a_guardian_an_age_dispute_and_a_local_authority(demo):
    from support.models import AgeDispute, ChildGuardian, LocalAuthorityLead

    guardian = ChildGuardian.objects.get()
    assert guardian.case.referrals.filter(age_at_referral="child").exists()
    assert AgeDispute.objects.get().case == guardian.case == LocalAuthorityLead.objects.get().case
    # Age at exploitation follows the case's own answer.
    assert Referral.objects.filter(age_at_exploitation="child").exists()
    assert Referral.objects.filter(age_at_exploitation="adult").exists()


def test_demo_support_follows_the_rules_it_demonstrates(demo):
    # A child in Northern Ireland had Victim Care Contract accommodation (England and Wales
    # adults' contract). Every demo period passes the model and the service's own checks; a child
    # is supported by the local authority, Scotland and Northern Ireland by their own services;
    # NRM support stops with a standing disqualification and after a negative CG.
    from support.models import RecoveryNeedsAssessment, SupportPeriod
    from support.rules.entitlements import adult_rules_apply, is_child, is_devolved
    from support.rules.nrm_deadlines import disqualification_stands
    from support.rules.nrm_status import decision_of, latest_referral
    from support.services.support_periods import _check_period
    from support.vocabularies import SupportProvider

    periods = list(SupportPeriod.objects.select_related("case"))
    assert periods
    cases = {c.pk: c for c in Case.objects.prefetch_related(NRM_PREFETCH)}
    seen = Counter()
    for period in periods:
        period.full_clean()
        _check_period(period.case, **{f.attname: getattr(period, f.attname) for f in period._meta.fields})
        referral = latest_referral(cases[period.case_id])
        if is_child(referral):
            seen["child"] += 1
            assert period.provider != SupportProvider.VICTIM_CARE_CONTRACT, period.case.reference
        if is_devolved(referral):
            seen["devolved"] += 1
            assert period.provider != SupportProvider.VICTIM_CARE_CONTRACT, period.case.reference
        if period.provider != SupportProvider.OWN_ORGANISATION and adult_rules_apply(referral):
            cg = decision_of(referral, "cg")
            stops = None
            if disqualification_stands(referral):
                stops = referral.disqualification.decided_on
            elif cg is not None and cg.outcome == "negative":
                stops = cg.decided_on if is_devolved(referral) else clocks.exit_period_end(cg.decided_on)
            # After a recent negative CG the exit period may still be running: support goes on.
            if stops is not None and stops <= timezone.localdate():
                assert period.end_on is not None and period.end_on <= stops, period.case.reference
    assert seen["child"] and seen["devolved"]
    for assessment in RecoveryNeedsAssessment.objects.all():
        referral = latest_referral(cases[assessment.case_id])
        assert adult_rules_apply(referral) and not is_devolved(referral)


def test_demo_screening_outcomes_agree_with_consent_and_referral(demo):
    # "Duty to Notify only (adult does not consent)" sat on cases with consent given and a full
    # NRM referral: each completed interview now says what followed it.
    from screening.models import ScreeningInterview

    interviews = ScreeningInterview.objects.filter(status="completed")
    referrals = {r.case_id: r for r in Referral.objects.select_related("consent")}
    seen = Counter()
    for interview in interviews:
        referral = referrals.get(interview.case_id)
        assert interview.answers["assessment"]["outcome"] == interview.outcome
        seen[interview.outcome] += 1
        if referral is None:
            assert interview.outcome == "no_referral"
        elif referral.kind == "dtn":
            assert interview.outcome == "dtn_only"
            assert referral.consent is None or referral.consent.decision == "refused"
        else:
            assert interview.outcome == "refer_nrm"
            assert referral.age_at_referral == "child" or referral.consent.decision == "given"
    assert set(seen) == {"refer_nrm", "dtn_only", "no_referral"}


def test_demo_shows_alex_rnas_at_every_stage_and_in_the_backlog(demo):
    # A fresh demo had RNAs on two of casey's cases, both shared: none on alex's caseload, and the
    # backlog's "RNAs overdue or awaiting a decision" was 0 for everyone.
    from oversight.backlog import Filters, backlog
    from support.models import RecoveryNeedsAssessment
    from support.rules import needs_assessments

    today = timezone.localdate()
    stages, attention = set(), Counter()
    for assessment in RecoveryNeedsAssessment.objects.filter(case__assignee__username="alex"):
        stages.add(assessment.outcome if assessment.decided_on else assessment.status)
        for day in (assessment.shared_on, assessment.submitted_on, assessment.decided_on):
            assert day is None or day <= today
        attention["overdue"] += needs_assessments.is_overdue(assessment, today)
        attention["awaited"] += needs_assessments.decision_awaited_too_long(assessment, today)
    assert stages == {"draft", "shared", "submitted", "continued", "move_on"}
    assert attention["overdue"] and attention["awaited"]
    alex = User.objects.get(username="alex")
    rows = backlog(User.objects.get(username="morgan"), Filters(), today).caseworkers
    assert next(row for row in rows if row["id"] == alex.pk)["rna_attention"] >= 2
