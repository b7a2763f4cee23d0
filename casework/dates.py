"""How far ahead a planned date may be. A due date, a follow-up or a planned end in the year 9999
is a typing slip, and it would sit at the bottom of every list for ever; the forms (date_field
with not_future=False) and the services that take such dates refuse it with the same words."""

from datetime import date

from django.utils import timezone

YEARS_AHEAD = 10


def furthest_ahead(today: date | None = None) -> date:
    """The latest date a planned date may be: YEARS_AHEAD years from today (28 February for 29th)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, and the year ten on is not a leap year
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def too_far_message(label: str) -> str:
    return f"{label} must be within {YEARS_AHEAD} years"
