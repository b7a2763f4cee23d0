"""The 12-month support clock of a confirmed victim, derived from the NRM decisions and the
support periods (nothing stored). Works on prefetched objects; no queries of its own."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from casework import clocks
from casework.vocabularies import Nation
from support.rules.nrm_status import decision_of, latest_referral
from support.vocabularies import DecisionKind, Outcome, SupportAnchor, SupportVerdict


@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class SupportClock:
    anchor: str  # a SupportAnchor value, or "devolved" for Scotland and Northern Ireland
    anchor_label: str
    start: date
    end: date  # the last day of the 12 months
    today: date
    total_days: int
    supported_days: int  # days of the 12 months, so far, on which some support ran
    elapsed_days: int
    days_short: int  # days of the 12 months that will not be covered, as things are planned
    gaps: list[Span] = field(default_factory=list)
    covered: list[Span] = field(default_factory=list)  # actual support, merged
    planned: list[Span] = field(default_factory=list)  # ongoing or planned support ahead
    verdict: str = SupportVerdict.ON_TRACK

    @property
    def verdict_label(self) -> str:
        return SupportVerdict(self.verdict).label

    def fraction(self, day: date) -> float:
        return min(max((day - self.start).days / self.total_days, 0.0), 1.0)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end + timedelta(days=1):
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def _clip(spans, lo: date, hi: date) -> list[Span]:
    return [Span(max(s.start, lo), min(s.end, hi)) for s in spans if s.start <= hi and s.end >= lo]


def covered_spans(periods, start: date, end: date) -> list[Span]:
    """The days from `start` to `end` (both included) on which at least one period ran, as
    merged spans. `periods`: (first day, last day) pairs, both included; a last day of None
    means still running (to `end`)."""
    if end < start:
        return []
    return _merge(_clip([Span(first, last or end) for first, last in periods], start, end))


def anchor_of(nation: str, rg_on: date, cg_on: date, cg_served: date | None, setting: str):
    """(anchor kind, words, date) the 12 months run from, or None if not yet known."""
    if nation in (Nation.SCOTLAND, Nation.NORTHERN_IRELAND):
        # Their own rules: Northern Ireland's 2022 Act counts support from the conclusive
        # determination; Scotland's post-CG support is counted the same way here.
        return "devolved", f"the positive CG decision ({Nation(nation).label}'s rules)", cg_on
    if setting == SupportAnchor.CG_SERVED:
        if cg_served is None:
            return None
        return setting, "the date the positive CG was served", cg_served
    if setting == SupportAnchor.RECOVERY_END:
        return setting, "the end of the recovery period", max(cg_on, clocks.recovery_period_end(rg_on))
    return SupportAnchor.CG_DECISION, "the positive CG decision", cg_on


def support_clock(case, today: date, setting: str | None = None) -> SupportClock | None:
    """The clock of a case with a positive CG; None before that (or without its anchor date)."""
    referral = latest_referral(case)
    if referral is None or not referral.is_nrm:
        return None
    rg, cg = decision_of(referral, DecisionKind.RG), decision_of(referral, DecisionKind.CG)
    if rg is None or cg is None or cg.effective_outcome != Outcome.POSITIVE:
        return None
    return clock_for(
        nation=referral.nation,
        rg_on=rg.decided_on,
        cg_on=cg.decided_on,
        cg_served=cg.served_on,
        periods=list(case.support_periods.all()),
        today=today,
        setting=setting,
    )


def clock_for(*, nation, rg_on, cg_on, cg_served, periods, today: date, setting=None) -> SupportClock | None:
    """The clock from plain dates and periods (anything with start_on, end_on, planned_end_on)."""
    found = anchor_of(nation, rg_on, cg_on, cg_served, setting or settings.SUPPORT_ANCHOR)
    if found is None:
        return None
    kind, label, start = found
    end = clocks.guarantee_end(start) - timedelta(days=1)
    total = (end - start).days + 1
    so_far = min(today, end)

    actual = covered_spans([(p.start_on, p.end_on) for p in periods], start, so_far)
    projected_raw = []
    for period in periods:
        if period.end_on is not None:
            projected_raw.append(Span(period.start_on, period.end_on))
        elif period.planned_end_on is not None:
            projected_raw.append(Span(period.start_on, max(period.planned_end_on, min(today, end))))
        else:
            projected_raw.append(Span(period.start_on, end))  # still going, no end planned
    projected = _merge(_clip(projected_raw, start, end))

    supported = sum(span.days for span in actual)
    elapsed = max((so_far - start).days + 1, 0)
    days_short = total - sum(span.days for span in projected)
    gaps = []
    cursor = start
    for span in actual:
        if span.start > cursor:
            gaps.append(Span(cursor, span.start - timedelta(days=1)))
        cursor = span.end + timedelta(days=1)
    if elapsed > 0 and cursor <= so_far:
        gaps.append(Span(cursor, so_far))
    ahead = _clip(projected, min(today, end) + timedelta(days=1), end) if today < end else []

    if today > end:
        verdict = SupportVerdict.MET if supported == total else SupportVerdict.NOT_MET
    else:
        verdict = SupportVerdict.AT_RISK if days_short > 0 else SupportVerdict.ON_TRACK
    return SupportClock(
        anchor=kind,
        anchor_label=label,
        start=start,
        end=end,
        today=today,
        total_days=total,
        supported_days=supported,
        elapsed_days=min(elapsed, total),
        days_short=days_short,
        gaps=gaps,
        covered=actual,
        planned=ahead,
        verdict=verdict,
    )


def first_uncovered_day(clock: SupportClock) -> date:
    """When support is due to stop short of the 12 months (the date a reminder points at)."""
    if clock.gaps:
        return clock.gaps[0].start
    last = max([s.end for s in clock.covered + clock.planned], default=clock.start - timedelta(days=1))
    return min(last + timedelta(days=1), clock.end)
