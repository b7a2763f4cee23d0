"""What risk owes on a user's cases, for "My work", the morning email, the case list's "Next
due" and the backlog: a risk review due or overdue, a first assessment not yet recorded, and a
high-risk case's safety plan to check. The words never say anything of the risk itself (not its
level, not its areas): one text serves My work and the morning email, which names the case
reference and, say, "Risk review overdue" or "Case to check: is the safety plan in place?",
nothing else."""

from datetime import date, timedelta

from django.db.models import Q

from casework import clocks
from casework.hooks import WorkItem
from casework.models import Case
from casework.ui.dates import long_date
from casework.vocabularies import CaseStatus
from support.selectors.risk import first_assessment_days, owed_first_assessment, with_current_risk
from support.vocabularies import RiskLevel

# A case with no assessment is owed a first one within the days of the policy in force on the
# day it was opened (casework/clocks.py POLICY, "risk_first_assessment_days"): none for cases
# opened before risk assessments were recorded here (every one would be overdue at once).

DUE_SOON_DAYS = clocks.CLOSING_SOON_DAYS  # the one "closing soon" window

GROUP = "Risk reviews"
OVERDUE = "risk_review_overdue"
DUE = "risk_review_due"
FIRST_DUE = "risk_assessment_due"
HIGH_RISK = "safety_plan_check"  # level-free too: the kind is kept in the reminder ledger
# Level-free words: the same text is the morning email's (anyone reading over a shoulder, a
# shared inbox). The caseworker sees why on the Risk page.
HIGH_RISK_TEXT = "Case to check: is the safety plan in place?"
CHECK_GROUP = "Cases to check"


def risk_work_items(cases, today: date) -> list[WorkItem]:
    """One query whatever the number of cases: the open cases' current assessment's level and
    review date (a subquery per case, an index probe) where something is due soon or overdue."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = (
        with_current_risk(Case.objects.filter(pk__in=cases.values("pk"), status=CaseStatus.OPEN))
        .filter(Q(risk_review_on__lte=soon) | owed_first_assessment(soon))
        .values_list("reference", "opened_on", "risk_level", "risk_review_on")
    )
    items = []
    for reference, opened_on, level, review_on in rows:
        if level is None:
            days = first_assessment_days(opened_on)
            due = opened_on + timedelta(days=days)
            if not days or due > soon:
                continue
            items.append(
                WorkItem(
                    due_on=due,
                    reference=reference,
                    kind=FIRST_DUE,
                    text=f"Risk assessment due by {long_date(due)}",
                    overdue=due < today,
                    group=GROUP,
                )
            )
        elif review_on < today:
            items.append(
                WorkItem(
                    due_on=review_on,
                    reference=reference,
                    kind=OVERDUE,  # whatever the level: the kind is kept in the reminder ledger
                    text="Risk review overdue",
                    overdue=True,
                    group=GROUP,
                )
            )
        else:
            items.append(
                WorkItem(
                    due_on=review_on,
                    reference=reference,
                    kind=DUE,
                    text=f"Risk review due by {long_date(review_on)}",
                    group=GROUP,
                )
            )
            if level == RiskLevel.HIGH:
                # A high risk: the safety plan checked by each review date (not a daily nag of
                # its own: it comes and goes with the review it is due at; once the review is
                # overdue, that is what is owed).
                items.append(
                    WorkItem(
                        due_on=review_on,
                        reference=reference,
                        kind=HIGH_RISK,
                        text=HIGH_RISK_TEXT,
                        group=CHECK_GROUP,
                    )
                )
    return items
