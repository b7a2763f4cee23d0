"""What support the law and guidance provide at each stage, by nation and age, in a
caseworker's words (docs/domain.md, Support and the twelve months; Devolved nations). Pure
functions of prefetched records and today's date: no queries, nothing stored.

The adult rules here (Victim Care Contract move-on and exit, Scotland's s9, Northern Ireland's
s18) never apply to a child: a child is supported by the local authority."""

from datetime import date, timedelta

from casework import clocks
from casework.ui.dates import long_date
from casework.vocabularies import Nation
from support.rules import needs_assessments
from support.rules.nrm_deadlines import disqualification_stands
from support.vocabularies import AgeGroup, Outcome, RnaOutcome, RnaStatus

DEVOLVED = (Nation.SCOTLAND, Nation.NORTHERN_IRELAND)

CHILD_SUPPORT = (
    "A child is supported by the local authority (children's services), whatever the NRM decisions. "
    "The adult rules (Victim Care Contract support, move-on, Scottish and Northern Irish adult support "
    "and the 12-month measure) do not apply."
)
SCOTLAND_AFTER_CG = (
    "After the positive CG, the Scottish Ministers may continue support for such period as they think "
    "appropriate (s9(3)(c)): a discretion with no minimum, so no 12 months are owed."
)
NORTHERN_IRELAND_AFTER_CG = (
    "After the positive CG, the Department of Justice may continue support for up to 12 months, or "
    "longer (s18(9)): a discretion with no minimum, so no 12 months are owed."
)
PLACES_OF_SAFETY = (
    "Places of Safety support from {start}: up to {days} working days while the person decides on a "
    "referral, to {end}."
)
DISQUALIFIED = (
    "A public order disqualification stands: NRM support is not owed, and the 12-month measure does not "
    "apply while it stands."
)


def _policy(name: str, on: date) -> int:
    """A policy value (casework/clocks.py POLICY) in force on a date, for the words on the page."""
    return clocks.policy_value(name, on)


def is_child(referral) -> bool:
    return referral is not None and referral.age_at_referral == AgeGroup.CHILD


def adult_rules_apply(referral) -> bool:
    """The adult support rules are for a referral that is not a child's (docs/domain.md)."""
    return referral is not None and referral.is_nrm and not is_child(referral)


def is_devolved(referral) -> bool:
    return referral is not None and referral.nation in DEVOLVED


def move_on(cg) -> tuple[date, str]:
    """(last day, where it is counted from) of move-on after a positive CG: 45 days from the day
    the decision was received (served), or from the decision date while that is not recorded."""
    if cg.served_on is not None:
        days = _policy("move_on_days", cg.served_on)
        received = long_date(cg.served_on)
        return clocks.move_on_end(cg.served_on), f"{days} days from the day the CG was received, {received}"
    return (
        clocks.move_on_end(cg.decided_on),
        f"{_policy('move_on_days', cg.decided_on)} days counted from the CG decision date, "
        f"{long_date(cg.decided_on)}, as the date it was received is not recorded",
    )


def devolved_support_notes(referral, rg) -> list[tuple[str, str, date]]:
    """While the CG is awaited after a positive RG: what Scotland's s9 or Northern Ireland's s18
    owes an adult, as (kind, text, date) for the NRM panel."""
    if not adult_rules_apply(referral):
        return []
    if referral.nation == Nation.SCOTLAND:
        end = clocks.scotland_support_end(rg.decided_on)
        days = _policy("scotland_support_days", rg.decided_on)
        return [
            (
                "devolved_support_end",
                f"Scottish support (s9) must run to {long_date(end)} ({days} days counting the RG day) or "
                "to the CG if it comes first; Ministers may continue it until the CG",
                end,
            )
        ]
    if referral.nation == Nation.NORTHERN_IRELAND:
        floor = clocks.northern_ireland_support_floor(rg.decided_on)
        days = _policy("ni_support_days", rg.decided_on)
        return [
            (
                "devolved_support_end",
                "Northern Ireland support (s18) runs until the CG decision; a positive CG before "
                f"{long_date(floor)} keeps it to that date ({days} days counting the RG day)",
                floor,
            )
        ]
    return []


