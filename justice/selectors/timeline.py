"""The criminal-justice journey on the case timeline: each proceeding recorded, the survivor's
engagement changing, each step of a proceeding, and each claim's dated steps. Three queries,
no encrypted column (crime references, officers, defendants and notes are not read)."""

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.ui.labels import choice_label
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

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank). Two events of
# one day never share (rank, kind, id): the page's cursor tells them apart by it.
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
        events.append(
            TimelineEvent.happened(
                proceeding["created_at"],
                kind=JUSTICE,
                title="Criminal proceeding recorded",
                details=(
                    choice_label(ProceedingKind, proceeding["kind"]),
                    f"Police force: {choice_label(PoliceForce, proceeding['police_force'])}",
                ),
                key=proceeding["pk"],
            )
        )
        if proceeding["engagement_changed_on"] is not None:
            # The proceeding keeps only its latest change of engagement: said as what it is now,
            # on the day it last changed (earlier changes are not kept to be shown).
            reason = proceeding["disengagement_reason"]
            engagement = choice_label(Engagement, proceeding["engagement"]).lower()
            events.append(
                TimelineEvent(
                    on=proceeding["engagement_changed_on"],
                    kind=JUSTICE,
                    title=f"The survivor's engagement now: {engagement}",
                    details=(choice_label(DisengagementReason, reason),) if reason else (),
                    rank=RANK_ENGAGEMENT,
                    key=proceeding["pk"],
                )
            )
    steps = Milestone.objects.filter(proceeding__case=case).values(
        "pk", "kind", "on", "outcome", "proceeding__kind"
    )
    for step in steps:
        details = [choice_label(ProceedingKind, step["proceeding__kind"])]
        if step["outcome"]:
            details.insert(0, f"Outcome: {choice_label(MilestoneOutcome, step['outcome'])}")
        events.append(
            TimelineEvent(
                on=step["on"],
                kind=JUSTICE,
                title=choice_label(MilestoneKind, step["kind"]),
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
        kind = choice_label(ClaimKind, claim["kind"])
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
                    rank=RANK_CLAIM + 1,
                    key=claim["pk"],
                )
            )
        if claim["submitted_on"] is not None:
            events.append(
                TimelineEvent(
                    on=claim["submitted_on"],
                    kind=CLAIM,
                    title="Claim submitted",
                    details=(kind, f"Outcome so far: {choice_label(ClaimOutcome, claim['outcome']).lower()}"),
                    rank=RANK_CLAIM + 2,
                    key=claim["pk"],
                )
            )
    return events


SOURCES = [
    TimelineSource(kinds=[(JUSTICE, "Criminal justice steps")], events=justice_events),
    TimelineSource(kinds=[(CLAIM, "Compensation and claims")], events=claim_events),
]
