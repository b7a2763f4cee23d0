"""The extension points: how the apps above casework add to the case file without casework
importing them (imports go one way: oversight -> justice -> support -> screening ->
casework; docs/architecture.md).

Each app declares everything it adds in its own `hooks.py`, with ONE call to `register()`
(its AppConfig.ready() imports that module):

- case areas and panels: the pages an app adds to the case (its own URL and sub-navigation
  entry) and the sections on them, given the request and the case; a panel on the area
  "overview" is the app's short summary on the case's Overview;
- work sources: the dated items a user must act on ("RG decision overdue"), listed on
  "My work" and sent in the morning reminders;
- data areas: the personal data the app holds about a survivor. One object both exports
  the area (subject access) and erases it (end of retention), so the two cannot drift;
- case list filters and columns: a filter of the Cases list the app can answer (the NRM
  stage), a column it adds (the risk level);
- audit actions: the app's own `TextChoices` of namespaced codes ("nrm.decision_recorded");
- timeline sources: the case's events, each source declaring the kinds it gives (the
  timeline's filter) and reading its own records (casework/selectors/timeline.py merges them);
- demo seeders, blind-index refreshers (key rotation) and health lines for /healthz.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from casework.ui.dates import local_day_and_time


@dataclass(frozen=True)
class CasePanel:
    """A section of a case page: `area` is the slug of a CaseArea (the page it is on), or
    OVERVIEW for the app's few summary rows on the Overview (a template of summary-list rows,
    so the Overview reads as one list). Its context must take a fixed number of queries."""

    order: int
    template: str
    context: Callable  # (request, case) -> dict
    area: str


OVERVIEW = "overview"


@dataclass(frozen=True)
class CaseArea:
    """A page of the case file that an app adds (screening, the NRM, support, justice): its
    own URL /cases/<ref>/<slug>/ (URL name "case_<slug>") and an entry, `title`, in the
    case's sub-navigation at `order` (casework's own pages: casework/ui/case_nav.py)."""

    order: int
    slug: str
    title: str


@dataclass(frozen=True, order=True)
class WorkItem:
    """Something owed on a case. Holds a reference and words, never survivor data."""

    due_on: date
    reference: str = field(compare=False)
    kind: str = field(compare=False)  # a stable code, e.g. "rg_overdue"
    text: str = field(compare=False)  # what a caseworker reads, e.g. "RG decision overdue by 3 working days"
    overdue: bool = field(default=False, compare=False)
    group: str = field(default="Other", compare=False)  # the heading it is listed under in emails
    # For the case team's managers, at once (their next morning email and their own section of
    # My work), not for the assignee's list: a safeguarding concern only a manager can clear.
    escalate: bool = field(default=False, compare=False)
    # Whose item it is when that is not the case's assignee (a task's own assignee): None means
    # the case's people (its assignee, and its team's managers for what is long overdue).
    for_user_id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DataArea:
    """One area of personal data about a case's survivor.

    `export(case)` returns the area's records, JSON-ready, for the subject access export
    (listed under `title`); `erase(case)` irreversibly removes them at the end of retention,
    keeping only statistics fields. `order` places the area in the export."""

    order: int
    title: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


@dataclass(frozen=True)
class CaseListFilter:
    """A filter of the case list that an app adds (support: the NRM stage). A GET parameter
    `name` (a vocabulary, never survivor data), chosen from `choices` [(code, words)];
    `apply(cases, value, today)` narrows a QuerySet of cases to those that match."""

    name: str
    label: str
    choices: Sequence[tuple[str, str]]
    apply: Callable[..., Any]


@dataclass(frozen=True)
class CaseListColumn:
    """A column of the case list that an app adds (support: the risk level), shown before
    Status. `annotate(cases)` adds what the cell needs to the page's QuerySet in SQL (a
    subquery: the page stays one query whatever its rows); `cell(case)` gives the words and a
    GOV.UK tag class ("" for plain text). Vocabulary only, never survivor data."""

    heading: str
    annotate: Callable[[Any], Any]
    cell: Callable[[Any], tuple[str, str]]


WorkSource = Callable[..., Iterable[WorkItem]]  # (cases, today) -> WorkItems


# Below every instant: the sort key of an event known only by its date.
NO_MOMENT = datetime.min.replace(tzinfo=UTC)

# An event's place in the timeline (TimelineEvent.sort_key): the timeline is newest first, and a
# page ends at one of these (the cursor of "Show more").
SortKey = tuple[date, bool, datetime, int, str, int]


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened on a case, for its timeline: vocabulary words, dates and staff
    names. Never a note: the timeline is read at a glance, and printed. An event with an
    instant is made with TimelineEvent.happened(moment, ...), which gives its UK day."""

    on: date  # the day it happened, in UK time
    kind: str  # one of the codes its source declares (TimelineSource.kinds): the timeline's filter
    title: str  # "Phone call", "Positive Reasonable Grounds (RG) decision"
    moment: datetime | None = None  # the instant, when the record has one (a contact, a closure)
    by: str = ""  # the staff who did it or took part
    typed: str = ""  # words someone typed (a task's title), shown as theirs, direction isolated
    details: tuple[str, ...] = ()  # short lines under the title
    tags: tuple[tuple[str, str], ...] = ()  # (words, GOV.UK tag colour): flags seen at a glance
    # Among the events of one day that have no time, the order things happen in a case (a case
    # opens, then a referral, then its decision): higher is later, so shown higher.
    rank: int = 50
    # The record's id: with rank and kind, it tells apart any two events of a day (a page ends
    # at one, and the next starts below it). So the records of two tables, or two events of one
    # record, never share a rank within a kind.
    key: int = 0

    @classmethod
    def happened(cls, moment: datetime, **fields) -> "TimelineEvent":
        return cls(on=local_day_and_time(moment)[0], moment=moment, **fields)

    @property
    def at(self) -> time | None:
        """The UK time shown (to the minute), when it has one."""
        return local_day_and_time(self.moment)[1] if self.moment is not None else None

    def sort_key(self) -> SortKey:
        """The timeline's one order (newest first is this, reversed): by day; on one day the
        events with an instant, by the instant itself (not the minute shown, nor the clock's
        hour, which autumn repeats), above those known only by their date, in the order things
        happen in a case (rank); then kind and id, so no two events tie."""
        moment = self.moment if self.moment is not None else NO_MOMENT
        return (self.on, self.moment is not None, moment, self.rank, self.kind, self.key)