def after_positive_cg_notes(referral, cg, today: date) -> list[tuple[str, str, date]]:
    """After a positive CG, for the NRM panel: move-on in England and Wales (adults), while it runs.
    None while a public order disqualification stands: it ends NRM support."""
    if not adult_rules_apply(referral) or is_devolved(referral) or disqualification_stands(referral):
        return []
    end, _ = move_on(cg)
    if today > end:
        return []
    counted = "" if cg.served_on is not None else " (counted from the decision: record when it was received)"
    return [("move_on", f"Move-on support runs at least to {long_date(end)}{counted}", end)]


def _effective(decision):
    return decision.effective_outcome if decision is not None else None


def support_statements(referral, rg, cg, today: date, assessments=()) -> list[str]:
    """The support the survivor is owed now, in sentences for the support panel. After a
    Recovery Needs Assessment decision, move-on is told as the step before it (rna_notes below
    it on the panel says how long support runs), so the page tells one story."""
    if referral is None or not referral.is_nrm:
        return []
    if is_child(referral):
        return [CHILD_SUPPORT]
    if getattr(referral, "withdrawal", None) is not None:
        return []  # the NRM panel says what a withdrawal means
    if disqualification_stands(referral):
        return [DISQUALIFIED]  # an overturned one makes the case an ordinary one again
    if referral.nation == Nation.SCOTLAND:
        return _scotland(rg, cg)
    if referral.nation == Nation.NORTHERN_IRELAND:
        return _northern_ireland(referral, rg, cg)
    return _england_and_wales(rg, cg, today, assessments)


def _england_and_wales(rg, cg, today: date, assessments=()) -> list[str]:
    negative = next((d for d in (cg, rg) if d is not None and _effective(d) == Outcome.NEGATIVE), None)
    if negative is not None:
        end = clocks.exit_period_end(negative.decided_on)
        days = _policy("exit_working_days", negative.decided_on)
        served = (
            f" It was served on {long_date(negative.served_on)}: ask the provider if they count from then."
            if negative.served_on is not None and negative.served_on > negative.decided_on
            else ""
        )
        return [
            f"After the negative {negative.kind.upper()} decision of "
            f"{long_date(negative.decided_on)}, Victim Care Contract support ends after the exit period: "
            f"{days} working days, to {long_date(end)} (counted from the decision date).{served}"
        ]
    if cg is not None:
        end, counted = move_on(cg)
        decided = needs_assessments.latest([a for a in assessments if a.status == RnaStatus.DECIDED])
        if decided is not None:
            when = f" of {long_date(decided.decided_on)}" if decided.decided_on else ""
            verb = "runs" if today <= end else "ran"
            if decided.outcome == RnaOutcome.CONTINUED:
                return [
                    f"Move-on support {verb} to {long_date(end)} ({counted}), continued by the Recovery "
                    f"Needs Assessment decision{when}: see below for how long."
                ]
            return [
                f"Move-on support {verb} to {long_date(end)} ({counted}); the Recovery Needs Assessment "
                f"decision{when} was move-on: see below for when support ends and reach-in follows."
            ]
        return [
            f"Move-on support runs at least to {long_date(end)} ({counted}), then reach-in support "
            "if the survivor needs it. A Recovery Needs Assessment can ask for longer."
        ]
    return []


