"""What risk owes on a user's cases, for "My work", the morning email, the case list's "Next
due" and the backlog: a risk review due or overdue, and a first assessment not yet recorded.
The words never say anything of the risk itself (not its level, not its areas): an email names
the case reference and "Risk review overdue", nothing else."""

from datetime import date, timedelta

from django.db.models import Q

from casework import clocks
from casework.hooks import WorkItem
from casework.models import Case
from casework.ui.dates import long_date
from casework.vocabularies import CaseStatus
from support.selectors.risk import with_current_risk

# A case opened on or after this date that has no assessment is owed a first one within
# FIRST_ASSESSMENT_DAYS of opening (the default period for a high risk: a case is treated as
# high risk until it is assessed). Cases opened before risk assessments were recorded here are
# not listed: every one of them would be overdue at once (docs/architecture.md, Risk and safety).
FIRST_ASSESSMENT_FROM = date(2026, 12, 1)
FIRST_ASSESSMENT_DAYS = 7

DUE_SOON_DAYS = clocks.CLOSING_SOON_DAYS  # the one "closing soon" window

GROUP = "Risk reviews"
OVERDUE = "risk_review_overdue"
DUE = "risk_review_due"
FIRST_DUE = "risk_assessment_due"


def risk_work_items(cases, today: date) -> list[WorkItem]:
    """One query whatever the number of cases: the open cases' current assessment's level and
    review date (a subquery per case, an index probe) where something is due soon or overdue."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = (
        with_current_risk(Case.objects.filter(pk__in=cases.values("pk"), status=CaseStatus.OPEN))
        .filter(
            Q(risk_review_on__lte=soon) | Q(risk_level__isnull=True, opened_on__gte=FIRST_ASSESSMENT_FROM)
        )
        .values_list("reference", "opened_on", "risk_level", "risk_review_on")
    )
    items = []
    for reference, opened_on, level, review_on in rows:
        if level is None:
            due = opened_on + timedelta(days=FIRST_ASSESSMENT_DAYS)
            if due > soon:
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
    return items
