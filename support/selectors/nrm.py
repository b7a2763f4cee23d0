"""NRM reads. Cases always come in already filtered by Case.objects.visible_to()."""

from django.db.models import Prefetch

from casework import clocks
from casework.ui.dates import long_date
from support.models import Decision, Referral
from support.vocabularies import DecisionKind

# Everything position() reads, in a fixed number of queries whatever the number of cases.
NRM_PREFETCH = Prefetch(
    "referrals",
    queryset=Referral.objects.select_related("withdrawal", "disqualification").prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("reconsideration"))
    ),
)


# The same, without the encrypted free text (NRM reference, notes): for lists, work items and
# reminders, which only need dates and outcomes and would otherwise decrypt every note. Into plain
# lists (case.nrm_referrals, referral.nrm_decisions, which latest_referral and decision_of read
# first): Django builds a queryset per case and per referral to hold a prefetch otherwise, a
# quarter of what "My work" spent on its NRM deadlines.
NRM_PREFETCH_LEAN = Prefetch(
    "referrals",
    to_attr="nrm_referrals",
    queryset=Referral.objects.select_related("withdrawal", "disqualification")
    .defer("nrm_reference", "first_responder_other", "withdrawal__notes", "disqualification__notes")
    .prefetch_related(
        Prefetch(
            "decisions",
            to_attr="nrm_decisions",
            queryset=Decision.objects.select_related("reconsideration").defer("notes"),
        )
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
                        "note": late_reconsideration_note(decision.decided_on, reconsideration.requested_on),
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
                    "title": "Public order disqualification"
                    + (
                        f": {referral.disqualification.get_ground_display().lower()}"
                        if referral.disqualification.ground
                        else ""
                    ),
                    **_actions("disqualification", referral.disqualification.pk),
                }
            )
            if referral.disqualification.reconsideration_requested_on:
                events.append(
                    {
                        "on": referral.disqualification.reconsideration_requested_on,
                        "kind": "other",
                        "title": "Reconsideration of the disqualification requested",
                    }
                )
            if referral.disqualification.reconsideration_outcome_on:
                events.append(
                    {
                        "on": referral.disqualification.reconsideration_outcome_on,
                        "kind": "other",
                        "title": "Reconsideration of the disqualification: "
                        + referral.disqualification.get_reconsideration_outcome_display().lower(),
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


def late_reconsideration_note(decided_on, requested_on) -> str:
    """A request made after the last day to ask (clocks.reconsideration_deadline) is recorded,
    with a note: the competent authority has to accept it late. Not a refusal."""
    deadline = clocks.reconsideration_deadline(decided_on)
    if deadline is None or requested_on <= deadline:
        return ""
    return (
        f"Requested after the time limit ({long_date(deadline)}, {(requested_on - decided_on).days} days "
        "after the decision): ask the competent authority for an extension, giving the exceptional reasons"
    )


def rg_decision_date(case):
    """The RG decision date of the case's current referral (for the justice panel's check)."""
    return (
        Decision.objects.filter(referral__case=case, referral__is_current=True, kind=DecisionKind.RG)
        .values_list("decided_on", flat=True)
        .first()
    )
