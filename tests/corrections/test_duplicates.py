"""A manager settles a possible duplicate: the same person (the cases are linked) or not.
It leaves the list, is audited on both cases, and each case page links to the other only
for those who may see it."""

import pytest
from django.urls import reverse

from casework.models import AuditEvent, DuplicateFlag
from casework.vocabularies import AuditAction
from tests.factories import CaseFactory


@pytest.fixture
def flag(people, alex_case):
    south = CaseFactory(team=people.south, assignee=people.casey, created_by=people.casey)
    return DuplicateFlag.objects.create(case=south, matched_case=alex_case)


def test_same_person_links_the_cases_and_leaves_the_list(people, login, flag, alex_case):
    client = login(people.morgan)
    assert "Possible duplicate cases" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("duplicate_settle", args=[flag.pk]), {"same_person": "yes"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolution == "same_person" and flag.resolved_by == people.morgan
    assert "Possible duplicate cases" not in client.get(reverse("home")).content.decode()
    events = AuditEvent.objects.filter(action=AuditAction.DUPLICATE_SETTLED)
    assert {e.case for e in events} == {flag.case, alex_case}
    assert all(e.fields == ["resolution"] for e in events)  # the field, never the answer
    # Morgan may see Alex's case, not the South one: neither page names what he may not see.
    north_page = client.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert flag.case.reference not in north_page
    # Riley (South) sees both ends only for the South case: the link shows nothing of North.
    south_page = login(people.riley).get(reverse("case", args=[flag.case.reference])).content.decode()
    assert alex_case.reference not in south_page


def test_linked_cases_a_viewer_may_see_are_linked_both_ways(people, login, alex_case):
    other = CaseFactory(team=people.north, assignee=people.blake, created_by=people.blake)
    flag = DuplicateFlag.objects.create(case=other, matched_case=alex_case)
    client = login(people.morgan)
    client.post(reverse("duplicate_settle", args=[flag.pk]), {"same_person": "yes"})
    assert other.reference in client.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert alex_case.reference in client.get(reverse("case", args=[other.reference])).content.decode()
    # Alex may not see Blake's case: his page does not mention it.
    assert (
        other.reference
        not in login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    )


def test_not_the_same_person_leaves_the_list_without_a_link(people, login, flag, alex_case):
    client = login(people.riley)
    client.post(reverse("duplicate_settle", args=[flag.pk]), {"same_person": "no"})
    flag.refresh_from_db()
    assert flag.resolution == "not_same_person"
    assert "Possible duplicate cases" not in client.get(reverse("home")).content.decode()
    assert (
        "The same person as" not in client.get(reverse("case", args=[flag.case.reference])).content.decode()
    )


def test_settling_twice_changes_nothing(people, login, flag):
    client = login(people.morgan)
    url = reverse("duplicate_settle", args=[flag.pk])
    client.post(url, {"same_person": "yes"})
    assert client.post(url, {"same_person": "no"}).status_code == 404  # no longer on the list
    flag.refresh_from_db()
    assert flag.resolution == "same_person"


@pytest.mark.parametrize("who", ["alex", "casey", "sam"])
def test_only_the_managers_of_either_team_can_settle(people, login, flag, who):
    response = login(getattr(people, who)).post(
        reverse("duplicate_settle", args=[flag.pk]), {"same_person": "yes"}
    )
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.resolved_at is None


def test_a_settle_without_an_answer_changes_nothing(people, login, flag):
    login(people.morgan).post(reverse("duplicate_settle", args=[flag.pk]), {})
    flag.refresh_from_db()
    assert flag.resolved_at is None
