"""The one way dates are written for people: pages, messages, emails and the export."""

from datetime import date


def long_date(day: date) -> str:
    """A date as caseworkers write it: 14 June 1998 (a datetime as written, without its time)."""
    return f"{day.day} {day:%B %Y}"
