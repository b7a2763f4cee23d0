"""What may be done to a screening interview in each status. The views (which pages and
buttons are offered) and the services (which writes are refused) both ask these.

- An interview in progress (a draft) may have its sections answered, be completed or be
  stopped; a case has at most one in progress, and starting another leads to it.
- A completed interview may only be corrected (amended, with a reason).
- A stopped interview is kept as it was: nothing more is done to it."""

from django.core.exceptions import ValidationError

from screening.models import ScreeningInterview
from screening.vocabularies import InterviewStatus

NOT_A_DRAFT = "This interview is no longer in progress."
NOT_COMPLETED = "Only a completed interview can be corrected."


def may_answer(interview: ScreeningInterview) -> bool:
    """Answer a section, complete the interview or stop it."""
    return interview.status == InterviewStatus.DRAFT


def may_amend(interview: ScreeningInterview) -> bool:
    return interview.status == InterviewStatus.COMPLETED


def require_answerable(interview: ScreeningInterview) -> None:
    if not may_answer(interview):
        raise ValidationError(NOT_A_DRAFT)


def require_amendable(interview: ScreeningInterview) -> None:
    if not may_amend(interview):
        raise ValidationError(NOT_COMPLETED)
