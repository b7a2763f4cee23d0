"""The case list as a caseload: Alex sees how many cases she has, sorts them by name, last
contact or what is due next, and narrows them to the overdue, the ones she has not reached for
two weeks, or an NRM stage. Filters and sort travel in the URL (never a name: the search is a
POST); the sort is announced (aria-sort) and works without JavaScript."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Contact
from casework.selectors import case_list as case_list_selector
from casework.services import tasks
from casework.services.closure import case_close
from casework.vocabularies import ClosureReason, ContactKind
from tests.factories import CaseFactory, ReferralFactory

LONDON = timezone.get_current_timezone()
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture
def alex(people, login):
    return login(people.alex)


def alexs_case(people, family_name, given_names="Ana", **kwargs):
    return CaseFactory(
        team=people.north,
        assignee=people.alex,
        created_by=people.alex,
        person__given_names=given_names,
        person__family_name=family_name,
        **kwargs,
    )


def listed(client, **params):
    response = client.get(reverse("case_list"), params)
    assert response.status_code == 200
    return response


def references(response):
    return [row.case.reference for row in response.context["listed"].rows]


def contact(case, person, at, kind=ContactKind.PHONE):
    return Contact.objects.create(case=case, happened_at=at, kind=kind, recorded_by=person)


@pytest.fixture
def three_cases(people, time_machine):
    """Alex's caseload on 2 March 2026: Zeller (opened first, reached last week), Abara (opened
    in between, never reached, only an attempt) and Moreau (opened last, reached 20 days ago)."""
    time_machine.move_to(MONDAY - timedelta(days=40))
    zeller = alexs_case(people, "Zeller", opened_on=date(2026, 1, 21))
    time_machine.move_to(MONDAY - timedelta(days=30))
    abara = alexs_case(people, "Abara", opened_on=date(2026, 1, 31))
    time_machine.move_to(MONDAY - timedelta(days=25))
    moreau = alexs_case(people, "Moreau", opened_on=date(2026, 2, 5))
    contact(zeller, people.alex, MONDAY - timedelta(days=7))
    contact(abara, people.alex, MONDAY - timedelta(days=3), kind=ContactKind.ATTEMPTED)
    contact(moreau, people.alex, MONDAY - timedelta(days=20))
    time_machine.move_to(MONDAY)
    return zeller, abara, moreau


def test_the_list_counts_the_open_cases_and_the_status_filter_shows_its_choice(people, alex, three_cases):
    zeller, abara, moreau = three_cases
    case_close(
        actor=people.alex, case=moreau, closed_on=date(2026, 3, 2), reason=ClosureReason.SUPPORT_COMPLETED
    )
    page = listed(alex)
    assert "2 open cases" in page.content.decode()
    assert set(references(page)) == {zeller.reference, abara.reference}
    closed = listed(alex, status="closed")
    assert references(closed) == [moreau.reference]
    text = " ".join(closed.content.decode().split())
    assert "1 closed case</strong>, sorted by date opened (newest first)." in text
    assert re.search(r"value=\"closed\"[^>]* checked", text)
    assert len(references(listed(alex, status="all"))) == 3


def test_newest_first_by_default_and_sorted_by_name_with_aria_sort(people, alex, three_cases):
    zeller, abara, moreau = three_cases
    assert references(listed(alex)) == [moreau.reference, abara.reference, zeller.reference]
    by_name = listed(alex, sort="name")
    assert references(by_name) == [abara.reference, moreau.reference, zeller.reference]
    html = " ".join(by_name.content.decode().split())
    assert (
        'aria-sort="ascending"> <a class="govuk-link app-sort-link" href="?sort=name&amp;order=desc"> Name '
        '<span aria-hidden="true">▲</span>' in html
    )
    assert (
        'aria-sort="none"> <a class="govuk-link app-sort-link" href="?sort=reference&amp;order=asc">' in html
    )
    assert references(listed(alex, sort="name", order="desc")) == [
        zeller.reference,
        moreau.reference,
        abara.reference,
    ]


def test_the_last_contact_column_counts_only_contacts_that_reached_the_survivor(people, alex, three_cases):
    zeller, abara, moreau = three_cases
    page = listed(alex, sort="last_contact")
    # Longest ago first: never reached (an attempt is not contact), then 20 days, then 7.
    assert references(page) == [abara.reference, moreau.reference, zeller.reference]
    rows = page.context["listed"].rows
    assert rows[0].last_contact is None and "Never" in page.content.decode()
    assert timezone.localtime(rows[2].last_contact).date() == date(2026, 2, 23)
    assert references(listed(alex, sort="last_contact", order="desc"))[0] == zeller.reference


def test_not_contacted_for_the_teams_gap_keeps_the_quiet_cases(people, alex, three_cases):
    _zeller, abara, moreau = three_cases
    quiet = listed(alex, only="no_contact")
    assert set(references(quiet)) == {abara.reference, moreau.reference}
    assert "Not contacted for 14 days" in quiet.content.decode()
    people.north.contact_gap_days = 25
    people.north.save()
    assert set(references(listed(alex, only="no_contact"))) == {abara.reference}
    assert "Not contacted for 25 days" in listed(alex).content.decode()


def test_next_due_sorts_the_overdue_first_and_overdue_only_keeps_them(
    people, alex, three_cases, time_machine
):
    zeller, abara, moreau = three_cases
    tasks.task_record(
        actor=people.alex, case=zeller, title="Ring", due_on=date(2026, 3, 2), assignee=people.alex
    )
    time_machine.move_to(MONDAY + timedelta(days=1))
    # Zeller: a task overdue since 2 March; Abara and Moreau: out of contact (overdue since
    # their gap ran out: Abara 14 days after opening, Moreau 14 days after 10 February).
    page = listed(alex, sort="next_due")
    assert references(page) == [abara.reference, moreau.reference, zeller.reference]
    assert all(row.due.overdue for row in page.context["listed"].rows)
    assert "Task overdue since 2 March 2026" in page.content.decode()
    contact(abara, people.alex, MONDAY)
    contact(moreau, people.alex, MONDAY)
    assert references(listed(alex, only="overdue")) == [zeller.reference]


def test_the_nrm_stage_filter_comes_from_the_support_app(people, alex, three_cases):
    zeller, abara, moreau = three_cases
    ReferralFactory(case=moreau, submitted_on=date(2026, 2, 27))
    assert references(listed(alex, stage="rg_pending")) == [moreau.reference]
    assert set(references(listed(alex, stage="none"))) == {zeller.reference, abara.reference}
    assert "NRM stage" in listed(alex).content.decode()


def test_a_bad_filter_is_ignored_with_a_message_not_an_error(people, alex, three_cases):
    page = listed(alex, stage="nonsense", sort="colour", order="sideways", status="maybe")
    assert len(references(page)) == 3
    assert "Some filters were not valid and are ignored." in page.content.decode()


def test_pages_keep_the_filters_and_the_sort(people, alex, three_cases, monkeypatch):
    monkeypatch.setattr(case_list_selector, "LIST_PAGE_SIZE", 2)
    first = listed(alex, sort="name", status="all")
    html = first.content.decode()
    assert "sort=name&amp;status=all&amp;page=2" in html
    second = listed(alex, sort="name", status="all", page=2)
    assert references(second) == [three_cases[0].reference]  # Zeller, last by name


def test_too_many_to_sort_by_name_says_so_and_shows_them_newest_first(people, alex, three_cases, monkeypatch):
    monkeypatch.setattr(case_list_selector, "PYTHON_SORT_LIMIT", 2)
    zeller, abara, moreau = three_cases
    page = listed(alex, sort="name")
    assert references(page) == [moreau.reference, abara.reference, zeller.reference]
    assert "3 cases are too many to sort by name" in " ".join(page.content.decode().split())


def test_a_manager_lists_the_team_and_another_team_sees_none_of_it(people, login, three_cases):
    assert len(references(listed(login(people.morgan)))) == 3
    assert references(listed(login(people.riley))) == []
    assert references(listed(login(people.casey), sort="name", only="overdue")) == []


def test_names_never_go_in_the_url_the_search_stays_a_post(people, alex, three_cases):
    page = listed(alex, sort="name", only="no_contact")
    html = page.content.decode()
    assert 'method="get"' in html and 'method="post"' in html
    assert "Zeller" not in "".join(column["href"] for column in page.context["columns"])


@pytest.mark.parametrize("sort", ["opened", "name", "last_contact", "next_due", "reference"])
def test_each_sort_costs_the_same_queries_for_3_and_30_cases(people, alex, three_cases, sort):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            listed(
                alex,
                sort=sort,
                stage="rg_pending" if sort == "name" else "",
                only="overdue" if sort == "opened" else [],
            )
        return len(ctx.captured_queries)

    ReferralFactory(case=three_cases[2], submitted_on=date(2026, 2, 27))
    queries()  # the first request of the minute also checks for expired exports
    few = queries()
    for case in CaseFactory.create_batch(27, team=people.north, assignee=people.alex, created_by=people.alex):
        ReferralFactory(case=case, submitted_on=date(2026, 2, 27))
        contact(case, people.alex, MONDAY - timedelta(days=1))
    assert queries() == few


def test_a_safeguarding_concern_is_next_due_only_for_the_teams_manager(people, alex, login, three_cases):
    zeller, _abara, _moreau = three_cases
    Contact.objects.create(
        case=zeller,
        happened_at=MONDAY - timedelta(days=40),
        kind=ContactKind.PHONE,
        recorded_by=people.alex,
        safeguarding_concern=True,
    )
    alexs = {row.case.reference: row.due for row in listed(alex, sort="next_due").context["listed"].rows}
    assert "Safeguarding" not in (alexs[zeller.reference].text if alexs[zeller.reference] else "")
    morgans = {row.case.reference: row.due for row in listed(login(people.morgan)).context["listed"].rows}
    assert morgans[zeller.reference].text.startswith("Safeguarding concern")


def test_names_sort_without_their_accents_and_no_family_name_comes_last(people, alex, three_cases):
    zeller, abara, moreau = three_cases
    olafsson = alexs_case(people, "Ólafsson")
    nameless = alexs_case(people, "")
    assert references(listed(alex, sort="name")) == [
        abara.reference,
        moreau.reference,
        olafsson.reference,
        zeller.reference,
        nameless.reference,
    ]
    assert references(listed(alex, sort="name", order="desc"))[-1] == nameless.reference


def test_filters_ignored_on_too_large_a_set_are_shown_as_not_applied(people, alex, three_cases, monkeypatch):
    monkeypatch.setattr(case_list_selector, "PYTHON_SORT_LIMIT", 2)
    page = listed(alex, stage="rg_pending", only=["overdue"])
    assert page.context["listed"].too_many == 3
    form = page.context["filters"]
    assert form["stage"].value() in ("", None)
    assert form["only"].value() == []
