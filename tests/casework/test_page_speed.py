"""What keeps the busiest pages cheap (issue 18, Speed; BENCHMARKS.md): work done once per request,
not once per panel."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.context_processors import navigation


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
