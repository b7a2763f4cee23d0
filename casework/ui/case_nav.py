"""The case's sub-navigation (the MoJ sub-navigation pattern): casework's own pages and the
areas other apps add (hooks.CaseArea), in one order. Each entry is a page with its own URL,
named by its URL name, so the current one is the page being served."""

from dataclasses import dataclass

from django.urls import reverse

from casework import hooks


@dataclass(frozen=True)
class NavEntry:
    order: int
    title: str
    url_name: str


# Gaps between the numbers leave room for the areas of other apps (their CaseArea.order).
CASEWORK_PAGES = (
    NavEntry(0, "Overview", "case"),
    NavEntry(10, "Contacts", "case_contacts"),
    NavEntry(20, "Tasks", "case_tasks"),
    NavEntry(30, "Timeline", "case_timeline"),
    NavEntry(75, "Documents", "case_documents"),
    NavEntry(80, "Personal details", "case_details"),
    NavEntry(90, "Consent", "case_consent"),
)


def case_nav_entries() -> list[NavEntry]:
    areas = [NavEntry(area.order, area.title, f"case_{area.slug}") for area in hooks.case_areas()]
    return sorted([*CASEWORK_PAGES, *areas], key=lambda entry: entry.order)


def case_nav(reference: str, current_url_name: str) -> list[dict]:
    # Every entry is a page that exists: a missing one fails loudly (NoReverseMatch), not hidden.
    return [
        {
            "title": entry.title,
            "href": reverse(entry.url_name, args=[reference]),
            "current": entry.url_name == current_url_name,
        }
        for entry in case_nav_entries()
    ]
