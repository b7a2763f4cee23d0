"""Reads for the pages of one case that are not a record's own list."""

from datetime import date

from casework import hooks
from casework.models import Case


def case_owed(case: Case, today: date, *, manager: bool) -> list[hooks.WorkItem]:
    """What is owed now on this one case: the items "My work" lists for it (the same work
    sources, overdue first). An escalated item (a safeguarding concern only a manager can
    clear) is shown only to a manager of the case's team, as on their own "My work"."""
    items = hooks.work_items(Case.objects.filter(pk=case.pk), today)
    return [item for item in items if manager or not item.escalate]
