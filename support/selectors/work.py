"""What is owed on a user's cases, for "My work" and the reminders: NRM deadlines, support
ending before the 12 months, assessments due, permission expiring."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q

from casework import clocks
from casework.hooks import WorkItem
from casework.ui.dates import long_date
from support.models import PermissionToStay, RecoveryNeedsAssessment, SupportPeriod
from support.rules import needs_assessments
from support.rules.nrm_deadlines import disqualification_stands
from support.rules.nrm_status import decision_of, latest_referral, position
from support.rules.twelve_months import clock_for, first_uncovered_day
from support.selectors.nrm import NRM_PREFETCH_LEAN
from support.vocabularies import (
    DecisionKind,
    Outcome,
    PermissionDecision,
    RnaOutcome,
    RnaStatus,
    SupportVerdict,
)

# The headings NRM items are listed under in reminder emails.
OWED_GROUPS = {
    "rg_overdue": "RG decisions overdue",
    "rg_due": "RG decisions due soon",
    "cg_waiting": "Waiting past a CG escalation point",
    "reconsideration_deadline": "Reconsideration windows closing",
}


PERMISSION_EXPIRY_WARNING_DAYS = 60


RNA_WARNING_DAYS = clocks.CLOSING_SOON_DAYS  # the one "closing soon" window (casework/clocks.py)
RNA_COLUMNS = (
    "case_id",
    "due_on",
    "shared_on",
    "submitted_on",
    "decided_on",
    "outcome",
    "support_until",
    "next_review_on",
    "recorded_before_steps",
)


def work_items(cases, today: date) -> list[WorkItem]:
    """Everything owed on these cases that this app knows of, for "My work" and the reminders:
    NRM deadlines, support ending before the 12 months, assessments due, permission expiring.
    A fixed number of queries, no encrypted field decrypted; support records are read only for
    the cases that can have something due (the reminders run this over every open case)."""
    # The cases as a subquery for the support records' queries: the reminders pass thousands
    # at a time, and a list of thousands of ids costs more to bind than the query takes to run.
    ids = cases.values("pk")
    # Only the reference is shown: "My work" passes its list rows (names and all), which are not
    # joined or decrypted again here.
    cases = list(cases.select_related(None).only("pk", "reference").prefetch_related(NRM_PREFETCH_LEAN))
    items = []
    for case in cases:
        items += _nrm_items(case, today)
    items += _support_items(cases, ids, today)
    return items


def _nrm_items(case, today: date) -> list[WorkItem]:
    items = []
    for owed in position(case, today).owed:
        if owed.attention:
            items.append(
                WorkItem(
                    due_on=owed.due_on,
                    reference=case.reference,
                    kind=owed.kind,
                    text=owed.text,
                    overdue=owed.overdue,
                    group=OWED_GROUPS.get(owed.kind, "NRM"),
                )
            )
    return items


def _support_items(cases, ids, today: date) -> list[WorkItem]:
    """Support ending before the 12 months, Recovery Needs Assessments due, permission to stay
    about to expire."""
    by_id = {case.pk: case for case in cases}
    items = []
    # Only a positive CG under 400 days old, with no disqualification standing, can have its 12
    # months running.
    running = {}
    for case in cases:
        referral = latest_referral(case)
        if referral is None or not referral.is_nrm:
            continue
        rg, cg = decision_of(referral, DecisionKind.RG), decision_of(referral, DecisionKind.CG)
        if (
            rg
            and cg
            and cg.effective_outcome == Outcome.POSITIVE
            and cg.decided_on >= today - timedelta(days=400)
            and not disqualification_stands(referral)  # no NRM support owed: nothing at risk
        ):
            running[case.pk] = (referral, rg, cg)
    periods = defaultdict(list)
    for period in SupportPeriod.objects.filter(case_id__in=running).only(
        "kind", "case_id", "start_on", "end_on", "planned_end_on", "end_reason"
    ):
        periods[period.case_id].append(period)
    for case_id, (referral, rg, cg) in running.items():
        clock = clock_for(
            nation=referral.nation,
            rg_on=rg.decided_on,
            cg_on=cg.decided_on,
            cg_served=cg.served_on,
            periods=periods[case_id],
            today=today,
            age_group=referral.age_at_referral,  # a child: no 12-month measure (None)
        )
        # Scotland and Northern Ireland are never "at risk": support after their CG is a discretion.
        if clock is not None and clock.verdict == SupportVerdict.AT_RISK:
            stops = first_uncovered_day(clock)
            items.append(
                WorkItem(
                    due_on=stops,
                    reference=by_id[case_id].reference,
                    kind="support_at_risk",
                    text=f"Support ends before the 12 months: {clock.days_short} days short",
                    overdue=stops <= today,
                    group="Support ending before 12 months",
                )
            )
    items += _needs_assessment_items(by_id, ids, today)
    # Permission expiring and decisions whose reconsideration window may be open: one read,
    # each row marked with which of the two it is (a record can be both).
    expiring = Q(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=PERMISSION_EXPIRY_WARNING_DAYS)
    )
    # The reconsideration window is at most 30 days: only decisions of the last 31 days are read.
    reconsiderable = Q(
        decided_on__gte=today - timedelta(days=31),
        decided_on__lte=today,
        decision__in=[PermissionDecision.GRANTED, PermissionDecision.REFUSED],
    )
    permissions = [
        p
        for p in PermissionToStay.objects.filter(expiring | reconsiderable, case_id__in=ids)
        .annotate(
            is_expiring=ExpressionWrapper(expiring, output_field=BooleanField()),
            is_reconsiderable=ExpressionWrapper(reconsiderable, output_field=BooleanField()),
        )
        .only("case_id", "expires_on", "decision", "decided_on")
        if p.case_id in by_id
    ]
    for permission in (p for p in permissions if p.is_expiring):
        items.append(
            WorkItem(
                due_on=permission.expires_on,
                reference=by_id[permission.case_id].reference,
                kind="permission_expiring",
                text=f"Permission to stay expires on {long_date(permission.expires_on)}",
                group="Permission to stay expiring",
            )
        )
    items += _permission_reconsideration_items(by_id, [p for p in permissions if p.is_reconsiderable], today)
    return items


def _needs_assessment_items(by_id, ids, today: date) -> list[WorkItem]:
    """Recovery Needs Assessments: due soon or overdue (not yet submitted), a decision awaited
    too long (support/rules/needs_assessments.py), and after a decision of continued support,
    the next RNA or review coming up. One query; nothing decrypted."""
    soon = today + timedelta(days=RNA_WARNING_DAYS)
    # Undecided rows recorded before the steps were kept (migration 0021) are never overdue nor
    # awaited too long (support/rules/needs_assessments.py): left out here, still on the page.
    undecided = Q(outcome=RnaOutcome.PENDING, decided_on__isnull=True, recorded_before_steps=False)
    rows = RecoveryNeedsAssessment.objects.filter(
        (undecided & (Q(submitted_on__isnull=True, due_on__lte=soon) | Q(submitted_on__isnull=False)))
        | Q(decided_on__isnull=False, next_review_on__lte=soon)
        | Q(decided_on__isnull=False, next_review_on__isnull=True, support_until__lte=soon),
        case_id__in=ids,
    ).only(*RNA_COLUMNS)
    rows = [a for a in rows if a.case_id in by_id]  # a case that left the set between reads
    # A later assessment on the case answers the next RNA a decision asked for.
    on_case: dict[int, list] = {}
    for a in RecoveryNeedsAssessment.objects.filter(case_id__in={a.case_id for a in rows}).only(*RNA_COLUMNS):
        on_case.setdefault(a.case_id, []).append(a)
    latest_pk = {case_id: needs_assessments.latest(found).pk for case_id, found in on_case.items()}
    items = []
    for a in rows:
        reference = by_id[a.case_id].reference
        if a.status in (RnaStatus.DRAFT, RnaStatus.SHARED):
            items.append(
                WorkItem(
                    due_on=a.due_on,
                    reference=reference,
                    kind="rna_due",
                    text=f"Recovery Needs Assessment due by {long_date(a.due_on)}",
                    overdue=needs_assessments.is_overdue(a, today),
                    group="Recovery Needs Assessments due",
                )
            )
        elif a.status == RnaStatus.SUBMITTED:
            if needs_assessments.decision_awaited_too_long(a, today):
                assert a.submitted_on is not None
                items.append(
                    WorkItem(
                        due_on=needs_assessments.decision_due(a),
                        reference=reference,
                        kind="rna_decision_awaited",
                        text=(
                            "Recovery Needs Assessment decision awaited since "
                            f"{long_date(a.submitted_on)}: chase the Single Competent Authority"
                        ),
                        overdue=True,
                        group="Recovery Needs Assessment decisions awaited",
                    )
                )
        else:
            following = needs_assessments.next_due(a)
            if following is not None and following <= soon and latest_pk[a.case_id] == a.pk:
                items.append(
                    WorkItem(
                        due_on=following,
                        reference=reference,
                        kind="rna_next",
                        text=f"Next Recovery Needs Assessment or review by {long_date(following)}",
                        overdue=following < today,
                        group="Recovery Needs Assessments due",
                    )
                )
    return items


def _permission_reconsideration_items(by_id, decided, today: date) -> list[WorkItem]:
    """A permission to stay decision (a refusal, or a grant's length or purpose) can be asked to
    be reconsidered within its window (clocks.vts_reconsideration_deadline): listed while open."""
    items = []
    for permission in decided:
        deadline = clocks.vts_reconsideration_deadline(
            permission.decided_on, settings.VTS_RECONSIDERATION_30_DAYS_FROM
        )
        if today > deadline:
            continue
        what = "the refusal" if permission.decision == PermissionDecision.REFUSED else "its length or purpose"
        items.append(
            WorkItem(
                due_on=deadline,
                reference=by_id[permission.case_id].reference,
                kind="permission_reconsideration",
                text=(
                    f"Permission to stay: reconsideration of {what} can be requested until "
                    f"{long_date(deadline)}"
                ),
                group="Reconsideration windows closing",
            )
        )
    return items
