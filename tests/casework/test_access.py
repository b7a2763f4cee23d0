"""Who may open which page of a case. 404 (never 403) for anyone who may not see it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case
from casework.services.assignment import case_assign
from casework.services.sharing import case_share
from casework.vocabularies import AuditAction
from tests.factories import CaseFactory

CASE_PAGES = ["case", "case_edit", "case_close"]
MANAGER_PAGES = ["case_assign", "case_share"]


def persona(people, name):
    return None if name == "anonymous" else getattr(people, name)


# Who gets what for each case page of Alex's case. Blake is in the same team but not assigned.
CASE_PAGE_EXPECTATIONS = {
    "alex": 200,  # assignee
    "blake": 404,  # same-team caseworker
    "morgan": 200,  # manager of the case's team
    "riley": 404,  # other team's manager
    "casey": 404,  # other team's caseworker
    "sam": 404,  # administrator: no survivor data
    "anonymous": 302,  # to the login page
}
MANAGER_PAGE_EXPECTATIONS = {**CASE_PAGE_EXPECTATIONS, "alex": 404}


@pytest.mark.parametrize("page", CASE_PAGES)
@pytest.mark.parametrize(("who", "expected"), CASE_PAGE_EXPECTATIONS.items())
def test_case_pages_answer_only_those_who_may_see_the_case(people, alex_case, login, page, who, expected):
    response = login(persona(people, who)).get(reverse(page, args=[alex_case.reference]))
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", MANAGER_PAGES)
@pytest.mark.parametrize(("who", "expected"), MANAGER_PAGE_EXPECTATIONS.items())
def test_assign_and_share_pages_are_for_the_team_manager_only(people, alex_case, login, page, who, expected):
    response = login(persona(people, who)).get(reverse(page, args=[alex_case.reference]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    {"alex": 200, "blake": 200, "morgan": 200, "riley": 200, "sam": 200, "anonymous": 302}.items(),
)
def test_home_and_case_list_answer_every_signed_in_user(people, login, who, expected):
    client = login(persona(people, who))
    assert client.get(reverse("home")).status_code == expected
    assert client.get(reverse("case_list")).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    {"alex": 404, "blake": 404, "morgan": 200, "riley": 200, "sam": 404, "anonymous": 302}.items(),
)
def test_audit_page_is_for_managers_only(people, login, who, expected):
    assert login(persona(people, who)).get(reverse("audit")).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    {"alex": 200, "morgan": 200, "sam": 404, "anonymous": 302}.items(),
)
def test_only_team_members_can_open_cases(people, login, who, expected):
    assert login(persona(people, who)).get(reverse("case_new")).status_code == expected


def test_anonymous_visitors_reach_only_login_and_healthz(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/admin/").status_code == 302


def test_a_refused_case_is_audited_without_saying_it_exists(people, alex_case, login):
    response = login(people.blake).get(reverse("case", args=[alex_case.reference]))
    assert response.status_code == 404
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert event.actor == people.blake
    assert event.case == alex_case


def test_a_missing_case_answers_exactly_like_a_forbidden_one(people, alex_case, login):
    client = login(people.blake)
    forbidden = client.get(reverse("case", args=[alex_case.reference]))
    missing = client.get(reverse("case", args=["SC-2222-2222"]))
    assert forbidden.status_code == missing.status_code == 404

    def without_csrf_tokens(content):  # the only part that differs between any two pages
        return re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", content)

    assert without_csrf_tokens(forbidden.content) == without_csrf_tokens(missing.content)


def test_malformed_references_are_plain_not_found(people, login):
    assert login(people.morgan).get("/cases/not-a-reference/").status_code == 404


def test_visible_to_follows_the_access_rule(people, alex_case):
    south_case = CaseFactory(team=people.south, assignee=people.casey, created_by=people.casey)
    unassigned = CaseFactory(team=people.north, assignee=None, created_by=people.morgan)

    def visible(user):
        return set(Case.objects.visible_to(user))

    assert visible(people.alex) == {alex_case}
    assert visible(people.blake) == set()
    assert visible(people.morgan) == {alex_case, unassigned}
    assert visible(people.riley) == {south_case}
    assert visible(people.casey) == {south_case}
    assert visible(people.sam) == set()


def test_the_two_teams_never_see_a_case_in_common(people, alex_case):
    CaseFactory.create_batch(3, team=people.south, assignee=people.casey, created_by=people.casey)
    CaseFactory.create_batch(3, team=people.north, assignee=people.blake, created_by=people.blake)
    north = set(Case.objects.visible_to(people.morgan)) | set(Case.objects.visible_to(people.alex))
    south = set(Case.objects.visible_to(people.riley)) | set(Case.objects.visible_to(people.casey))
    assert north and south
    assert not north & south


def test_a_cover_share_works_until_its_end_date_and_then_stops(people, alex_case, login, time_machine):
    today = timezone.localdate()
    case_share(
        actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=today + timedelta(days=2)
    )
    page = reverse("case", args=[alex_case.reference])
    assert login(people.blake).get(page).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    assert login(people.blake).get(page).status_code == 200  # the last day of cover
    time_machine.move_to(timezone.now() + timedelta(days=1), tick=False)
    assert login(people.blake).get(page).status_code == 404


def test_a_caseworker_loses_a_case_when_it_is_reassigned(people, alex_case, login):
    case_assign(actor=people.morgan, case=alex_case, assignee=people.blake)
    assert login(people.alex).get(reverse("case", args=[alex_case.reference])).status_code == 404
    assert login(people.blake).get(reverse("case", args=[alex_case.reference])).status_code == 200


def test_the_admin_shows_no_survivor_data(people, alex_case, login):
    client = login(people.sam)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert b"Popescu" not in index.content
    assert client.get("/admin/casework/case/").status_code == 404
    assert client.get("/admin/casework/person/").status_code == 404
