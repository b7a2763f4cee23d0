"""The NRM and support records on the case timeline: the referral and each decision (served
dates, reconsiderations, disqualification, withdrawal), support periods and Recovery Needs
Assessments; a child's records and permission to stay are in timeline_rights.py. A case holds a
handful of each, so every source reads all of its records in a fixed number of queries (the
timeline cuts the page), and no encrypted column: names, notes and references stay where they are."""

from django.db.models import Q

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.ui.dates import long_date
from casework.ui.labels import choice_label, lower_first
from support.models import Decision, RecoveryNeedsAssessment, Referral, SupportPeriod
from support.selectors.timeline_rights import CHILD, PERMISSION, child_events, permission_events
from support.vocabularies import (
    DecisionKind,
    DisqualificationReconsiderationOutcome,
    ReconsiderationOutcome,
    ReferralKind,
    RnaOutcome,
)

NRM, SUPPORT, RNA = "nrm", "support", "rna"

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank); a child's
# records (35-38) and permission to stay (80-82) take their places among these. Records of two
# tables never share a rank: (rank, kind, id) must tell any two events of a day apart.
RANK_REFERRAL, RANK_DECISION, RANK_SERVED, RANK_RECONSIDERATION = 30, 40, 45, 50
RANK_DISQUALIFIED, RANK_WITHDRAWN, RANK_SUPPORT_START, RANK_SUPPORT_END = 55, 60, 65, 70
RANK_RNA_SHARED, RANK_RNA, RANK_RNA_DECIDED = 74, 75, 76

SHORT_KIND = {DecisionKind.RG: "RG", DecisionKind.CG: "CG"}


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
                        rank=RANK_DISQUALIFIED + 1,
                        key=referral.pk,
                    )
                )
            if disqualification.reconsideration_outcome_on:
                outcome = choice_label(
                    DisqualificationReconsiderationOutcome, disqualification.reconsideration_outcome
                )
                events.append(
                    TimelineEvent(
                        on=disqualification.reconsideration_outcome_on,
                        kind=NRM,
                        title=f"Reconsideration of the disqualification: {lower_first(outcome)}",
                        rank=RANK_DISQUALIFIED + 2,
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
        short = SHORT_KIND.get(decision.kind, choice_label(DecisionKind, decision.kind))
        events.append(
            TimelineEvent(
                on=decision.decided_on,
                kind=NRM,
                title=f"{decision.get_outcome_display()} {decision.get_kind_display()} decision",
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
                outcome = choice_label(ReconsiderationOutcome, reconsideration.outcome)
                events.append(
                    TimelineEvent(
                        on=reconsideration.outcome_on,
                        kind=NRM,
                        title=f"Reconsideration of the {short} decision: {lower_first(outcome)}",
                        rank=RANK_RECONSIDERATION + 1,
                        key=decision.pk,
                    )
                )
    return events


def support_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each period of support started and ended (one query; the provider's name is not read)."""
    events = []
    for period in SupportPeriod.objects.filter(case=case).only(
        "pk", "kind", "provider", "start_on", "end_on", "end_reason"
    ):
        provider = period.get_provider_display()
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
    """Each Recovery Needs Assessment's steps: shared with the survivor, submitted, decided (with
    the outcome and the next RNA or review date). One query; the words it holds stay encrypted."""
    rows = RecoveryNeedsAssessment.objects.filter(
        Q(shared_on__isnull=False) | Q(submitted_on__isnull=False), case=case
    ).values("pk", "shared_on", "submitted_on", "decided_on", "outcome", "support_until", "next_review_on")
    events = []
    for row in rows:
        if row["shared_on"]:
            events.append(
                TimelineEvent(
                    on=row["shared_on"],
                    kind=RNA,
                    title="Recovery Needs Assessment shared with the survivor",
                    rank=RANK_RNA_SHARED,
                    key=row["pk"],
                )
            )
        if row["submitted_on"]:
            events.append(
                TimelineEvent(
                    on=row["submitted_on"],
                    kind=RNA,
                    title="Recovery Needs Assessment submitted",
                    rank=RANK_RNA,
                    key=row["pk"],
                )
            )
        decided = row["decided_on"]
        if decided or row["outcome"] != RnaOutcome.PENDING:
            details = [f"Outcome: {lower_first(choice_label(RnaOutcome, row['outcome']))}"]
            if row["support_until"]:
                details.append(f"Support agreed until {long_date(row['support_until'])}")
            if row["next_review_on"]:
                details.append(f"Next RNA or review {long_date(row['next_review_on'])}")
            events.append(
                TimelineEvent(
                    # Recorded before the decision date was kept: shown on its submission day.
                    on=decided or row["submitted_on"],
                    kind=RNA,
                    title="Recovery Needs Assessment decided",
                    details=tuple(details),
                    rank=RANK_RNA_DECIDED,
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
