"""The support plan's rules, as pure functions: the order needs are shown in, whether the
survivor has seen the current version, and when a review is due."""

from dataclasses import dataclass
from datetime import date

from support.vocabularies import GoalStatus, NeedPriority, NeedStatus

PRIORITY_ORDER = {NeedPriority.HIGH: 0, NeedPriority.MEDIUM: 1, NeedPriority.LOW: 2}
# Needs still being worked on come first; met and no longer needed ones after them.
CLOSED_NEEDS = frozenset({NeedStatus.MET, NeedStatus.NO_LONGER_NEEDED})
CLOSED_GOALS = frozenset({GoalStatus.ACHIEVED, GoalStatus.DROPPED})

NEED_TAGS = {
    NeedStatus.OPEN: "govuk-tag--blue",
    NeedStatus.IN_PROGRESS: "govuk-tag--yellow",
    NeedStatus.MET: "govuk-tag--green",
    NeedStatus.NO_LONGER_NEEDED: "govuk-tag--grey",
}
PRIORITY_TAGS = {
    NeedPriority.HIGH: "govuk-tag--red",
    NeedPriority.MEDIUM: "govuk-tag--orange",
    NeedPriority.LOW: "govuk-tag--grey",
}
GOAL_TAGS = {
    GoalStatus.OPEN: "govuk-tag--blue",
    GoalStatus.IN_PROGRESS: "govuk-tag--yellow",
    GoalStatus.ACHIEVED: "govuk-tag--green",
    GoalStatus.DROPPED: "govuk-tag--grey",
}


def need_sort_key(need) -> tuple:
    """Open needs before closed ones; then high priority first; then the order they were added."""
    return (need.status in CLOSED_NEEDS, PRIORITY_ORDER.get(need.priority, 3), need.added_at, need.pk)


@dataclass(frozen=True)
class Agreement:
    """Where the survivor's agreement stands: `agreed_edition` and `agreed_on` of the latest
    agreement (None: never agreed); `current` whether that is the plan as it is now."""

    edition: int
    agreed_edition: int | None
    agreed_on: date | None

    @property
    def current(self) -> bool:
        return self.agreed_edition is not None and self.agreed_edition == self.edition

    @property
    def outdated(self) -> bool:
        """Agreed once, changed since: the survivor has not seen the current version."""
        return self.agreed_edition is not None and self.agreed_edition != self.edition


def agreement(edition: int, latest) -> Agreement:
    """`latest`: the plan's latest PlanAgreement, or None."""
    if latest is None:
        return Agreement(edition=edition, agreed_edition=None, agreed_on=None)
    return Agreement(edition=edition, agreed_edition=latest.edition, agreed_on=latest.agreed_on)


def review_due(next_review_on: date | None, today: date) -> bool:
    """A review is owed from its date on (due today, or overdue)."""
    return next_review_on is not None and next_review_on <= today


def review_overdue(next_review_on: date | None, today: date) -> bool:
    return next_review_on is not None and next_review_on < today