@dataclass(frozen=True)
class TimelineQuery:
    """What the reader asked for. A source may use it to read less (the newest `limit` events
    of these `kinds` between `start` and `end`, and below `before`, in SQL); the timeline
    applies it again, so a source with few records per case may ignore it and give them all.
    limit None: all. before: the sort key of the last event already shown (a page's cursor)."""

    kinds: frozenset[str]
    start: date | None = None
    end: date | None = None
    limit: int | None = None
    before: SortKey | None = None

    def wants(self, kind: str) -> bool:
        return kind in self.kinds

    def period(self) -> tuple[datetime | None, datetime | None]:
        """The UK days start..end as aware datetimes [from, before), for timestamp columns (a
        range on the column itself, so its index serves). The last day of the calendar has no
        next day: no end then (the filter's form refuses dates so far ahead anyway)."""
        zone = timezone.get_current_timezone()
        since = datetime.combine(self.start, time.min, zone) if self.start else None
        before = None
        if self.end and self.end < date.max:
            before = datetime.combine(self.end + timedelta(days=1), time.min, zone)
        return since, before


@dataclass(frozen=True)
class TimelineSource:
    """Events of a case from one app's records. `kinds`: (code, label) of every kind it gives,
    in the order the filter lists them; `events(case, query)`: a bounded number of queries
    whatever the case holds (the timeline has a fixed count), reading only the columns shown."""

    kinds: Sequence[tuple[str, str]]
    events: Callable[..., Iterable[TimelineEvent]]


