"""Reading what the survivor received or was refused: the panel (one query), the export, the
timeline, and the managers' counts by stage of the NRM (oversight/statistics.py)."""

from datetime import date

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from support.models import Decision, EntitlementReceived, Referral
from support.rules.entitlements_received import STAGES, NrmSpan, nrm_end, stage
from support.vocabularies import (
    DecisionKind,
    EntitlementKind,
    EntitlementResult,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
)

ENTITLEMENTS = "entitlements"
RANK_START, RANK_END = 93, 94


def entitlements_panel_context(request, case) -> dict:
    entitlements = list(EntitlementReceived.objects.filter(case=case).order_by("-start_on", "-id"))
    return {
        "entitlements": entitlements,
        "EntitlementResult": EntitlementResult,  # the template compares the stored result with it
    }


def entitlements_export_section(case) -> list[dict]:
    return [
        {
            "record": "Entitlement",
            "kind": e.get_kind_display(),
            "result": e.get_result_display(),
            "from": e.start_on,
            "to": e.end_on,
            "refusal_reason": e.refusal_reason,
            "notes": e.notes,
        }
        for e in EntitlementReceived.objects.filter(case=case)
    ]


def entitlement_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each entitlement received (and its end) or refused: one query, nothing decrypted."""
    events = []
    for row in EntitlementReceived.objects.filter(case=case).values(
        "pk", "kind", "result", "start_on", "end_on"
    ):
        kind = EntitlementKind(row["kind"]).label
        refused = row["result"] == EntitlementResult.REFUSED
        events.append(
            TimelineEvent(
                on=row["start_on"],
                kind=ENTITLEMENTS,
                title=f"{kind} refused" if refused else f"{kind} started",
                tags=(("Refused", "govuk-tag--red"),) if refused else (),
                rank=RANK_START,
                key=row["pk"],
            )
        )
        if row["end_on"] is not None:
            events.append(
                TimelineEvent(
                    on=row["end_on"], kind=ENTITLEMENTS, title=f"{kind} ended", rank=RANK_END, key=row["pk"]
                )
            )
    return events


TIMELINE = TimelineSource(kinds=[(ENTITLEMENTS, "Entitlements received")], events=entitlement_events)


def nrm_spans(case_ids) -> dict[int, list[NrmSpan]]:
    """Each case's NRM referrals with the day each one's NRM ended (two queries)."""
    referrals = Referral.objects.filter(case_id__in=case_ids, kind=ReferralKind.NRM).values_list(
        "pk", "case_id", "submitted_on", "withdrawal__withdrawn_on"
    )
    ends: dict[int, dict[str, date]] = {}
    decisions = Decision.objects.filter(
        referral__case_id__in=case_ids, referral__kind=ReferralKind.NRM
    ).values_list("referral_id", "kind", "outcome", "decided_on", "reconsideration__outcome")
    for referral_id, kind, outcome, decided_on, reconsidered in decisions:
        if kind == DecisionKind.CG:
            ends.setdefault(referral_id, {})["cg_on"] = decided_on
        elif outcome == Outcome.NEGATIVE and reconsidered != ReconsiderationOutcome.OVERTURNED:
            ends.setdefault(referral_id, {})["negative_rg_on"] = decided_on
    spans: dict[int, list[NrmSpan]] = {}
    for pk, case_id, submitted_on, withdrawn_on in referrals:
        decided = ends.get(pk, {})
        ended_on = nrm_end(
            cg_on=decided.get("cg_on"),
            negative_rg_on=decided.get("negative_rg_on"),
            withdrawn_on=withdrawn_on,
        )
        spans.setdefault(case_id, []).append(NrmSpan(submitted_on=submitted_on, ended_on=ended_on))
    return spans


def entitlements_by_stage(cases, start: date, end: date) -> dict[str, dict[str, int]]:
    """For each kind, how many of these cases' survivors received it and were refused it before
    an NRM referral, during the NRM and after it ended (support/rules/entitlements_received.py),
    by the day it started (or was refused) between start and end. A survivor counts once in a
    cell however many records they have there."""
    rows = list(
        EntitlementReceived.objects.filter(
            case__in=cases, start_on__gte=start, start_on__lte=end
        ).values_list("case_id", "kind", "result", "start_on")
    )
    spans = nrm_spans({case_id for case_id, *_rest in rows})
    people: dict[str, dict[str, set[int]]] = {
        kind: {f"{s}_{r}": set() for s, _ in STAGES for r in EntitlementResult.values}
        for kind in EntitlementKind.values
    }
    for case_id, kind, result, start_on in rows:
        if kind in people:
            people[kind][f"{stage(start_on, spans.get(case_id, []))}_{result}"].add(case_id)
    return {kind: {cell: len(ids) for cell, ids in cells.items()} for kind, cells in people.items()}


def stage_columns() -> list[tuple[str, str]]:
    return [
        (f"{s}_{r}", f"{result_label} {stage_label[:1].lower()}{stage_label[1:]}")
        for s, stage_label in STAGES
        for r, result_label in EntitlementResult.choices
    ]
