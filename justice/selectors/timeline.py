"""The criminal-justice journey on the case timeline: each proceeding recorded, the survivor's
engagement changing, each step of a proceeding, and each claim's dated steps. Three queries,
no encrypted column (crime references, officers, defendants and notes are not read)."""

from django.utils import timezone

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from justice.models import Claim, Milestone, Proceeding
from justice.vocabularies import (
    ClaimKind,
    ClaimOutcome,
    DisengagementReason,
    Engagement,
    MilestoneKind,
    MilestoneOutcome,
    PoliceForce,
    ProceedingKind,
)

JUSTICE, CLAIM = "justice", "claim"

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank).
RANK_ENGAGEMENT, RANK_STEP, RANK_CLAIM = 84, 85, 90


def justice_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    events = []
    proceedings = Proceeding.objects.filter(case=case).values(
        "pk",
        "kind",
        "police_force",
        "created_at",
        "engagement",
        "engagement_changed_on",
        "disengagement_reason",
    )
    for proceeding in proceedings:
        local = timezone.localtime(proceeding["created_at"])
        events.append(
            TimelineEvent(
                on=local.date(),
                at=local.time().replace(second=0, microsecond=0),
                kind=JUSTICE,
                title="Criminal proceeding recorded",
                details=(
                    ProceedingKind(proceeding["kind"]).label,
                    f"Police force: {PoliceForce(proceeding['police_force']).label}",
                ),
                key=proceeding["pk"],
            )
        )
        if proceeding["engagement_changed_on"] is not None:
            reason = proceeding["disengagement_reason"]
            events.append(
                TimelineEvent(
                    on=proceeding["engagement_changed_on"],
                    kind=JUSTICE,
                    title=f"The survivor's engagement: {Engagement(proceeding['engagement']).label.lower()}",
                    details=(DisengagementReason(reason).label,) if reason else (),
                    rank=RANK_ENGAGEMENT,
                    key=proceeding["pk"],
                )
            )
    steps = Milestone.objects.filter(proceeding__case=case).values(
        "pk", "kind", "on", "outcome", "proceeding__kind"
    )
    for step in steps:
        details = [ProceedingKind(step["proceeding__kind"]).label]
        if step["outcome"]:
            details.insert(0, f"Outcome: {MilestoneOutcome(step['outcome']).label}")
        events.append(
            TimelineEvent(
                on=step["on"],
                kind=JUSTICE,
                title=MilestoneKind(step["kind"]).label,
                details=tuple(details),
                rank=RANK_STEP,
                key=step["pk"],
            )
        )
    return events


def claim_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """A claim's dated steps: ACAS early conciliation, more time asked of CICA, submitted. Its
    outcome has no date of its own, so it is said on the submission."""
    events = []
    claims = Claim.objects.filter(case=case).values(
        "pk", "kind", "acas_day_a", "extension_asked_on", "submitted_on", "outcome"
    )
    for claim in claims:
        kind = ClaimKind(claim["kind"]).label
        if claim["acas_day_a"] is not None:
            events.append(
                TimelineEvent(
                    on=claim["acas_day_a"],
                    kind=CLAIM,
                    title="ACAS early conciliation started",
                    details=(kind,),
                    rank=RANK_CLAIM,
                    key=claim["pk"],
                )
            )
        if claim["extension_asked_on"] is not None:
            events.append(
                TimelineEvent(
                    on=claim["extension_asked_on"],
                    kind=CLAIM,
                    title="More time asked for a late claim",
                    details=(kind,),
                    rank=RANK_CLAIM,
                    key=claim["pk"],
                )
            )
        if claim["submitted_on"] is not None:
            events.append(
                TimelineEvent(
                    on=claim["submitted_on"],
                    kind=CLAIM,
                    title="Claim submitted",
                    details=(kind, f"Outcome so far: {ClaimOutcome(claim['outcome']).label.lower()}"),
                    rank=RANK_CLAIM + 1,
                    key=claim["pk"],
                )
            )
    return events


SOURCES = [
    TimelineSource(kinds=[(JUSTICE, "Criminal justice steps")], events=justice_events),
    TimelineSource(kinds=[(CLAIM, "Compensation and claims")], events=claim_events),
]
