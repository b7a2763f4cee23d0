"""The case timeline: every app's events of a case in one stream, newest first (docs/architecture.md,
Hooks). The apps give their events through hooks.TimelineSource; this module asks only the sources
of the kinds wanted, merges, orders and cuts out the page.

A page ends at a cursor, the sort key of its last event (hooks.TimelineEvent.sort_key): the next
page is the events below it, so "Show more" neither repeats nor skips an event when something is
recorded between two loads (a page number would shift by what was added above)."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from casework import hooks
from casework.hooks import SortKey, TimelineEvent, TimelineQuery
from casework.models import Case

PAGE_SIZE = 25
_SEPARATOR = "~"


@dataclass(frozen=True)
class TimelinePage:
    events: list[TimelineEvent]
    after: str  # the cursor this page started below ("": the newest)
    next_after: str  # the cursor of the next page ("": there is none)

    @property
    def has_next(self) -> bool:
        return bool(self.next_after)


def cursor(key: SortKey) -> str:
    """A sort key as a query-string value: dates, an instant, a rank, a kind's code and an id
    (nothing about the survivor)."""
    on, timed, moment, rank, kind, pk = key
    return _SEPARATOR.join((on.isoformat(), moment.isoformat() if timed else "", str(rank), kind, str(pk)))


def read_cursor(value: str) -> SortKey | None:
    """The sort key a cursor names; None for anything else (the newest page is shown)."""
    parts = value.split(_SEPARATOR)
    if len(parts) != 5:
        return None
    on, moment, rank, kind, pk = parts
    try:
        instant = datetime.fromisoformat(moment) if moment else hooks.NO_MOMENT
        key: SortKey = (date.fromisoformat(on), bool(moment), instant, int(rank), kind, int(pk))
    except (ValueError, OverflowError):
        return None
    if instant.tzinfo is None:
        return None
    return key


def _wanted(event: TimelineEvent, query: TimelineQuery) -> bool:
    return (
        event.kind in query.kinds
        and (query.start is None or event.on >= query.start)
        and (query.end is None or event.on <= query.end)
        and (query.before is None or event.sort_key() < query.before)
    )


def case_timeline(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """The events asked for, newest first: the newest `query.limit` below `query.before` (all of
    them if None). Each source's own cut is applied again here, so a source may give more."""
    events = []
    for source in hooks.timeline_sources():
        if any(query.wants(code) for code, _label in source.kinds):
            events.extend(event for event in source.events(case, query) if _wanted(event, query))
    events.sort(key=TimelineEvent.sort_key, reverse=True)
    return events if query.limit is None else events[: query.limit]


def timeline_page(case: Case, query: TimelineQuery, *, after: str = "") -> TimelinePage:
    """The PAGE_SIZE events below the cursor `after` (the newest if it names none): each source
    is asked for that many and one more (whether there is a next page), so a later page reads
    no more rows or queries than the first."""
    before = read_cursor(after) if after else None
    events = case_timeline(case, replace(query, limit=PAGE_SIZE + 1, before=before))
    shown = events[:PAGE_SIZE]
    next_after = cursor(shown[-1].sort_key()) if len(events) > PAGE_SIZE else ""
    return TimelinePage(events=shown, after=after if before else "", next_after=next_after)
