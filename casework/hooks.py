"""How later apps add to the case file without casework importing them (imports go one
way: support -> screening -> casework). An app registers, in its AppConfig.ready():

- a case panel: a section of the case page, given the case and the viewer;
- a work source: the dated items a user must act on ("RG decision overdue"), which the
  "My work" page lists first and the morning reminders send;
- a demo seeder: the app's part of `seed_demo`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CasePanel:
    order: int
    template: str
    context: Callable  # (request, case) -> dict


@dataclass(frozen=True, order=True)
class WorkItem:
    """Something owed on a case. Holds a reference and words, never survivor data."""

    due_on: date
    reference: str = field(compare=False)
    kind: str = field(compare=False)  # a stable code, e.g. "rg_overdue"
    text: str = field(compare=False)  # what a caseworker reads, e.g. "RG decision overdue by 3 working days"
    overdue: bool = field(default=False, compare=False)
    group: str = field(default="Other", compare=False)  # the heading it is listed under in emails


_panels: list[CasePanel] = []
_demo_seeders: list[Callable] = []
_blind_index_refreshers: list[Callable] = []
_export_sections: list[Callable] = []
_erasers: list[Callable] = []
_work_sources: list[Callable[..., Iterable[WorkItem]]] = []


def register_case_panel(panel: CasePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def case_panels() -> list[CasePanel]:
    return list(_panels)


def register_work_source(source: Callable[..., Iterable[WorkItem]]) -> None:
    """`source(cases, today)` yields WorkItems for the given (already access-checked) cases."""
    if source not in _work_sources:
        _work_sources.append(source)


def work_items(cases, today: date) -> list[WorkItem]:
    """Everything owed on these cases, overdue first, then by date."""
    items = [item for source in _work_sources for item in source(cases, today)]
    return sorted(items, key=lambda item: (not item.overdue, item.due_on, item.reference))


def register_demo_seeder(seeder: Callable) -> None:
    """`seeder(stdout=...)` adds an app's demo data to the seeded cases (idempotently)."""
    if seeder not in _demo_seeders:
        _demo_seeders.append(seeder)


def demo_seeders() -> list[Callable]:
    return list(_demo_seeders)


def register_blind_index_refresher(refresher: Callable) -> None:
    """`refresher()` recomputes an app's blind indexes under the current BLIND_INDEX_KEY and
    returns how many rows it updated (used by rotate_encryption_keys --blind-indexes)."""
    if refresher not in _blind_index_refreshers:
        _blind_index_refreshers.append(refresher)


def blind_index_refreshers() -> list[Callable]:
    return list(_blind_index_refreshers)


def register_export_section(section: Callable) -> None:
    """`section(case)` returns (title, data) for the subject access export: everything the
    app holds about the survivor, as JSON-ready data."""
    if section not in _export_sections:
        _export_sections.append(section)


def export_sections() -> list[Callable]:
    return list(_export_sections)


def register_eraser(eraser: Callable) -> None:
    """`eraser(case)` irreversibly erases the app's personal data about the case's survivor
    at the end of retention, keeping statistics fields."""
    if eraser not in _erasers:
        _erasers.append(eraser)


def erasers() -> list[Callable]:
    return list(_erasers)


_health_details: list[Callable[[], Iterable[str]]] = []


def register_health_detail(check: Callable[[], Iterable[str]]) -> None:
    """`check()` yields lines for /healthz, shown to administrators only (never survivor data)."""
    if check not in _health_details:
        _health_details.append(check)


def health_details() -> list[Callable[[], Iterable[str]]]:
    return list(_health_details)
