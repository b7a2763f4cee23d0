"""The NRM and support records on the case timeline: the referral and each decision (served
dates, reconsiderations, disqualification, withdrawal), a child's records, support periods,
Recovery Needs Assessments and permission to stay. A case holds a handful of each, so every
source reads all of its records in a fixed number of queries (the timeline cuts the page), and
no encrypted column: names, notes and references stay where they are."""

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.ui.dates import long_date
from support.models import (
    AgeDispute,
    ChildGuardian,
    Decision,
    LocalAuthorityLead,
    PermissionToStay,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
)
from support.vocabularies import (
    AgeDisputeOutcome,
    DecisionKind,
    DisqualificationReconsiderationOutcome,
    GuardianService,
    Outcome,
    PermissionDecision,
    ReconsiderationOutcome,
    ReferralKind,
    RnaOutcome,
    SupportProvider,
)

NRM, CHILD, SUPPORT, RNA, PERMISSION = "nrm", "child", "support", "rna", "permission"

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank).
RANK_REFERRAL, RANK_CHILD, RANK_DECISION, RANK_SERVED, RANK_RECONSIDERATION = 30, 35, 40, 45, 50
RANK_DISQUALIFIED, RANK_WITHDRAWN, RANK_SUPPORT_START, RANK_SUPPORT_END = 55, 60, 65, 70
RANK_RNA, RANK_PERMISSION = 75, 80

SHORT_KIND = {DecisionKind.RG: "RG", DecisionKind.CG: "CG"}


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


def nrm_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Referrals (with their disqualification and withdrawal) and decisions (with their
    reconsideration): two queries."""
    events = []
    referrals = (
        Referral.objects.filter(case=case)
        .select_related("disqualification", "withdrawal")
        .only(
            "pk",
            "kind",
            "submitted_on",
            "disqualification__decided_on",
            "disqualification__reconsideration_requested_on",
            "disqualification__reconsideration_outcome",
            "disqualification__reconsideration_outcome_on",
            "withdrawal__withdrawn_on",
        )
    )
    for referral in referrals:
        title = "Referred to the NRM" if referral.kind == ReferralKind.NRM else "Duty to Notify report made"
        events.append(
            TimelineEvent(
                on=referral.submitted_on, kind=NRM, title=title, rank=RANK_REFERRAL, key=referral.pk
            )
        )
        disqualification = getattr(referral, "disqualification", None)
        if disqualification is not None:
            events.append(
                TimelineEvent(
                    on=disqualification.decided_on,
                    kind=NRM,
                    title="Public order disqualification",
                    rank=RANK_DISQUALIFIED,
                    key=referral.pk,
                )
            )
            if disqualification.reconsideration_requested_on:
                events.append(
                    TimelineEvent(
                        on=disqualification.reconsideration_requested_on,
                        kind=NRM,
                        title="Reconsideration of the disqualification requested",
                        rank=RANK_RECONSIDERATION,
                        key=referral.pk,
                    )
                )
            if disqualification.reconsideration_outcome_on:
                outcome = DisqualificationReconsiderationOutcome(disqualification.reconsideration_outcome)
                events.append(
                    TimelineEvent(
                        on=disqualification.reconsideration_outcome_on,
                        kind=NRM,
                        title=f"Reconsideration of the disqualification: {_lower_first(outcome.label)}",
                        rank=RANK_RECONSIDERATION + 1,
                        key=referral.pk,
                    )
                )
        withdrawal = getattr(referral, "withdrawal", None)
        if withdrawal is not None:
            events.append(
                TimelineEvent(
                    on=withdrawal.withdrawn_on,
                    kind=NRM,
                    title="Withdrawn from the NRM",
                    rank=RANK_WITHDRAWN,
                    key=referral.pk,
                )
            )
    decisions = (
        Decision.objects.filter(referral__case=case)
        .select_related("reconsideration")
        .only(
            "pk",
            "kind",
            "outcome",
            "decided_on",
            "served_on",
            "reconsideration__requested_on",
            "reconsideration__outcome",
            "reconsideration__outcome_on",
        )
    )
    for decision in decisions:
        short = SHORT_KIND[decision.kind]
        events.append(
            TimelineEvent(
                on=decision.decided_on,
                kind=NRM,
                title=f"{Outcome(decision.outcome).label} {DecisionKind(decision.kind).label} decision",
                rank=RANK_DECISION + (1 if decision.kind == DecisionKind.CG else 0),
                key=decision.pk,
            )
        )
        if decision.served_on is not None:
            events.append(
                TimelineEvent(
                    on=decision.served_on,
                    kind=NRM,
                    title=f"{short} decision served",
                    rank=RANK_SERVED,
                    key=decision.pk,
                )
            )
        reconsideration = getattr(decision, "reconsideration", None)
        if reconsideration is not None:
            events.append(
                TimelineEvent(
                    on=reconsideration.requested_on,
                    kind=NRM,
                    title=f"Reconsideration of the {short} decision requested",
                    rank=RANK_RECONSIDERATION,
                    key=decision.pk,
                )
            )
            if reconsideration.outcome_on is not None:
                outcome = ReconsiderationOutcome(reconsideration.outcome).label
                events.append(
                    TimelineEvent(
                        on=reconsideration.outcome_on,
                        kind=NRM,
                        title=f"Reconsideration of the {short} decision: {_lower_first(outcome)}",
                        rank=RANK_RECONSIDERATION + 1,
                        key=decision.pk,
                    )
                )
    return events


def child_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """A guardian referral, an age dispute and its assessment, a local authority taking the
    lead (three queries; the authority's and social worker's names are not read)."""
    events = []
    for guardian in ChildGuardian.objects.filter(case=case).values("pk", "referred_on", "service"):
        events.append(
            TimelineEvent(
                on=guardian["referred_on"],
                kind=CHILD,
                title="Referred to a child trafficking guardian",
                details=(GuardianService(guardian["service"]).label,),
                rank=RANK_CHILD,
                key=guardian["pk"],
            )
        )
    for dispute in AgeDispute.objects.filter(case=case).values("pk", "raised_on", "outcome", "assessed_on"):
        events.append(
            TimelineEvent(
                on=dispute["raised_on"], kind=CHILD, title="Age disputed", rank=RANK_CHILD, key=dispute["pk"]
            )
        )
        if dispute["assessed_on"] is not None:
            events.append(
                TimelineEvent(
                    on=dispute["assessed_on"],
                    kind=CHILD,
                    title=AgeDisputeOutcome(dispute["outcome"]).label,
                    rank=RANK_CHILD + 1,
                    key=dispute["pk"],
                )
            )
    for lead in LocalAuthorityLead.objects.filter(case=case).values("pk", "since"):
        events.append(
            TimelineEvent(
                on=lead["since"],
                kind=CHILD,
                title="A local authority leads for the child",
                rank=RANK_CHILD,
                key=lead["pk"],
            )
        )
    return events


def support_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each period of support started and ended (one query; the provider's name is not read)."""
    events = []
    for period in SupportPeriod.objects.filter(case=case).only(
        "pk", "kind", "provider", "start_on", "end_on", "end_reason"
    ):
        provider = SupportProvider(period.provider).label
        events.append(
            TimelineEvent(
                on=period.start_on,
                kind=SUPPORT,
                title=f"{period.get_kind_display()} started",
                details=(provider,),
                rank=RANK_SUPPORT_START,
                key=period.pk,
            )
        )
        if period.end_on is not None:
            events.append(
                TimelineEvent(
                    on=period.end_on,
                    kind=SUPPORT,
                    title=f"{period.get_kind_display()} ended",
                    details=(period.end_reason_words[:1].upper() + period.end_reason_words[1:],),
                    rank=RANK_SUPPORT_END,
                    key=period.pk,
                )
            )
    return events


