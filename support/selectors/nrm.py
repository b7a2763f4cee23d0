"""NRM reads. Cases always come in already filtered by Case.objects.visible_to()."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Prefetch

from casework.hooks import WorkItem
from casework.ui.dates import long_date
from support.models import Decision, PermissionToStay, RecoveryNeedsAssessment, Referral, SupportPeriod
from support.rules.nrm_status import decision_of, latest_referral, position
from support.rules.twelve_months import clock_for, first_uncovered_day
from support.vocabularies import DecisionKind, Outcome, SupportVerdict

# Everything position() reads, in a fixed number of queries whatever the number of cases.
NRM_PREFETCH = Prefetch(
    "referrals",
    queryset=Referral.objects.select_related("withdrawal", "disqualification").prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("reconsideration"))
    ),
)


# The same, without the encrypted free text (NRM reference, notes): for lists, work items and
# reminders, which only need dates and outcomes and would otherwise decrypt every note.
NRM_PREFETCH_LEAN = Prefetch(
    "referrals",
    queryset=Referral.objects.select_related("withdrawal", "disqualification")
    .defer("nrm_reference", "withdrawal__notes", "disqualification__notes")
    .prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("reconsideration").defer("notes"))
    ),
)


def _actions(kind: str, pk: int) -> dict:
    """The timeline entry's "Change" and "Delete" pages (URL names and the record's id)."""
    return {"change_url": f"nrm_{kind}_change", "delete_url": f"nrm_{kind}_delete", "pk": pk}


def referral_timeline(case) -> list[dict]:
    """Every NRM event of the case, oldest first, for the timeline."""
    events = []
    for referral in case.referrals.all():
        title = (
            "Duty to Notify report made"
            if not referral.is_nrm
            else ("Re-referred to the NRM" if referral.previous_referral_id else "Referred to the NRM")
        )
        events.append(
            {
                "on": referral.submitted_on,
                "kind": "referral",
                "title": title,
                "referral": referral,
                **_actions("referral", referral.pk),
            }
        )
        for decision in referral.decisions.all():
            events.append(
                {
                    "on": decision.decided_on,
                    "kind": "decision",
                    "title": f"{decision.get_outcome_display()} {decision.get_kind_display()} decision",
                    "decision": decision,
                    **_actions("decision", decision.pk),
                }
            )
            reconsideration = getattr(decision, "reconsideration", None)
            if reconsideration is not None:
                events.append(
                    {
                        "on": reconsideration.requested_on,
                        "kind": "other",
                        "title": "Reconsideration requested",
                        **_actions("reconsideration", reconsideration.pk),
                    }
                )
                if reconsideration.outcome_on:
                    events.append(
                        {
                            "on": reconsideration.outcome_on,
                            "kind": "other",
                            "title": f"Reconsideration: {reconsideration.get_outcome_display().lower()}",
                        }
                    )
        if getattr(referral, "disqualification", None) is not None:
            events.append(
                {
                    "on": referral.disqualification.decided_on,
                    "kind": "other",
                    "title": "Public order disqualification",
                    **_actions("disqualification", referral.disqualification.pk),
                }
            )
        if getattr(referral, "withdrawal", None) is not None:
            events.append(
                {
                    "on": referral.withdrawal.withdrawn_on,
                    "kind": "other",
                    "title": "Withdrawn from the NRM",
                    **_actions("withdrawal", referral.withdrawal.pk),
                }
            )
    return sorted(events, key=lambda event: event["on"])


# The headings NRM items are listed under in reminder emails.
OWED_GROUPS = {
    "rg_overdue": "RG decisions overdue",
    "rg_due": "RG decisions due soon",
    "cg_waiting": "Waiting past a CG escalation point",
    "reconsideration_deadline": "Reconsideration windows closing",
    "served_date_missing": "Negative decisions without a served date",
}


def work_items(cases, today: date) -> list[WorkItem]:
    """Everything owed on these cases that this app knows of, for "My work" and the reminders:
    NRM deadlines, support ending before the 12 months, assessments due, permission expiring.
    A fixed number of queries, no encrypted field decrypted; support records are read only for
    the cases that can have something due (the reminders run this over every open case)."""
    cases = list(cases.prefetch_related(NRM_PREFETCH_LEAN))
    items = []
    for case in cases:
        items += _nrm_items(case, today)
    items += _support_items(cases, today)
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


def nrm_export_section(case):
    """Everything the NRM records hold, for the subject access export."""
    records = []
    for referral in case.referrals.prefetch_related("decisions__reconsideration"):
        records.append(
            {
                "record": referral.get_kind_display(),
                "submitted_on": referral.submitted_on,
                "first_responder": referral.get_first_responder_display(),
                "first_responder_other": referral.first_responder_other,
                "nrm_reference": referral.nrm_reference,
                "age_at_referral": referral.get_age_at_referral_display(),
                "competent_authority": referral.get_competent_authority_display(),
                "nation": referral.get_nation_display(),
            }
        )
        for decision in referral.decisions.all():
            reconsideration = getattr(decision, "reconsideration", None)
            records.append(
                {
                    "record": f"{decision.get_outcome_display()} {decision.get_kind_display()} decision",
                    "decided_on": decision.decided_on,
                    "served_on": decision.served_on,
                    "notes": decision.notes,
                    "reconsideration_requested_on": reconsideration.requested_on if reconsideration else None,
                    "reconsideration_outcome": reconsideration.get_outcome_display()
                    if reconsideration
                    else None,
                }
            )
        disqualification = getattr(referral, "disqualification", None)
        if disqualification is not None:
            records.append(
                {
                    "record": "Public order disqualification",
                    "decided_on": disqualification.decided_on,
                    "notes": disqualification.notes,
                }
            )
        withdrawal = getattr(referral, "withdrawal", None)
        if withdrawal is not None:
            records.append(
                {"record": "Withdrawal", "withdrawn_on": withdrawal.withdrawn_on, "notes": withdrawal.notes}
            )
    return records


PERMISSION_EXPIRY_WARNING_DAYS = 60


RNA_WARNING_DAYS = 7


def _support_items(cases, today: date) -> list[WorkItem]:
    """Support ending before the 12 months, Recovery Needs Assessments due, permission to stay
    about to expire."""
    by_id = {case.pk: case for case in cases}
    items = []
    # Only a positive CG under 400 days old can have its 12 months running.
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
        ):
            running[case.pk] = (referral, rg, cg)
    periods = defaultdict(list)
    for period in SupportPeriod.objects.filter(case_id__in=running).only(
        "case_id", "start_on", "end_on", "planned_end_on"
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
        )
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
    assessments = RecoveryNeedsAssessment.objects.filter(
        case_id__in=by_id, submitted_on__isnull=True, due_on__lte=today + timedelta(days=RNA_WARNING_DAYS)
    ).only("case_id", "due_on")
    for assessment in assessments:
        items.append(
            WorkItem(
                due_on=assessment.due_on,
                reference=by_id[assessment.case_id].reference,
                kind="rna_due",
                text=f"Recovery Needs Assessment due by {long_date(assessment.due_on)}",
                overdue=assessment.due_on < today,
                group="Recovery Needs Assessments due",
            )
        )
    permissions = PermissionToStay.objects.filter(
        case_id__in=by_id,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=PERMISSION_EXPIRY_WARNING_DAYS),
    ).only("case_id", "expires_on")
    for permission in permissions:
        items.append(
            WorkItem(
                due_on=permission.expires_on,
                reference=by_id[permission.case_id].reference,
                kind="permission_expiring",
                text=f"Permission to stay expires on {long_date(permission.expires_on)}",
                group="Permission to stay expiring",
            )
        )
    return items


def rg_decision_date(case):
    """The RG decision date of the case's current referral (for the justice panel's check)."""
    return (
        Decision.objects.filter(referral__case=case, referral__is_current=True, kind="rg")
        .values_list("decided_on", flat=True)
        .first()
    )


def support_export_section(case):
    """Support received, assessments and permission to stay, for the subject access export."""
    records = [
        {
            "record": f"Support: {period.get_kind_display()}",
            "provider": period.provider_name or period.get_provider_display(),
            "from": period.start_on,
            "to": period.end_on,
            "planned_end": period.planned_end_on,
            "end_reason": period.get_end_reason_display() if period.end_reason else "",
            "notes": period.notes,
        }
        for period in case.support_periods.all()
    ]
    records += [
        {
            "record": "Recovery Needs Assessment",
            "due": a.due_on,
            "submitted": a.submitted_on,
            "outcome": a.get_outcome_display(),
            "notes": a.notes,
        }
        for a in case.needs_assessments.all()
    ]
    records += [
        {
            "record": "Temporary permission to stay",
            "decision": p.get_decision_display(),
            "decided": p.decided_on,
            "expires": p.expires_on,
            "notes": p.notes,
        }
        for p in case.permissions_to_stay.all()
    ]
    return records
