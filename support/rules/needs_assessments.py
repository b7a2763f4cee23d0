"""Recovery Needs Assessments (England and Wales, adults, after a positive CG): when one is due,
when its decision has been awaited too long, what comes after a decision, and the order of its
steps (draft -> shared with the survivor -> submitted -> decided). Pure functions of records
already read and today's date; the timescales are policy rows (casework/clocks.py POLICY,
docs/domain.md, Recovery Needs Assessments)."""

from datetime import date, timedelta

from casework import clocks
from support.vocabularies import RnaOutcome, RnaStatus

SHARE_BEFORE_SUBMIT = "Record that the assessment was shared with the survivor before it was submitted."
SUBMIT_BEFORE_DECISION = "Record that the assessment was submitted before its decision."
SUBMITTED_BEFORE_SHARED = "The date submitted must be on or after the date it was shared with the survivor."
DECIDED_BEFORE_SUBMITTED = "The date of the decision must be on or after the date it was submitted."
DECIDED_ON_NEEDED = "Enter the date of the decision."
OUTCOME_NEEDED = "Select the decision."
DATE_WITHOUT_OUTCOME = "Select the decision, or leave the date of the decision blank."
SERVICES_NEEDED = "Enter the services agreed."
UNTIL_ONLY_CONTINUED = "Only continued support is agreed to a date. Leave this blank for move-on."
UNTIL_BEFORE_DECISION = "The date support is agreed to must be on or after the date of the decision."
NEXT_BEFORE_DECISION = "The next RNA or review date must be on or after the date of the decision."


def cg_received_on(cg) -> date:
    """The day the positive CG was received (served), or its decision date while that is missing:
    the earlier date, as move-on counts (entitlements.move_on)."""
    return cg.served_on or cg.decided_on


def first_due(cg) -> date:
    """The first RNA's due date: `rna_first_due_days` after the CG was received (an organisational
    default inside move-on's 45 days, so a decision can come before move-on ends; no published
    deadline was found: docs/domain.md)."""
    received = cg_received_on(cg)
    return received + timedelta(days=clocks.policy_value("rna_first_due_days", received))


def is_overdue(assessment, today: date) -> bool:
    """Not yet submitted, and past its due date. Never for one recorded before the steps were
    kept (migration 0021): its dates were not asked for, so no date here can be missed."""
    return (
        not assessment.recorded_before_steps
        and assessment.status in (RnaStatus.DRAFT, RnaStatus.SHARED)
        and assessment.due_on < today
    )


def decision_due(assessment) -> date | None:
    """The day after which a decision is awaited too long: `rna_decision_working_days` working
    days after submission, on the competent authority's calendar. None before submission."""
    if assessment.submitted_on is None:
        return None
    days = clocks.policy_value("rna_decision_working_days", assessment.submitted_on)
    return clocks.add_working_days(assessment.submitted_on, days, clocks.HOME_OFFICE_CALENDAR)


def decision_awaited_too_long(assessment, today: date) -> bool:
    """Submitted, and no decision `rna_decision_working_days` after. Never for one recorded
    before the steps were kept (migration 0021): it may have been decided without the decision
    being asked for, so it would flood the backlog and My work the day the migration ran."""
    due = decision_due(assessment)
    return (
        not assessment.recorded_before_steps
        and assessment.status == RnaStatus.SUBMITTED
        and due is not None
        and today > due
    )


def attention_rule(assessment, today: date) -> str:
    """Why an assessment is overdue or its decision awaited too long, naming the rule and that
    its period is the organisation's default, not a published deadline (docs/domain.md); empty
    when neither. Shown beside the assessment, so a manager sees what made it a work item."""
    if is_overdue(assessment, today):
        return (
            "Overdue: not submitted by its due date. A first assessment's due date is suggested "
            "from the organisation's default of "
            f"{clocks.policy_value('rna_first_due_days', assessment.due_on)} days after the positive CG "
            "was received, not a Home Office deadline; Change corrects it."
        )
    if decision_awaited_too_long(assessment, today):
        assert assessment.submitted_on is not None
        days = clocks.policy_value("rna_decision_working_days", assessment.submitted_on)
        return (
            f"Decision awaited too long: none {days} working days after the submission. {days} working "
            "days is the organisation's default for chasing the Single Competent Authority, not a "
            "published timescale."
        )
    return ""


def needs_attention(assessment, today: date) -> bool:
    """Overdue, or its decision awaited too long: the backlog's "RNAs overdue or awaiting a decision"."""
    return is_overdue(assessment, today) or decision_awaited_too_long(assessment, today)


