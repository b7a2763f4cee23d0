"""The case list: the cases a user may see, counted, filtered and sorted, a page at a time.

What can be answered in SQL is: the status, the reference and opening date, the last contact
(a correlated subquery over the contact_case_reached index, per row of the page, or for the
whole filtered set only when sorting by it). Three things cannot:

- names are encrypted, so sorting by name decrypts the filtered set's names and sorts them in
  Python;
- "next due" and "overdue" come from the apps' work sources (hooks.work_items), which are
  Python over prefetched records. For a page they run over the page's cases only; sorting by
  next due or keeping only the overdue runs them over the filtered set;
- the NRM stage is derived by the support app (hooks.CaseListFilter), also in Python.

Each of those reads the whole filtered set, so it is allowed up to PYTHON_SORT_LIMIT cases (a
manager's 2,000 fit; a caseworker has about 100): above that the list says why and asks for a
narrower filter rather than being slow for everyone.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

from casework import hooks
from casework.access import managed_team_ids
from casework.models import Case
from casework.security.crypto import normalise_text
from casework.selectors.cases import LIST_PAGE_SIZE, visible_cases
from casework.selectors.contact_work import last_reached, out_of_contact
from casework.vocabularies import CaseStatus

PYTHON_SORT_LIMIT = 2500

STATUSES = {"open": CaseStatus.OPEN, "closed": CaseStatus.CLOSED, "all": None}

# The sorts, and which way each goes first (the column header's first click).
SORTS = {
    "reference": "ascending",
    "name": "ascending",
    "opened": "descending",
    "last_contact": "ascending",  # the longest without contact first
    "next_due": "ascending",  # the soonest (or most overdue) first
}
DEFAULT_SORT = "opened"
# Sorted in Python over the filtered set (PYTHON_SORT_LIMIT).
PYTHON_SORTS = {"name", "next_due"}


@dataclass(frozen=True)
class ListQuery:
    status: str = "open"  # a key of STATUSES
    sort: str = DEFAULT_SORT
    descending: bool = True
    overdue: bool = False
    no_contact: bool = False
    app_filters: dict = field(default_factory=dict)  # hooks.CaseListFilter name -> chosen value

    @property
    def needs_the_whole_set(self) -> bool:
        return self.sort in PYTHON_SORTS or self.overdue or any(self.app_filters.values())


@dataclass(frozen=True)
class Due:
    """The case's earliest work item: what it says, when, and whether anything is overdue."""

    on: date
    text: str
    overdue: bool


@dataclass
class Row:
    case: Case
    last_contact: object  # a datetime, or None
    due: Due | None
    cells: list[tuple[str, str]] = field(default_factory=list)  # the apps' columns (hooks.CaseListColumn)


@dataclass
class CaseList:
    page: Page
    rows: list[Row]
    count: int
    query: ListQuery
    # The filtered set was over PYTHON_SORT_LIMIT: sorted by opening date instead, or, for a
    # filter that needs the set, not filtered; the page says so.
    too_many: int = 0


def due_by_case(cases: QuerySet[Case], today: date, managed: set[int]) -> dict[str, Due]:
    """Per case reference, the earliest thing owed (overdue first), from every app's work sources.
    An escalated item (a safeguarding concern only a manager can clear) counts only on the cases
    of the teams the user manages (`managed`), as on the Overview and My work."""
    due: dict[str, Due] = {}
    items = hooks.work_items(cases, today)  # overdue first, then by date
    managers_cases: set[str] = set()
    if managed and any(item.escalate for item in items):
        managers_cases = set(cases.filter(team_id__in=managed).values_list("reference", flat=True))
    for item in items:
        if item.escalate and item.reference not in managers_cases:
            continue
        if item.reference not in due:
            due[item.reference] = Due(item.due_on, item.text, item.overdue)
    return due


def _ids_and_references(cases: QuerySet[Case]) -> list[tuple[int, str]]:
    return list(cases.order_by().values_list("pk", "reference"))


