"""The case timeline: every app's events of a case in one stream, newest first
(docs/architecture.md, Hooks). The apps give their events through hooks.TimelineSource; this
module asks only the sources of the kinds wanted, merges, orders and cuts out the page."""

from dataclasses import dataclass, replace
from datetime import time

from casework import hooks
from casework.hooks import TimelineEvent, TimelineQuery
from casework.models import Case

PAGE_SIZE = 25


@dataclass(frozen=True)
class TimelinePage:
    events: list[TimelineEvent]
    number: int
    has_next: bool


def _newest_first(event: TimelineEvent) -> tuple:
    """On one day, events with a time (a contact, a closure) in time order, above those known
    only by their date, which follow the order things happen in a case (event.rank)."""
    return (event.on, event.at is not None, event.at or time.min, event.rank, event.kind, event.key)


def _wanted(event: TimelineEvent, query: TimelineQuery) -> bool:
    return (
        event.kind in query.kinds
        and (query.start is None or event.on >= query.start)
        and (query.end is None or event.on <= query.end)
    )


def case_timeline(case: Case, query: TimelineQuery) -> list[TimelineEvent]:
    """The events asked for, newest first: the newest `query.limit` (all of them if None).
    Each source's own cut is applied again here, so a source may give more than asked."""
    events = []
    for source in hooks.timeline_sources():
        if any(query.wants(code) for code, _label in source.kinds):
            events.extend(event for event in source.events(case, query) if _wanted(event, query))
    events.sort(key=_newest_first, reverse=True)
    return events if query.limit is None else events[: query.limit]


def timeline_page(case: Case, query: TimelineQuery, *, number: int) -> TimelinePage:
    """Page `number` (from 1): each source is asked for the newest events up to the end of the
    page and one more (whether there is a next page), so a later page reads more rows, never
    more queries."""
    first = (number - 1) * PAGE_SIZE
    events = case_timeline(case, replace(query, limit=first + PAGE_SIZE + 1))
    return TimelinePage(
        events=events[first : first + PAGE_SIZE], number=number, has_next=len(events) > first + PAGE_SIZE
    )