@dataclass(frozen=True)
class AppHooks:
    app: str
    panels: Sequence[CasePanel] = ()
    areas: Sequence[CaseArea] = ()
    work_sources: Sequence[WorkSource] = ()
    case_list_filters: Sequence[CaseListFilter] = ()
    case_list_columns: Sequence[CaseListColumn] = ()
    data_areas: Sequence[DataArea] = ()
    audit_actions: type[models.TextChoices] | None = None
    demo_seeders: Sequence[Callable] = ()  # seeder(stdout=...), idempotent
    blind_index_refreshers: Sequence[Callable[[], int]] = ()  # rows re-indexed
    health_details: Sequence[Callable[[], Iterable[str]]] = ()  # lines for administrators
    timeline_sources: Sequence[TimelineSource] = ()


_apps: dict[str, AppHooks] = {}

# What an area's slug may not be: the pages of a case that are not an area (/cases/<ref>/<these>/:
# casework's own, and "child" and "claims" the apps keep beside their areas) and the URL names
# "case_<slug>" casework already has (case_list, case_new). An area with one of these would shadow
# a page or take its URL name; tests/casework/test_case_pages.py checks the list against the URLs.
RESERVED_AREA_SLUGS = frozenset(
    {
        "assign",
        "child",
        "claims",
        "close",
        "consent",
        "consents",
        "contacts",
        "details",
        "documents",
        "edit",
        "export",
        "history",
        "list",
        "new",
        "reopen",
        "share",
        "tasks",
        "timeline",
    }
)


def register(app_hooks: AppHooks) -> None:
    """Called once by each app's hooks.py; registering the same app again replaces it."""
    _check_area_slugs(app_hooks)
    _apps[app_hooks.app] = app_hooks
    if app_hooks.audit_actions is not None:
        from casework.models.audit import register_actions  # models load after this module

        register_actions(app_hooks.audit_actions)


def _check_area_slugs(app_hooks: AppHooks) -> None:
    """Each area's slug is its URL (/cases/<ref>/<slug>/) and URL name ("case_<slug>"): unique
    across the apps and none of casework's own pages, checked when the app registers."""
    taken = {area.slug for other in _apps.values() if other.app != app_hooks.app for area in other.areas}
    seen: set[str] = set()
    for area in app_hooks.areas:
        if area.slug in RESERVED_AREA_SLUGS:
            raise ImproperlyConfigured(f"Case area slug {area.slug!r} is one of casework's own pages.")
        if area.slug in taken or area.slug in seen:
            raise ImproperlyConfigured(f"Case area slug {area.slug!r} is registered twice.")
        seen.add(area.slug)


def _all(attribute: str) -> list:
    return [item for app_hooks in _apps.values() for item in getattr(app_hooks, attribute)]


def case_panels(area: str) -> list[CasePanel]:
    return sorted((p for p in _all("panels") if p.area == area), key=lambda panel: panel.order)


def case_areas() -> list[CaseArea]:
    return sorted(_all("areas"), key=lambda area: area.order)


def work_items(cases, today: date) -> list[WorkItem]:
    """Everything owed on these (already access-checked) cases, overdue first, then by date."""
    items = [item for source in _all("work_sources") for item in source(cases, today)]
    return sorted(items, key=lambda item: (not item.overdue, item.due_on, item.reference))


def case_list_filters() -> list[CaseListFilter]:
    return _all("case_list_filters")


def case_list_columns() -> list[CaseListColumn]:
    return _all("case_list_columns")


def data_areas() -> list[DataArea]:
    return sorted(_all("data_areas"), key=lambda area: area.order)


def demo_seeders() -> list[Callable]:
    return _all("demo_seeders")


def blind_index_refreshers() -> list[Callable[[], int]]:
    return _all("blind_index_refreshers")


def health_details() -> list[Callable[[], Iterable[str]]]:
    return _all("health_details")


def timeline_sources() -> list[TimelineSource]:
    return _all("timeline_sources")


def timeline_kinds() -> list[tuple[str, str]]:
    """Every kind of event the apps give, (code, label), in the order the apps registered."""
    return [kind for source in timeline_sources() for kind in source.kinds]