def attention_fact(overdue_since: date | None, oldest_submitted_on: date | None, today: date):
    """The backlog's fact for a case in "RNAs overdue or awaiting a decision", as (words, date):
    its oldest overdue assessment's due date, else the submission of the decision awaited longest
    (if too long); None when neither (the case was listed for another reason)."""
    if overdue_since is not None and overdue_since < today:
        return ("RNA overdue since", overdue_since)
    if oldest_submitted_on is not None:
        days = clocks.policy_value("rna_decision_working_days", oldest_submitted_on)
        if today > clocks.add_working_days(oldest_submitted_on, days, clocks.HOME_OFFICE_CALENDAR):
            return ("RNA decision awaited since", oldest_submitted_on)
    return None


def next_due(assessment) -> date | None:
    """After a decision, when the next RNA or review falls: the date set with the decision, or
    for continued support without one, the day the support is agreed to. None after move-on
    without a review date, or before a decision."""
    if assessment.status != RnaStatus.DECIDED:
        return None
    if assessment.next_review_on is not None:
        return assessment.next_review_on
    if assessment.outcome == RnaOutcome.CONTINUED:
        return assessment.support_until
    return None


def _latest_key(assessment) -> tuple:
    if assessment.status == RnaStatus.DECIDED:
        # A decision recorded before the steps were kept has no date: it came before any dated one.
        return (0, assessment.decided_on or date.min, date.min, assessment.pk or 0)
    if assessment.recorded_before_steps:
        # Submitted before the steps were kept, its decision perhaps never recorded: older than
        # any dated decision, so it never hides a later assessment.
        return (0, date.min, assessment.due_on, assessment.pk or 0)
    return (1, date.min, assessment.due_on, assessment.pk or 0)


def latest(assessments):
    """The assessment that says what is next: one not yet decided (the one due last) before any
    decided one (one recorded before the steps were kept only before the undated decisions);
    among decided ones, the one decided last (then recorded last). Not the due date among
    decided ones: a due date corrected to earlier does not make a later decision older."""
    return max(assessments, key=_latest_key, default=None)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def shared_too_early(shared_on: date | None, opened_on: date, cg) -> str:
    """Why a sharing date is too early, or empty: an assessment follows the positive CG (its
    decision date) and is written by the case's support worker (the case's opening). The draft
    keeps no date of its own, so these are the earliest facts it can be checked against."""
    if shared_on is None:
        return ""
    if (
        cg is not None
        and cg.decided_on is not None
        and cg.decided_on >= opened_on
        and shared_on < cg.decided_on
    ):
        return (
            "The date shared with the survivor must be on or after the positive Conclusive Grounds "
            f"decision ({_long(cg.decided_on)})."
        )
    if shared_on < opened_on:
        return (
            "The date shared with the survivor must be on or after the day the case was opened "
            f"({_long(opened_on)})."
        )
    return ""


def step_refusals(
    *,
    shared_on=None,
    submitted_on=None,
    decided_on=None,
    outcome=RnaOutcome.PENDING,
    services_agreed="",
    support_until=None,
    next_review_on=None,
    recorded_before_steps=False,
    **_,
) -> dict[str, str]:
    """What is wrong with an assessment's steps, by field (empty: nothing). The same rules when a
    step is recorded and when the whole assessment is corrected; the database keeps them too."""
    errors: dict[str, str] = {}
    if submitted_on is not None and shared_on is None and not recorded_before_steps:
        errors["shared_on"] = SHARE_BEFORE_SUBMIT
    if shared_on is not None and submitted_on is not None and submitted_on < shared_on:
        errors["submitted_on"] = SUBMITTED_BEFORE_SHARED
    if decided_on is not None and submitted_on is None:
        errors["submitted_on"] = SUBMIT_BEFORE_DECISION
    if decided_on is not None and submitted_on is not None and decided_on < submitted_on:
        errors["decided_on"] = DECIDED_BEFORE_SUBMITTED
    if outcome != RnaOutcome.PENDING and decided_on is None and not recorded_before_steps:
        errors["decided_on"] = DECIDED_ON_NEEDED
    if outcome == RnaOutcome.PENDING and decided_on is not None:
        errors["outcome"] = DATE_WITHOUT_OUTCOME
    if outcome == RnaOutcome.CONTINUED and not services_agreed:
        errors["services_agreed"] = SERVICES_NEEDED
    if support_until is not None and outcome != RnaOutcome.CONTINUED:
        errors["support_until"] = UNTIL_ONLY_CONTINUED
    elif support_until is not None and decided_on is not None and support_until < decided_on:
        errors["support_until"] = UNTIL_BEFORE_DECISION
    if next_review_on is not None and decided_on is not None and next_review_on < decided_on:
        errors["next_review_on"] = NEXT_BEFORE_DECISION
    return errors
