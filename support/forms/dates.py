"""A date field whose messages name it the way it reads inside a sentence ("The date it started
must be today or in the past"), the year's message included, for the outcomes, dependants and
entitlements forms. NRM records are dated no earlier than the NRM itself (support/rules/dates.py)."""

from datetime import date

from django.core.exceptions import ValidationError

from casework.ui.dates import long_date
from casework.ui.govuk import GovukDateField
from support.rules.dates import EARLIEST_NRM_DATE


class NamedDateField(GovukDateField):
    def __init__(self, *, named: str, why_earliest: str = "", **kwargs):
        self.named = named  # "the date it started"
        self.why_earliest = why_earliest
        super().__init__(**kwargs)

    def _label(self) -> str:
        return self.named[:1].upper() + self.named[1:]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            if error.code == "invalid" and error.message.startswith("Year must"):
                raise ValidationError(
                    f"The year of {self.named} must include 4 numbers", code="invalid"
                ) from None
            if error.code == "too_early":
                raise ValidationError(
                    f"{self._label()} must be on or after {long_date(self.earliest)}{self.why_earliest}",
                    code="too_early",
                ) from None
            raise


def named_date_field(label: str, named: str, *, required=True, nrm=True, help_text="") -> NamedDateField:
    """A date today or before; `nrm`: no earlier than the NRM began (April 2009), else 1900."""
    earliest = EARLIEST_NRM_DATE if nrm else date(1900, 1, 1)
    return NamedDateField(
        label=label,
        named=named,
        why_earliest=", when the NRM began" if nrm else "",
        required=required,
        not_future=True,
        earliest=earliest,
        help_text=help_text,
        error_messages={"required": f"Enter {named}"},
    )