def needs_assessment_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each Recovery Needs Assessment submitted, with its outcome (one query)."""
    assessments = RecoveryNeedsAssessment.objects.filter(case=case, submitted_on__isnull=False).values(
        "pk", "submitted_on", "outcome", "next_review_on"
    )
    events = []
    for assessment in assessments:
        details = [f"Outcome: {_lower_first(RnaOutcome(assessment['outcome']).label)}"]
        if assessment["next_review_on"]:
            details.append(f"Next review {long_date(assessment['next_review_on'])}")
        events.append(
            TimelineEvent(
                on=assessment["submitted_on"],
                kind=RNA,
                title="Recovery Needs Assessment submitted",
                details=tuple(details),
                rank=RANK_RNA,
                key=assessment["pk"],
            )
        )
    return events


def permission_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Temporary permission to stay considered, decided, and an extension applied for (one query)."""
    events = []
    rows = PermissionToStay.objects.filter(case=case).values(
        "pk", "considered_from", "decision", "decided_on", "expires_on", "extension_applied_on"
    )
    for row in rows:
        events.append(
            TimelineEvent(
                on=row["considered_from"],
                kind=PERMISSION,
                title="Temporary permission to stay being considered",
                rank=RANK_PERMISSION,
                key=row["pk"],
            )
        )
        if row["decided_on"] is not None and row["decision"] != PermissionDecision.PENDING:
            granted = row["decision"] == PermissionDecision.GRANTED
            details = (f"Until {long_date(row['expires_on'])}",) if granted and row["expires_on"] else ()
            events.append(
                TimelineEvent(
                    on=row["decided_on"],
                    kind=PERMISSION,
                    title=f"Temporary permission to stay {'granted' if granted else 'refused'}",
                    details=details,
                    rank=RANK_PERMISSION + 1,
                    key=row["pk"],
                )
            )
        if row["extension_applied_on"] is not None:
            events.append(
                TimelineEvent(
                    on=row["extension_applied_on"],
                    kind=PERMISSION,
                    title="Extension of permission to stay applied for",
                    rank=RANK_PERMISSION + 2,
                    key=row["pk"],
                )
            )
    return events


SOURCES = [
    TimelineSource(kinds=[(NRM, "NRM referral and decisions")], events=nrm_events),
    TimelineSource(kinds=[(CHILD, "Children's records")], events=child_events),
    TimelineSource(kinds=[(SUPPORT, "Support periods")], events=support_events),
    TimelineSource(kinds=[(RNA, "Recovery Needs Assessments")], events=needs_assessment_events),
    TimelineSource(kinds=[(PERMISSION, "Permission to stay")], events=permission_events),
]
