"""Recording the survivor's ratings of the outcomes that matter to them, correcting and deleting
one (docs/domain.md, Outcomes). Several outcomes are rated at once, on one day and occasion."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from casework.ui.dates import long_date
from support.models import OutcomeRating
from support.rules.dates import check_past
from support.vocabularies import SupportAuditAction

NOTHING_RATED = "Rate at least one outcome that matters to them, from 1 to 5."
BEFORE_OPENED = (
    "Ratings are taken with their caseworker, so the date cannot be before the case was opened ({day})."
)


def _check_date(case, rated_on: date | None) -> None:
    check_past("rated_on", rated_on)
    if rated_on is not None and rated_on < case.opened_on:
        raise ValidationError({"rated_on": BEFORE_OPENED.format(day=long_date(case.opened_on))})


@transaction.atomic
def ratings_record(
    *, actor, case, rated_on: date, occasion: str, ratings: list[tuple[str, int, str]], request=None
) -> list[OutcomeRating]:
    """`ratings`: (outcome, score, the survivor's words) for each outcome they rated."""
    _check_date(case, rated_on)
    if not ratings:
        raise ValidationError(NOTHING_RATED)
    records = []
    for outcome, score, words in ratings:
        rating = OutcomeRating(
            case=case,
            rated_on=rated_on,
            occasion=occasion,
            outcome=outcome,
            score=score,
            words=(words or "").strip(),
            recorded_by=actor,
        )
        rating.full_clean()
        records.append(rating)
    for rating in records:
        # One save each (a handful at most), not bulk_create: create-once forms see the records
        # made through post_save (casework/services/submission.py), so a double click saves once.
        rating.save()
    audit.record(
        action=SupportAuditAction.OUTCOME_RATINGS_RECORDED,
        actor=actor,
        case=case,
        fields=["outcome_rating"],
        request=request,
    )
    return records


@transaction.atomic
def rating_change(*, actor, rating: OutcomeRating, version: int, reason: str, request=None, **values):
    _check_date(rating.case, values.get("rated_on"))
    values["words"] = (values.get("words") or "").strip()
    return versioning.correct(
        "outcome_rating",
        rating,
        actor=actor,
        case=rating.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def rating_delete(*, actor, rating: OutcomeRating, version: int, reason: str, request=None) -> bool:
    return versioning.remove(
        "outcome_rating",
        rating,
        actor=actor,
        case=rating.case,
        version=version,
        reason=reason,
        request=request,
    )


def outcomes_erase_personal_data(case) -> None:
    """At the end of retention the survivor's words go; the dates, outcomes and scores stay for
    the team's figures."""
    OutcomeRating.objects.filter(case=case).update(words="")
