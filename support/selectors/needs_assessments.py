"""Recovery Needs Assessment reads. Cases always come in already filtered by
Case.objects.visible_to()."""

from datetime import date

from django.db.models import F, Min, Q

from support.models import RecoveryNeedsAssessment
from support.rules import needs_assessments
from support.rules.nrm_status import decision_of, latest_referral
from support.vocabularies import DecisionKind, Outcome, RnaOutcome


def suggested_due_on(case, today: date) -> date:
    """The due date a new assessment's form opens with: the first one's from the positive CG,
    a later one's from the last decision (its next RNA or review date); today otherwise."""
    latest = needs_assessments.latest(
        list(RecoveryNeedsAssessment.objects.filter(case=case).defer("needs", "survivor_comments", "reasons"))
    )
    if latest is not None:
        return needs_assessments.next_due(latest) or today
    referral = latest_referral(case)
    cg = decision_of(referral, DecisionKind.CG) if referral else None
    if cg is not None and cg.effective_outcome == Outcome.POSITIVE:
        return needs_assessments.first_due(cg)
    return today


def attention_rows(cases, today: date) -> list[dict]:
    """The assessments on these cases that are overdue or whose decision has been awaited too
    long, one row each (case, its assignee, the dates): one query, nothing decrypted. Rows
    recorded before the steps were kept (migration 0021) are never among them."""
    rows = (
        RecoveryNeedsAssessment.objects.filter(
            case__in=cases, decided_on__isnull=True, outcome=RnaOutcome.PENDING, recorded_before_steps=False
        )
        .annotate(assignee_id=F("case__assignee_id"))
        .only(
            "case_id", "due_on", "shared_on", "submitted_on", "decided_on", "outcome", "recorded_before_steps"
        )
    )
    return [
        {"case_id": a.case_id, "assignee_id": a.assignee_id}
        for a in rows
        if needs_assessments.needs_attention(a, today)
    ]


def with_rna_facts(cases):
    """Each case with its oldest unsubmitted assessment's due date (rna_due_on) and its oldest
    submission still without a decision (rna_submitted_on), in the same query, for the backlog's
    fact (rules.attention_fact). Rows recorded before the steps were kept never count."""
    open_ = Q(
        needs_assessments__decided_on__isnull=True,
        needs_assessments__outcome=RnaOutcome.PENDING,
        needs_assessments__recorded_before_steps=False,
    )
    return cases.annotate(
        rna_due_on=Min(
            "needs_assessments__due_on", filter=open_ & Q(needs_assessments__submitted_on__isnull=True)
        ),
        rna_submitted_on=Min("needs_assessments__submitted_on", filter=open_),
    )
