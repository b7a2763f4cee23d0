"""The extension points: how the apps above casework add to the case file without casework
importing them (imports go one way: oversight -> justice -> support -> screening ->
casework; docs/architecture.md).

Each app declares everything it adds in its own `hooks.py`, with ONE call to `register()`
(its AppConfig.ready() imports that module):

- case panels: sections of the case page, given the request and the case;
- work sources: the dated items a user must act on ("RG decision overdue"), listed on
  "My work" and sent in the morning reminders;
- data areas: the personal data the app holds about a survivor. One object both exports
  the area (subject access) and erases it (end of retention), so the two cannot drift;
- audit actions: the app's own `TextChoices` of namespaced codes ("nrm.decision_recorded");
- demo seeders, blind-index refreshers (key rotation) and health lines for /healthz.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models


@dataclass(frozen=True)
class CasePanel:
    order: int
    template: str
    context: Callable  # (request, case) -> dict


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


WorkSource = Callable[..., Iterable[WorkItem]]  # (cases, today) -> WorkItems


@dataclass(frozen=True)
class AppHooks:
    app: str
    panels: Sequence[CasePanel] = ()
    areas: Sequence[CaseArea] = ()
    work_sources: Sequence[WorkSource] = ()
    data_areas: Sequence[DataArea] = ()
    audit_actions: type[models.TextChoices] | None = None
    demo_seeders: Sequence[Callable] = ()  # seeder(stdout=...), idempotent
    blind_index_refreshers: Sequence[Callable[[], int]] = ()  # rows re-indexed
    health_details: Sequence[Callable[[], Iterable[str]]] = ()  # lines for administrators


_apps: dict[str, AppHooks] = {}


def register(app_hooks: AppHooks) -> None:
    """Called once by each app's hooks.py; registering the same app again replaces it."""
    _apps[app_hooks.app] = app_hooks
    if app_hooks.audit_actions is not None:
        from casework.models.audit import register_actions  # models load after this module

        register_actions(app_hooks.audit_actions)


def _all(attribute: str) -> list:
    return [item for app_hooks in _apps.values() for item in getattr(app_hooks, attribute)]


def case_panels() -> list[CasePanel]:
    return sorted(_all("panels"), key=lambda panel: panel.order)


def case_areas() -> list[CaseArea]:
    return sorted(_all("areas"), key=lambda area: area.order)


def work_items(cases, today: date) -> list[WorkItem]:
    """Everything owed on these (already access-checked) cases, overdue first, then by date."""
    items = [item for source in _all("work_sources") for item in source(cases, today)]
    return sorted(items, key=lambda item: (not item.overdue, item.due_on, item.reference))


def data_areas() -> list[DataArea]:
    return sorted(_all("data_areas"), key=lambda area: area.order)


def demo_seeders() -> list[Callable]:
    return _all("demo_seeders")


def blind_index_refreshers() -> list[Callable[[], int]]:
    return _all("blind_index_refreshers")


def health_details() -> list[Callable[[], Iterable[str]]]:
    return _all("health_details")
