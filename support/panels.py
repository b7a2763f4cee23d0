"""The NRM and support sections of the case page (registered in support/hooks.py)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone

from casework import clocks
from casework.selectors.cases import is_possibly_child
from casework.vocabularies import Nation
from screening.models import ScreeningInterview
from screening.vocabularies import InterviewOutcome, InterviewStatus
from support.rules import entitlements, needs_assessments, nrm_status
from support.rules.children import age_position, pilot_area_name, turned_18_note
from support.rules.nrm_deadlines import disqualification_stands
from support.rules.nrm_status import decision_of, latest_referral, position
from support.rules.permission_to_stay import permission_rows
from support.rules.twelve_months import support_clock
from support.selectors.nrm import NRM_PREFETCH, referral_timeline
from support.vocabularies import (
    AgeDisputeOutcome,
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    NrmStatus,
    Outcome,
    ReconsiderationOutcome,
    RnaStatus,
    SupportKind,
    SupportVerdict,
)

# The colour of the status tags on the case page (blue for an NRM status not listed).
STATUS_TAGS = {
    NrmStatus.CG_POSITIVE: "govuk-tag--green",
    NrmStatus.NONE: "govuk-tag--grey",
    NrmStatus.RG_NEGATIVE: "govuk-tag--red",
    NrmStatus.CG_NEGATIVE: "govuk-tag--red",
    NrmStatus.DISQUALIFIED: "govuk-tag--red",
}
VERDICT_TAGS = {
    SupportVerdict.MET: "govuk-tag--green",
    SupportVerdict.ON_TRACK: "govuk-tag--green",
    SupportVerdict.AT_RISK: "govuk-tag--orange",
    SupportVerdict.NOT_MET: "govuk-tag--red",
    SupportVerdict.SURVIVOR_CHOICE: "govuk-tag--blue",
    SupportVerdict.DISCRETION: "govuk-tag--grey",
}


# The NRM items that are deadlines: each gets the one "Soon" rule (clocks.is_closing_soon).
DEADLINE_KINDS = frozenset({"rg_due", "reconsideration_deadline"})


def deadline_tag(due_on, today, *, overdue=False, deadline=True) -> str:
    """ "overdue" (red), "soon" (orange: due within clocks.CLOSING_SOON_DAYS) or "" for the page."""
    if overdue or (deadline and due_on is not None and due_on < today):
        return "overdue"
    if deadline and due_on is not None and clocks.is_closing_soon(due_on, today):
        return "soon"
    return ""


def nrm_panel_context(request, case) -> dict:
    # The age disputes are read once for this section and the Child section after it.
    prefetch_related_objects([case], NRM_PREFETCH, "age_disputes")
    today = timezone.localdate()
    where = position(case, today)
    referral = where.referral
    rg = decision_of(referral, DecisionKind.RG) if referral else None
    cg = decision_of(referral, DecisionKind.CG) if referral else None
    decisions = [d for d in (rg, cg) if d is not None]
    # The screening interview's outcome hands over to the NRM: say what is to be recorded.
    screening_outcome = (
        ScreeningInterview.objects.filter(case=case, status=InterviewStatus.COMPLETED)
        .order_by("-completed_at")
        .values_list("outcome", flat=True)
        .first()
    )
    return {
        "referral_due": referral is None
        and screening_outcome in (InterviewOutcome.REFER_NRM, InterviewOutcome.DTN_ONLY),
        "screening_outcome": screening_outcome,
        "InterviewOutcome": InterviewOutcome,  # the template compares the code with it
        "nrm": where,
        "owed": [
            (
                item,
                deadline_tag(item.due_on, today, overdue=item.overdue, deadline=item.kind in DEADLINE_KINDS),
            )
            for item in where.owed
        ],
        "status_tag": STATUS_TAGS.get(where.status, "govuk-tag--blue"),
        "show_nation": referral is not None and referral.nation != Nation.ENGLAND,
        "timeline": referral_timeline(case),
        "decisions": decisions,
        "can_refer": nrm_status.can_refer(where),
        "can_decide": nrm_status.can_decide(referral),
        "can_disqualify": nrm_status.can_disqualify(referral),
        "can_withdraw": nrm_status.can_withdraw(referral),
        "can_reconsider_disqualification": nrm_status.can_reconsider_disqualification(referral),
        # Where the Child section is hidden (no dispute, not referred as a child; the template
        # also checks possibly_child), a small link records an age dispute.
        "offer_age_dispute": not case.age_disputes.all()
        and not (referral is not None and referral.age_at_referral == AgeGroup.CHILD),
        "reconsiderable": [d for d in decisions if nrm_status.reconsideration_refusal(d) is None],
        "pending_reconsiderations": [
            d
            for d in decisions
            if getattr(d, "reconsideration", None) is not None
            and d.reconsideration.outcome == ReconsiderationOutcome.PENDING
        ],
    }


def support_panel_context(request, case) -> dict:
    prefetch_related_objects(
        [case], NRM_PREFETCH, "support_periods", "needs_assessments", "permissions_to_stay"
    )
    today = timezone.localdate()
    clock = support_clock(case, today)
    referral = latest_referral(case)
    rg = decision_of(referral, DecisionKind.RG) if referral else None
    cg = decision_of(referral, DecisionKind.CG) if referral else None
    positive_cg = cg is not None and cg.effective_outcome == Outcome.POSITIVE
    periods = case.support_periods.all()
    person = getattr(case, "person", None)
    return {
        "clock": clock,
        "verdict_tag": VERDICT_TAGS[clock.verdict] if clock else "",
        "bar": support_bar(clock) if clock else None,
        "periods": periods,
        "assessments": [
            (a, needs_assessment_tag(a, today), needs_assessments.attention_rule(a, today))
            for a in case.needs_assessments.all()
        ],
        "rna_notes": [
            (text, deadline_tag(due, today) if due else "")
            for text, due in entitlements.rna_notes(referral, cg, list(case.needs_assessments.all()), today)
        ],
        "permissions": [
            (
                p,
                [
                    (text, deadline_tag(due, today, deadline=due is not None))
                    for text, due in permission_rows(p, today, settings.VTS_RECONSIDERATION_30_DAYS_FROM)
                ],
            )
            for p in case.permissions_to_stay.all()
        ],
        "statements": entitlements.support_statements(
            referral, rg, cg, today, list(case.needs_assessments.all())
        ),
        "places_of_safety": [
            entitlements.places_of_safety_note(p, today, referral.submitted_on if referral else None)
            for p in periods
            if p.kind == SupportKind.PLACES_OF_SAFETY
        ],
        "disqualified_note": entitlements.disqualified_support_note(referral, periods),
        "disqualified": referral is not None and disqualification_stands(referral),
        "turned_18": turned_18_note(
            referral, person.date_of_birth if person else None, today, cg_awaited=cg is None
        ),
        "child": entitlements.is_child(referral),
        "positive_cg": positive_cg,
        # A new assessment is offered only while none is open (not yet decided).
        "assessment_open": any(
            a.status != RnaStatus.DECIDED and not a.recorded_before_steps
            for a in case.needs_assessments.all()
        ),
        "negative_decision": any(d is not None and d.effective_outcome == Outcome.NEGATIVE for d in (rg, cg)),
        "today": today,
    }


def needs_assessment_tag(assessment, today):
    """The deadline tag of an assessment on the support panel: its due date until submitted,
    then the day its decision has been awaited too long (support/rules/needs_assessments.py)."""
    if assessment.recorded_before_steps:
        return ""  # its dates were never asked for: nothing is overdue (migration 0021)
    if assessment.status in (RnaStatus.DRAFT, RnaStatus.SHARED):
        return deadline_tag(assessment.due_on, today)
    if assessment.status == RnaStatus.SUBMITTED:
        return deadline_tag(needs_assessments.decision_due(assessment), today)
    return ""


def support_bar(clock) -> dict:
    """Geometry of the coverage bar (an inline SVG with presentation attributes only, which
    our CSP allows): 0-1000 across the 12 months."""

    def rect(span):
        x = round(clock.fraction(span.start) * 1000, 1)
        width = round(clock.fraction(span.end + timedelta(days=1)) * 1000 - x, 1)
        return {"x": x, "width": max(width, 1.0), "span": span}

    return {
        "covered": [rect(span) for span in clock.covered],
        "planned": [rect(span) for span in clock.planned],
        "today_x": round(clock.fraction(clock.today) * 1000, 1),
        "show_today": clock.start <= clock.today <= clock.end,
    }


def children_panel_context(request, case) -> dict:
    """The child's own section (docs/domain.md, Children): shown only for a child, a person
    presumed to be one, or a person whose age has been disputed."""
    prefetch_related_objects([case], NRM_PREFETCH, "child_guardians", "age_disputes", "local_authority_leads")
    disputes = list(case.age_disputes.all())
    age = age_position(disputes, possibly_child=is_possibly_child(case))
    referral = latest_referral(case)
    child_referral = referral is not None and referral.age_at_referral == AgeGroup.CHILD
    return {
        "show_children": age.presumed_child or bool(disputes) or child_referral,
        "age": age,
        "AgeDisputeOutcome": AgeDisputeOutcome,  # the template compares the code with it
        "child_panel_area": pilot_area_name(referral.child_panel_area)
        if referral is not None and referral.competent_authority == CompetentAuthority.CHILD_PANEL
        else "",
        "guardians": case.child_guardians.all(),
        "disputes": disputes,
        "leads": case.local_authority_leads.all(),
    }
