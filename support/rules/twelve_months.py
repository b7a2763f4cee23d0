"""The 12-month support clock of a confirmed victim, derived from the NRM decisions and the
support periods (nothing stored). Works on prefetched objects; no queries of its own."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from casework import clocks
from casework.vocabularies import Nation
from support.rules.nrm_deadlines import disqualification_stands
from support.rules.nrm_status import decision_of, latest_referral
from support.vocabularies import (
    AgeGroup,
    DecisionKind,
    Outcome,
    SupportAnchor,
    SupportEndReason,
    SupportKind,
    SupportVerdict,
)


@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive
    chosen: bool = False  # uncovered because the survivor ended or declined support

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
    days_short: int  # days that will not be covered as planned: not the survivor's choice, not forgiven
    gaps: list[Span] = field(default_factory=list)  # so far; `chosen` where the survivor chose it
    covered: list[Span] = field(default_factory=list)  # actual support, merged
    planned: list[Span] = field(default_factory=list)  # ongoing or planned support ahead
    shortfall: list[Span] = field(default_factory=list)  # the spans days_short counts
    chosen_days: int = 0  # days of the 12 months uncovered by the survivor's choice
    tolerance: int = 0  # uncovered days in a row forgiven (clocks.support_gap_tolerance)
    verdict: str = SupportVerdict.ON_TRACK

    @property
    def verdict_label(self) -> str:
        return SupportVerdict(self.verdict).label

    @property
    def gap_rows(self) -> list[tuple[Span, str]]:
        """Each gap so far with what it was, for the page."""
        rows = []
        for gap in self.gaps:
            note = f"{gap.days} day{'' if gap.days == 1 else 's'}"
            if gap.chosen:
                note += ", the survivor's choice"
            elif gap.days <= self.tolerance and gap.end < self.today and not self.is_devolved:
                note += f", a handover of {self.tolerance} days or fewer, not counted as short"
            rows.append((gap, note))
        return rows

    @property
    def is_devolved(self) -> bool:
        return self.anchor == "devolved"

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
        # Their own rules: support after the CG is a discretion (Scotland s9(3)(c); Northern
        # Ireland s18(9), "up to 12 months, or longer"), so the clock only shows how long the
        # survivor has been supported since the CG, never "at risk".
        return "devolved", f"the positive CG decision, under {Nation(nation).label}'s rules", cg_on
    if setting == SupportAnchor.CG_SERVED:
        if cg_served is None:
            return None
        return setting, "the date the positive CG was served", cg_served
    if setting == SupportAnchor.RECOVERY_END:
        return setting, "the end of the recovery period", max(cg_on, clocks.recovery_period_end(rg_on))
    return SupportAnchor.CG_DECISION, "the positive CG decision", cg_on


def support_clock(case, today: date, setting: str | None = None) -> SupportClock | None:
    """The clock of an adult's case with a positive CG; None before that, for a child (the local
    authority supports a child), while a public order disqualification stands (it ends NRM
    support: no minimum is owed) or without its anchor date."""
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
        age_group=referral.age_at_referral,
        disqualified=disqualification_stands(referral),
    )


def _recorded_end(period) -> date | None:
    """The last day a period counts to: its end, or for Places of Safety still recorded as going,
    its last working day (it is a few days' support before a referral, never the 12 months;
    the support panel warns it is still recorded as going)."""
    if period.end_on is None and getattr(period, "kind", "") == SupportKind.PLACES_OF_SAFETY:
        return clocks.places_of_safety_end(period.start_on)
    return period.end_on


def _choice_points(periods) -> list[date]:
    """Days from which the survivor chose to be without a kind of support: the day after they
    ended it, or the day they declined it."""
    points = []
    for period in periods:
        reason = getattr(period, "end_reason", "")
        if reason == SupportEndReason.DECLINED:
            points.append(period.start_on)
        elif reason == SupportEndReason.SURVIVOR_ENDED and period.end_on is not None:
            points.append(period.end_on + timedelta(days=1))
    return sorted(points)


def _uncovered(covered: list[Span], start: date, end: date, choices: list[date]) -> list[Span]:
    """The days from start to end outside `covered`, as spans; a span is split where the
    survivor chose to be without support, the rest of it marked `chosen`."""
    spans = []
    cursor = start
    for span in [*covered, Span(end + timedelta(days=1), end + timedelta(days=1))]:
        if span.start > cursor:
            gap_end = min(span.start - timedelta(days=1), end)
            chosen_from = next((c for c in choices if cursor <= c <= gap_end), None)
            if chosen_from is None:
                spans.append(Span(cursor, gap_end))
            else:
                if chosen_from > cursor:
                    spans.append(Span(cursor, chosen_from - timedelta(days=1)))
                spans.append(Span(chosen_from, gap_end, chosen=True))
        cursor = max(cursor, span.end + timedelta(days=1))
    return [s for s in spans if s.start <= end]


def clock_for(
    *,
    nation,
    rg_on,
    cg_on,
    cg_served,
    periods,
    today: date,
    setting=None,
    age_group=AgeGroup.ADULT,
    disqualified: bool = False,
) -> SupportClock | None:
    """The clock from plain dates and periods (anything with start_on, end_on, planned_end_on
    and end_reason). None for a child (the 12-month measure is an adult one) and while a public
    order disqualification stands (`disqualified`: no NRM support, so no minimum, is owed)."""
    if age_group == AgeGroup.CHILD or disqualified:
        return None
    found = anchor_of(nation, rg_on, cg_on, cg_served, setting or settings.SUPPORT_ANCHOR)
    if found is None:
        return None
    kind, label, start = found
    end = clocks.twelve_months_last_day(start)
    total = (end - start).days + 1
    so_far = min(today, end)
    tolerance = clocks.support_gap_tolerance(start)
    choices = _choice_points(periods)
    received = [p for p in periods if getattr(p, "end_reason", "") != SupportEndReason.DECLINED]

    actual = covered_spans([(p.start_on, _recorded_end(p)) for p in received], start, so_far)
    projected_raw = []
    for period in received:
        last = _recorded_end(period)
        if last is not None:
            projected_raw.append(Span(period.start_on, last))
        elif period.planned_end_on is not None:
            projected_raw.append(Span(period.start_on, max(period.planned_end_on, min(today, end))))
        else:
            projected_raw.append(Span(period.start_on, end))  # still going, no end planned
    projected = _merge(_clip(projected_raw, start, end))

    supported = sum(span.days for span in actual)
    elapsed = max((so_far - start).days + 1, 0)
    gaps = _uncovered(actual, start, so_far, choices) if elapsed > 0 else []
    ahead_uncovered = _uncovered(projected, start, end, choices)
    # A short uncovered stretch (a handover over a weekend) is forgiven; a longer one counts in full.
    shortfall = [s for s in ahead_uncovered if not s.chosen and s.days > tolerance]
    days_short = sum(s.days for s in shortfall)
    chosen_days = sum(s.days for s in ahead_uncovered if s.chosen)
    ahead = _clip(projected, min(today, end) + timedelta(days=1), end) if today < end else []

    if kind == "devolved":
        verdict = SupportVerdict.DISCRETION  # no minimum after a devolved CG: nothing to be at risk of
    elif days_short:
        verdict = SupportVerdict.NOT_MET if today > end else SupportVerdict.AT_RISK
    elif chosen_days:
        verdict = SupportVerdict.SURVIVOR_CHOICE
    else:
        verdict = SupportVerdict.MET if today > end else SupportVerdict.ON_TRACK
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
        shortfall=shortfall,
        chosen_days=chosen_days,
        tolerance=tolerance,
        verdict=verdict,
    )


def first_uncovered_day(clock: SupportClock) -> date:
    """When support is due to stop short of the 12 months (the date a reminder points at)."""
    return clock.shortfall[0].start if clock.shortfall else clock.end