def _scotland(rg, cg) -> list[str]:
    if rg is None:
        return ["The Scottish Ministers may support the survivor before the RG decision (s9(3)(a))."]
    if _effective(rg) == Outcome.NEGATIVE:
        return ["Scottish adult support (s9) is owed only after a positive RG decision."]
    if cg is None:
        end = clocks.scotland_support_end(rg.decided_on)
        days = _policy("scotland_support_days", rg.decided_on)
        return [
            f"The Scottish Ministers must support the survivor from the positive RG of "
            f"{long_date(rg.decided_on)} to {long_date(end)} ({days} days counting the RG day), or to the "
            f"CG decision if it comes first (s9). They may continue support after the {days} days until "
            "the CG."
        ]
    end = clocks.scotland_support_end(rg.decided_on, cg.decided_on)
    rg_on = long_date(rg.decided_on)
    ran = f"The Scottish Ministers' duty to support (s9) ran from {rg_on} to {long_date(end)}."
    return [ran, SCOTLAND_AFTER_CG] if _effective(cg) == Outcome.POSITIVE else [ran]


def _northern_ireland(referral, rg, cg) -> list[str]:
    start = long_date(referral.submitted_on)
    if rg is None:
        return [
            f"The Department of Justice must support the survivor (s18) from the referral of {start} "
            "until the RG decision, and after a positive RG until the CG decision."
        ]
    if _effective(rg) == Outcome.NEGATIVE:
        negative_on = long_date(rg.decided_on)
        return [f"Support under s18 ran from the referral of {start} to the negative RG of {negative_on}."]
    floor = clocks.northern_ireland_support_floor(rg.decided_on)
    days = _policy("ni_support_days", rg.decided_on)
    if cg is None:
        return [
            f"The Department of Justice must support the survivor (s18) from the referral of {start} until "
            f"the CG decision. If a positive CG comes before {long_date(floor)} ({days} days counting the "
            f"RG day), support continues to that date; the Department may make the {days} days longer."
        ]
    positive = _effective(cg) == Outcome.POSITIVE
    end = clocks.northern_ireland_support_end(rg.decided_on, cg.decided_on, cg_positive=positive)
    assert end is not None
    ran = f"Support under s18 ran from the referral of {start} to {long_date(end)}."
    return [ran, NORTHERN_IRELAND_AFTER_CG] if positive else [ran]


def places_of_safety_note(period, today: date | None = None, referred_on: date | None = None) -> str:
    """What a Places of Safety period is, with a warning when it ran, or is still recorded as
    going, past its working days, or started after the referral (it is for before one)."""
    end = clocks.places_of_safety_end(period.start_on)
    days = _policy("places_of_safety_working_days", period.start_on)
    note = PLACES_OF_SAFETY.format(start=long_date(period.start_on), days=days, end=long_date(end))
    if period.end_on is not None and period.end_on > end:
        note += f" It ran to {long_date(period.end_on)}, longer than the service offers."
    elif period.end_on is None and today is not None and today > end:
        note += (
            f" It is still recorded as going, past its {days} working days: record when it ended, and "
            "the support that followed."
        )
    if referred_on is not None and period.start_on > referred_on:
        note += (
            f" It started after the referral of {long_date(referred_on)}: Places of Safety support is for "
            "before a referral. Check the dates, or record the support as NRM support."
        )
    return note


def disqualified_support_note(referral, periods) -> str:
    """Support recorded as still going while a public order disqualification stands: NRM
    support stops with the disqualification."""
    if referral is None or not disqualification_stands(referral):
        return ""
    if not any(p.end_on is None for p in periods):
        return ""
    return (
        f"NRM support stops with the public order disqualification of "
        f"{long_date(referral.disqualification.decided_on)}: support below is still recorded as going. "
        "Record when it ended, or keep it only if it is not NRM support."
    )


NO_END_RECORDED = "continued support, end date not recorded"


