"""What the NRM and support records add to the case's Overview (registered in
support/hooks.py on the area hooks.OVERVIEW): where the NRM stands, its next date, and when
support ends and the 12 months run to. A fixed number of queries, nothing decrypted."""

from datetime import date

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from support.models import SupportPeriod
from support.panels import STATUS_TAGS, VERDICT_TAGS, deadline_tag
from support.rules.nrm_status import position
from support.rules.twelve_months import support_clock
from support.selectors.nrm import NRM_PREFETCH_LEAN


def support_overview_context(request, case) -> dict:
    # The dates only: the periods' notes and provider are encrypted and not shown here.
    periods = Prefetch("support_periods", queryset=SupportPeriod.objects.defer("notes", "provider_name"))
    prefetch_related_objects([case], NRM_PREFETCH_LEAN, periods)
    today = timezone.localdate()
    where = position(case, today)
    owed = sorted(where.owed, key=lambda item: (not item.overdue, item.due_on))
    periods = list(case.support_periods.all())
    running = [p for p in periods if p.end_on is None or p.end_on >= today]
    # The support that runs now, soonest to end first (a period with no planned end last).
    running.sort(key=lambda p: p.end_on or p.planned_end_on or date.max)
    clock = support_clock(case, today)
    return {
        "nrm": where,
        "status_tag": STATUS_TAGS.get(where.status, "govuk-tag--blue"),
        "next_nrm": owed[0] if owed else None,
        "next_nrm_tag": deadline_tag(owed[0].due_on, today, overdue=owed[0].overdue) if owed else "",
        "support_now": running[0] if running else None,
        "clock": clock,
        "verdict_tag": VERDICT_TAGS[clock.verdict] if clock else "",
        "clock_label": ("Support after the CG" if clock.is_devolved else "12 months of support")
        if clock
        else "",
    }
