"""The one way dates are written for people: pages, messages, emails and the export."""

from datetime import date, datetime, time

from django.utils import timezone


def long_date(day: date) -> str:
    """A date as caseworkers write it: 14 June 1998 (a datetime as written, without its time)."""
    return f"{day.day} {day:%B %Y}"


def local_day_and_time(moment: datetime) -> tuple[date, time]:
    """An instant as the UK day and the time shown on it (to the minute). Only for showing:
    instants are ordered by themselves, never by this (the autumn hour 01:00-02:00 comes twice)."""
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def short_date(day: date) -> str:
    """A date in a table or list: 14 Jun 1998 (what {{ day|date:"j M Y" }} writes, for a date
    without its time, at a fraction of the cost on pages that write hundreds)."""
    return f"{day.day} {day:%b %Y}"
