"""Reading what the survivor received or was refused: the panel (one query), the export, the
timeline, and the managers' counts by stage of the NRM (oversight/statistics.py)."""

from datetime import date

from django.db.models import Min, OuterRef, Subquery

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from support.models import Decision, EntitlementReceived
from support.rules.entitlements_received import STAGES, stage
from support.vocabularies import DecisionKind, EntitlementKind, EntitlementResult

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


def entitlements_by_stage(cases, start: date, end: date) -> dict[str, dict[str, int]]:
    """For each kind, how many of these cases' survivors received it and were refused it during
    the NRM and after the CG decision, by the day it started (or was refused) between start and
    end. A survivor counts once in a cell however many records they have there."""
    first_cg = (
        Decision.objects.filter(referral__case=OuterRef("case_id"), kind=DecisionKind.CG)
        .order_by()
        .values("referral__case")
        .annotate(first=Min("decided_on"))
        .values("first")
    )
    rows = (
        EntitlementReceived.objects.filter(case__in=cases, start_on__gte=start, start_on__lte=end)
        .annotate(cg_on=Subquery(first_cg))
        .values_list("case_id", "kind", "result", "start_on", "cg_on")
    )
    people: dict[str, dict[str, set[int]]] = {
        kind: {f"{s}_{r}": set() for s, _ in STAGES for r in EntitlementResult.values}
        for kind in EntitlementKind.values
    }
    for case_id, kind, result, start_on, cg_on in rows:
        if kind in people:
            people[kind][f"{stage(start_on, cg_on)}_{result}"].add(case_id)
    return {kind: {cell: len(ids) for cell, ids in cells.items()} for kind, cells in people.items()}


def stage_columns() -> list[tuple[str, str]]:
    return [
        (f"{s}_{r}", f"{result_label} {stage_label[:1].lower()}{stage_label[1:]}")
        for s, stage_label in STAGES
        for r, result_label in EntitlementResult.choices
    ]
