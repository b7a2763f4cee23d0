"""The backlog's caseworker's-day figures: overdue tasks (counted for whoever the task is given
to) and open cases not contacted for the team's gap, each with its list of cases, per caseworker,
in a fixed number of queries."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Contact, Membership, Task
from casework.services import tasks
from casework.vocabularies import ContactKind, Role
from oversight import backlog
from tests.factories import CaseFactory

LONDON = timezone.get_current_timezone()
TODAY = date(2026, 11, 24)  # a Tuesday


def case_for(people, assignee, team=None):
    return CaseFactory(team=team or people.north, assignee=assignee, created_by=assignee or people.morgan)


def reached(case, person, days_ago):
    at = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), tzinfo=LONDON)
    return Contact.objects.create(
        case=case, happened_at=at + timedelta(hours=10), kind=ContactKind.PHONE, recorded_by=person
    )


@pytest.fixture
def day(people, time_machine):
    """North on Tuesday 24 November: Alex has two cases, one reached 3 days ago and one 20 days
    ago, with a task of hers overdue on the first and one of Blake's (covering) overdue on the
    second; Blake's case was reached 15 days ago; South's quiet case never counts for Morgan."""
    time_machine.move_to(datetime(2026, 10, 1, 10, tzinfo=LONDON))
    made = {
        "alex_recent": case_for(people, people.alex),
        "alex_quiet": case_for(people, people.alex),
        "blake_quiet": case_for(people, people.blake),
        "south": case_for(people, people.casey, team=people.south),
    }
    time_machine.move_to(datetime(2026, 11, 20, 10, tzinfo=LONDON))
    tasks.task_record(
        actor=people.alex,
        case=made["alex_recent"],
        title="Ring",
        due_on=date(2026, 11, 20),
        assignee=people.alex,
    )
    tasks.task_record(
        actor=people.alex,
        case=made["alex_quiet"],
        title="Visit",
        due_on=date(2026, 11, 21),
        assignee=people.morgan,
    )
    tasks.task_record(  # due today: not overdue
        actor=people.alex, case=made["alex_quiet"], title="Write", due_on=TODAY, assignee=people.alex
    )
    time_machine.move_to(datetime(2026, 11, 24, 10, tzinfo=LONDON), tick=False)
    reached(made["alex_recent"], people.alex, 3)
    reached(made["alex_quiet"], people.alex, 20)
    reached(made["blake_quiet"], people.blake, 15)
    return made


def test_the_figures_count_overdue_tasks_and_quiet_cases(people, day):
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    assert figures.overdue_tasks == 2
    assert figures.no_contact == 2
    assert figures.no_contact_words == "Not contacted for 14 days"
    rows = {row["name"]: row for row in figures.caseworkers}
    # Alex's task on her case is hers; the one given to Morgan on Alex's case is Morgan's.
    assert rows["Alex"]["overdue_tasks"] == 1 and rows["Morgan"]["overdue_tasks"] == 1
    assert rows["Alex"]["no_contact"] == 1 and rows["Blake"]["no_contact"] == 1


def test_each_figure_lists_its_cases_per_caseworker(people, day):
    def refs(figure, caseworker=""):
        found = backlog.figure_cases(people.morgan, backlog.Filters(caseworker=caseworker), figure, TODAY)
        return {case.reference for case in found}

    assert refs("overdue_tasks") == {day["alex_recent"].reference, day["alex_quiet"].reference}
    assert refs("overdue_tasks", str(people.morgan.pk)) == {day["alex_quiet"].reference}
    assert refs("overdue_tasks", "unassigned") == set()
    assert refs("no_contact") == {day["alex_quiet"].reference, day["blake_quiet"].reference}
    assert refs("no_contact", str(people.blake.pk)) == {day["blake_quiet"].reference}


def test_the_teams_own_gap_counts(people, day):
    people.north.contact_gap_days = 16
    people.north.save()
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    assert figures.no_contact == 1 and figures.no_contact_words == "Not contacted for 16 days"


def test_the_pages_show_the_figures_and_their_lists(people, login, day):
    morgan = login(people.morgan)
    page = morgan.get(reverse("backlog")).content.decode()
    assert "Overdue tasks" in page and "Not contacted for 14 days" in page
    assert (
        "?figure=overdue_tasks&amp;" in page
        and f"figure=no_contact&amp;&amp;caseworker={people.blake.pk}" in page
    )
    listed = morgan.get(reverse("backlog_cases"), {"figure": "no_contact"})
    assert listed.status_code == 200
    assert "Not contacted for 14 days" in listed.content.decode()
    assert day["blake_quiet"].reference in listed.content.decode()
    csv = morgan.get(reverse("backlog_csv"), {"figure": "overdue_tasks"}).content.decode()
    assert day["alex_recent"].reference in csv and "Ring" not in csv


def test_other_teams_and_caseworkers_see_none_of_it(people, login, day):
    figures = backlog.backlog(people.riley, backlog.Filters(), TODAY)
    assert (figures.overdue_tasks, figures.no_contact) == (0, 1)
    assert login(people.alex).get(reverse("backlog_cases"), {"figure": "overdue_tasks"}).status_code == 404


def test_the_query_count_does_not_grow_with_tasks_and_contacts(people, login, day):
    morgan = login(people.morgan)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert morgan.get(reverse("backlog")).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of the minute also checks for expired exports
    few = count()
    for i in range(20):
        case = case_for(people, people.blake if i % 2 else people.alex)
        reached(case, people.alex, i)
        Contact.objects.create(
            case=case, happened_at=timezone.now(), kind=ContactKind.ATTEMPTED, recorded_by=people.alex
        )
    assert count() == few


def test_the_overdue_tasks_figure_counts_cases_not_tasks(people, day, time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 10, tzinfo=LONDON))
    for title in ("Ring again", "Write"):
        tasks.task_record(
            actor=people.alex,
            case=day["alex_recent"],
            title=title,
            due_on=date(2026, 11, 20),
            assignee=people.alex,
        )
    time_machine.move_to(datetime(2026, 11, 24, 10, tzinfo=LONDON), tick=False)
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    rows = {row["name"]: row for row in figures.caseworkers}
    assert rows["Alex"]["overdue_tasks"] == 1  # three tasks, one case: the list shows one case
    assert figures.overdue_tasks == 2


def test_a_task_whose_holder_lost_the_case_counts_for_the_cases_caseworker(people, day):
    # Morgan, no longer a manager, cannot open Alex's case: the task is Alex's to see to.
    Membership.objects.filter(user=people.morgan).update(role=Role.CASEWORKER, confirmed_role=Role.CASEWORKER)
    Membership.objects.create(
        user=people.riley, team=people.north, role=Role.MANAGER, confirmed_role=Role.MANAGER
    )
    figures = backlog.backlog(people.riley, backlog.Filters(), TODAY)
    rows = {row["name"]: row for row in figures.caseworkers}
    assert rows["Alex"]["overdue_tasks"] == 2 and "Morgan" not in rows
    alexs = backlog.figure_cases(
        people.riley, backlog.Filters(caseworker=str(people.alex.pk)), "overdue_tasks", TODAY
    )
    assert {case.reference for case in alexs} == {day["alex_recent"].reference, day["alex_quiet"].reference}


def test_tasks_left_with_someone_no_longer_in_the_team_have_a_row(people, login, day):
    # A case left assigned to someone who has gone (outside the services): their task is counted.
    Case.objects.filter(pk=day["alex_recent"].pk).update(assignee=people.casey)
    Task.objects.filter(case=day["alex_recent"]).update(assignee=people.casey)
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    assert figures.former_overdue_tasks == 1
    assert sum(row["overdue_tasks"] for row in figures.caseworkers) + figures.former_overdue_tasks == 2
    assert "No longer in the team" in login(people.morgan).get(reverse("backlog")).content.decode()


def test_the_lists_show_the_overdue_tasks_and_the_last_reached_day_not_the_nrm(people, login, day):
    morgan = login(people.morgan)
    tasks_page = " ".join(
        morgan.get(reverse("backlog_cases"), {"figure": "overdue_tasks"}).content.decode().split()
    )
    assert "1 overdue task, the oldest due 20 Nov 2026" in tasks_page
    assert "1 overdue task, the oldest due 21 Nov 2026" in tasks_page
    quiet = " ".join(morgan.get(reverse("backlog_cases"), {"figure": "no_contact"}).content.decode().split())
    assert "Last reached 9 Nov 2026" in quiet  # Blake's case, 15 days ago
    csv = morgan.get(reverse("backlog_csv"), {"figure": "overdue_tasks"}).content.decode()
    assert "NRM status,Overdue tasks,Oldest due" in csv and ",1,2026-11-20" in csv
    quiet_csv = morgan.get(reverse("backlog_csv"), {"figure": "no_contact"}).content.decode()
    assert "NRM status,Last reached" in quiet_csv and ",2026-11-09" in quiet_csv
