"""What keeps the busiest pages cheap (issue 18, Speed; BENCHMARKS.md): work done once per request,
not once per panel."""

from datetime import date

from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.context_processors import navigation
from casework.services import tasks
from casework.services.sharing import case_share
from casework.templatetags import govuk
from tests.factories import CaseFactory


def test_the_manager_check_runs_once_per_request_however_many_panels_render(rf, people):
    request = rf.get("/")
    request.user = people.morgan
    first = navigation(request)
    with CaptureQueriesContext(connection) as queries:
        again = navigation(request)  # a case page's panels are rendered with the request too
    assert again == first and first["nav_is_manager"] is True
    assert len(queries) == 0


def test_the_case_page_asks_whether_the_user_is_a_manager_once(login, people, alex_case):
    client = login(people.alex)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/cases/{alex_case.reference}/")
    assert response.status_code == 200
    manager_checks = [
        q for q in queries if "confirmed_role\" = 'manager'" in q["sql"] and "LIMIT 1" in q["sql"]
    ]
    assert len(manager_checks) == 1


def _access_rule_reads(queries) -> int:
    """visible_to's first read: the user's confirmed memberships (with their role)."""
    return sum(1 for q in queries if 'FROM "casework_membership" WHERE (NOT' in q["sql"])


def _my_work(client) -> tuple[str, int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split()), len(queries), _access_rule_reads(queries)


def test_my_work_reads_the_access_rule_once_and_its_queries_do_not_grow_with_the_cases(login, people):
    def a_case(assignee, given_names):
        return CaseFactory(team=people.north, assignee=assignee, person__given_names=given_names)

    mine = a_case(people.alex, "Ana")
    covered = a_case(people.blake, "Bea")
    case_share(actor=people.morgan, case=covered, colleague=people.alex, expires_on=timezone.localdate())
    for case in (mine, covered):  # one task due today on my case, one on the case I cover
        tasks.task_record(
            actor=people.alex, case=case, title="Call", due_on=timezone.localdate(), assignee=people.alex
        )
    client = login(people.alex)
    client.get(reverse("home"))  # a session's first request also looks for subject access exports
    page, first, rule_reads = _my_work(client)
    assert rule_reads == 1
    # My case, the case I cover, and both tasks (on "Needs action" and under "My tasks").
    assert "Ana" in page and "Bea" in page and page.count("Task due today (Alex)") == 2
    assert page.count(f'href="/cases/{mine.reference}/tasks/#task-') == 1
    for n in range(5):
        tasks.task_record(
            actor=people.alex,
            case=a_case(people.alex, f"More{n}"),
            title="Call",
            due_on=timezone.localdate(),
            assignee=people.alex,
        )
    page, again, rule_reads = _my_work(client)
    assert "More4" in page and rule_reads == 1
    assert again == first


def test_the_table_date_filters_write_what_the_date_filter_writes_every_month():
    for month in range(1, 13):
        day = date(2026, month, 9)
        assert govuk.short_date(day) == date_filter(day, "j M Y")
        assert govuk.long_date(day) == date_filter(day, "j F Y")
    assert govuk.short_date(None) == govuk.long_date(None) == ""


def test_case_links_are_the_urls_the_url_tag_gives(alex_case):
    reference = alex_case.reference
    assert govuk.case_url(reference) == reverse("case", args=[reference])
    assert govuk.case_url(reference, "case_tasks") == reverse("case_tasks", args=[reference])