def case_list(user, query: ListQuery, page_number, today: date) -> CaseList:
    cases = visible_cases(user, status=STATUSES.get(query.status, CaseStatus.OPEN))
    managed = managed_team_ids(user)
    if query.no_contact:
        cases = out_of_contact(cases, today)
    too_many = 0
    due: dict[str, Due] | None = None
    if query.needs_the_whole_set:
        found = cases.count()
        if found > PYTHON_SORT_LIMIT:
            too_many = found
            query = ListQuery(
                status=query.status, descending=True, no_contact=query.no_contact
            )  # the SQL-only part of the query
        else:
            for app_filter in hooks.case_list_filters():
                if value := query.app_filters.get(app_filter.name):
                    cases = app_filter.apply(cases, value, today)
            if query.overdue or query.sort == "next_due":
                due = due_by_case(cases, today, managed)
                if query.overdue:
                    cases = cases.filter(reference__in=[ref for ref, d in due.items() if d.overdue])

    if query.sort in PYTHON_SORTS:
        ordered = _python_order(cases, query, due or {})
        page = Paginator(ordered, LIST_PAGE_SIZE).get_page(page_number)
        by_id = {
            case.pk: case
            for case in _app_columns(
                cases.filter(pk__in=page.object_list).annotate(last_contact=last_reached())
            )
        }
        page_cases = [by_id[pk] for pk in page.object_list if pk in by_id]
    else:
        page = Paginator(_app_columns(_sql_order(cases, query)), LIST_PAGE_SIZE).get_page(page_number)
        page_cases = list(page.object_list)
    if due is None:
        due = due_by_case(Case.objects.filter(pk__in=[case.pk for case in page_cases]), today, managed)
    columns = hooks.case_list_columns()
    rows = [
        Row(case, case.last_contact, due.get(case.reference), [column.cell(case) for column in columns])
        for case in page_cases
    ]
    return CaseList(page=page, rows=rows, count=page.paginator.count, query=query, too_many=too_many)


def _app_columns(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What the apps' columns show, added to the page's one query (hooks.CaseListColumn)."""
    for column in hooks.case_list_columns():
        cases = column.annotate(cases)
    return cases


def _sql_order(cases: QuerySet[Case], query: ListQuery) -> QuerySet[Case]:
    cases = cases.annotate(last_contact=last_reached())
    if query.sort == "reference":
        return cases.order_by("-reference" if query.descending else "reference")
    if query.sort == "last_contact":
        # Never contacted counts as the longest ago.
        if query.descending:
            return cases.order_by(F("last_contact").desc(nulls_last=True), "-id")
        return cases.order_by(F("last_contact").asc(nulls_first=True), "id")
    return cases.order_by(*(("-opened_on", "-id") if query.descending else ("opened_on", "id")))


def _python_order(cases: QuerySet[Case], query: ListQuery, due: dict[str, Due]) -> list[int]:
    """The filtered set's ids in the order asked for (at most PYTHON_SORT_LIMIT of them)."""
    if query.sort == "name":
        rows = cases.order_by().values_list("pk", "person__family_name", "person__given_names")

        def name_key(row):
            # The blind index's normaliser (NFKD, marks dropped, casefolded): Ólafsson sorts
            # with the Os, as the search matches it.
            _pk, family, given = row
            return (normalise_text(family or ""), normalise_text(given or ""), row[0])

        named = sorted(
            (row for row in rows if (row[1] or "").strip()), key=name_key, reverse=query.descending
        )
        # No family name recorded: last, whichever way the sort goes.
        unnamed = sorted((row for row in rows if not (row[1] or "").strip()), key=name_key)
        return [row[0] for row in named + unnamed]
    # Next due: the most overdue and soonest first; cases with nothing owed last either way.
    ids = _ids_and_references(cases)
    with_due = sorted(
        ((pk, due[ref]) for pk, ref in ids if ref in due),
        key=lambda row: (not row[1].overdue, row[1].on, row[0]),
        reverse=query.descending,
    )
    return [pk for pk, _due in with_due] + sorted(pk for pk, ref in ids if ref not in due)