def victim_care_support_end(cg, assessments) -> tuple[date | None, str]:
    """(last day, why) of Victim Care Contract support after a positive CG, from the CG and the
    latest RNA decision (needs_assessments): move-on's end while no decision has continued it;
    the day continued support is agreed to; after a move-on decision made once move-on had ended,
    the decision date (support runs at least until the decision is known). No last day (None)
    for continued support decided before the steps were kept (migration 0021) with no end date:
    neither its decision date nor how long it runs was recorded, so no end can be stated."""
    end, _ = move_on(cg)
    decided = [a for a in assessments if a.status == RnaStatus.DECIDED]
    last = needs_assessments.latest(decided)
    if last is None:
        return end, "the end of move-on"
    if last.outcome == RnaOutcome.CONTINUED:
        if last.support_until is not None:
            agreed = f"on {long_date(last.decided_on)}" if last.decided_on else "before the steps were kept"
            return max(last.support_until, end), f"continued support agreed {agreed}"
        if last.decided_on is None:
            return None, NO_END_RECORDED
        return end, "move-on's end at least: the continued support has no end date recorded"
    if last.decided_on is not None and last.decided_on > end:
        return last.decided_on, "the move-on decision, which came after move-on's 45 days"
    return end, "the end of move-on, as decided on the Recovery Needs Assessment"


def rna_notes(referral, cg, assessments, today: date) -> list[tuple[str, date | None]]:
    """For the support panel, after a positive CG in England and Wales (adults, no standing
    disqualification): when the next RNA is due or its decision awaited, when Victim Care
    Contract support ends and reach-in follows. (text, date to tag or None)."""
    if cg is None or cg.effective_outcome != Outcome.POSITIVE:
        return []
    if not adult_rules_apply(referral) or is_devolved(referral) or disqualification_stands(referral):
        return []
    notes: list[tuple[str, date | None]] = []
    current = needs_assessments.latest(assessments)
    if current is None:
        due = needs_assessments.first_due(cg)
        days = _policy("rna_first_due_days", needs_assessments.cg_received_on(cg))
        notes.append(
            (
                f"First Recovery Needs Assessment due by {long_date(due)} ({days} days after the CG was "
                "received), if the survivor wants one: they may choose not to take part",
                due,
            )
        )
    elif current.status in (RnaStatus.DRAFT, RnaStatus.SHARED):
        # The first until another has gone to the competent authority.
        earlier = (RnaStatus.SUBMITTED, RnaStatus.DECIDED)
        which = "Next" if any(a.pk != current.pk and a.status in earlier for a in assessments) else "First"
        notes.append(
            (f"{which} Recovery Needs Assessment due by {long_date(current.due_on)}", current.due_on)
        )
    elif current.status == RnaStatus.SUBMITTED and current.recorded_before_steps:
        notes.append(
            (
                f"Recovery Needs Assessment submitted on {long_date(current.submitted_on)}, recorded before "
                "the steps were kept: record its decision, if one came, with Change",
                None,
            )
        )
    elif current.status == RnaStatus.SUBMITTED:
        awaited = needs_assessments.decision_due(current)
        assert awaited is not None
        notes.append(
            (
                f"Decision awaited since the submission of {long_date(current.submitted_on)}: chase the "
                f"Single Competent Authority if none by {long_date(awaited)}",
                awaited,
            )
        )
    else:
        following = needs_assessments.next_due(current)
        if following is not None:
            notes.append((f"Next Recovery Needs Assessment or review by {long_date(following)}", following))
    # Move-on's own end is in support_statements, above these on the panel.
    if current is not None and current.status == RnaStatus.SUBMITTED:
        return [
            *notes,
            ("Support after move-on depends on the decision, then reach-in support follows", None),
        ]
    end, why = victim_care_support_end(cg, assessments)
    if end is None:
        notes.append(
            (
                f"Victim Care Contract support: {why}. The Recovery Needs Assessment was recorded before "
                "the steps were kept: correct it with the decision's dates to show when support ends and "
                "reach-in support follows",
                None,
            )
        )
        return notes
    after = end + timedelta(days=1)
    notes.append(
        (
            f"Victim Care Contract support {'runs' if today <= end else 'ran'} to {long_date(end)} ({why}); "
            f"reach-in support from "
            f"{long_date(after)} if the survivor needs it",
            None,
        )
    )
    return notes
