"""Dates every NRM record shares: none in the future or before the NRM began, and none after
a record that must come later. Refusals are keyed to the form field they concern."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.ui.dates import long_date

EARLIEST_NRM_DATE = date(2009, 4, 1)

IN_FUTURE = "The date must be today or in the past."
BEFORE_NRM = "The NRM began in April 2009: check the date."
BEFORE_REFERRAL = "A decision cannot be dated before the referral was submitted ({day})."
DEPENDENT_BEFORE = "“{what}” is dated {day}: the {field} cannot be after it."


def check_past(name: str, day: date | None) -> None:
    if day is None:
        return
    if day > timezone.localdate():
        raise ValidationError({name: IN_FUTURE})
    if day < EARLIEST_NRM_DATE:
        raise ValidationError({name: BEFORE_NRM})


def check_after_referral(name: str, day: date, referral) -> None:
    if day < referral.submitted_on:
        raise ValidationError({name: BEFORE_REFERRAL.format(day=long_date(referral.submitted_on))})


def not_after(day: date, dependants, field: str) -> None:
    """Refuse a date later than any record that must come after it."""
    for what, other in dependants:
        if other is not None and other < day:
            raise ValidationError(
                {field: DEPENDENT_BEFORE.format(what=what, day=long_date(other), field="date")}
            )
