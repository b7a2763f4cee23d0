"""Each team's manager answers a possible duplicate for their own case: the cases are
linked only when both sides say "the same person", the flag leaves a manager's list once
their side has answered, each answer is audited on that side's case, and each case page
links to the other only for those who may see it (code review, finding 4)."""

import pytest
from django.urls import reverse

from casework.models import AuditEvent, DuplicateFlag
from casework.vocabularies import AuditAction, Role
from tests.factories import CaseFactory, MembershipFactory


@pytest.fixture
def flag(people, alex_case):
    south = CaseFactory(team=people.south, assignee=people.casey, created_by=people.casey)
    return DuplicateFlag.objects.create(case=south, matched_case=alex_case)


def settle(client, flag, answer):
    return client.post(reverse("duplicate_settle", args=[flag.pk]), {"same_person": answer})


def test_the_cases_are_linked_only_when_both_sides_say_same_person(people, login, flag, alex_case):
    # One test client: each line signs in as the persona it names.
    def morgan():
        return login(people.morgan)

    def riley():
        return login(people.riley)

    assert "Possible duplicate cases" in morgan().get(reverse("home")).content.decode()
    assert settle(morgan(), flag, "yes").status_code == 302
    flag.refresh_from_db()
    # North has answered for its case only: nothing is linked, and South still has to answer.
    assert (flag.matched_answer, flag.case_answer, flag.resolution) == ("same_person", "", "")
    assert flag.matched_answered_by == people.morgan and flag.resolved_at is None
    assert "Possible duplicate cases" not in morgan().get(reverse("home")).content.decode()
    assert "Possible duplicate cases" in riley().get(reverse("home")).content.decode()
    assert (
        "The same person as" not in riley().get(reverse("case", args=[flag.case.reference])).content.decode()
    )

    settle(riley(), flag, "yes")
    flag.refresh_from_db()
    assert flag.resolution == "same_person" and flag.resolved_by == people.riley
    assert "Possible duplicate cases" not in riley().get(reverse("home")).content.decode()
    # Each answer is audited on the answering side's case only (an entry on the other case
    # would name the manager, and so the team, to the other team).
    events = AuditEvent.objects.filter(action=AuditAction.DUPLICATE_SETTLED)
    assert sorted((e.case_id, e.actor_id, tuple(e.fields)) for e in events) == sorted(
        [
            (alex_case.pk, people.morgan.pk, ("matched_answer",)),
            (flag.case_id, people.riley.pk, ("case_answer",)),
        ]
    )
    # Morgan may see Alex's case, not the South one: neither page names what he may not see.
    north_page = morgan().get(reverse("case", args=[alex_case.reference])).content.decode()
    assert flag.case.reference not in north_page
    south_page = riley().get(reverse("case", args=[flag.case.reference])).content.decode()
    assert alex_case.reference not in south_page


def test_one_side_saying_not_the_same_person_leaves_them_unlinked(people, login, flag):
    settle(login(people.riley), flag, "no")
    flag.refresh_from_db()
    assert flag.case_answer == "not_same_person" and flag.resolved_at is None
    # North has not answered yet: it is still on Morgan's list.
    assert "Possible duplicate cases" in login(people.morgan).get(reverse("home")).content.decode()
    settle(login(people.morgan), flag, "yes")
    flag.refresh_from_db()
    assert flag.resolution == "not_same_person" and flag.resolved_at is not None


def test_the_newer_cases_managers_are_not_told_the_other_team(people, login, flag):
    """Opening a case with a name and date of birth must not tell its team's manager which
    team knows that person: they are told of "a case in another team". The older case's
    managers are told which team opened the new one, so that they can get in touch."""
    newer_side = login(people.riley).get(reverse("home")).content.decode()
    assert "a case in another team" in newer_side
    assert people.north.name not in newer_side
    older_side = login(people.morgan).get(reverse("home")).content.decode()
    assert f"a case opened in team {people.south.name}" in older_side


def test_a_manager_of_both_teams_answers_for_both_sides(people, login, flag):
    MembershipFactory(user=people.morgan, team=people.south, role=Role.MANAGER)
    settle(login(people.morgan), flag, "yes")
    flag.refresh_from_db()
    assert flag.resolution == "same_person"
    assert flag.case_answered_by == flag.matched_answered_by == people.morgan


def test_linked_cases_a_viewer_may_see_are_linked_both_ways(people, login, alex_case):
    other = CaseFactory(team=people.north, assignee=people.blake, created_by=people.blake)
    flag = DuplicateFlag.objects.create(case=other, matched_case=alex_case)
    client = login(people.morgan)  # manager of both North cases: answers both sides
    client.post(reverse("duplicate_settle", args=[flag.pk]), {"same_person": "yes"})
    assert other.reference in client.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert alex_case.reference in client.get(reverse("case", args=[other.reference])).content.decode()
    # Alex may not see Blake's case: his page does not mention it.
    assert (
        other.reference
        not in login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    )


def test_not_the_same_person_on_both_sides_leaves_them_unlinked(people, login, flag, alex_case):
    settle(login(people.riley), flag, "no")
    settle(login(people.morgan), flag, "no")
    flag.refresh_from_db()
    assert flag.resolution == "not_same_person"
    client = login(people.riley)
    assert "Possible duplicate cases" not in client.get(reverse("home")).content.decode()
    assert (
        "The same person as" not in client.get(reverse("case", args=[flag.case.reference])).content.decode()
    )


def test_answering_twice_changes_nothing(people, login, flag):
    client = login(people.morgan)
    settle(client, flag, "yes")
    assert settle(client, flag, "no").status_code == 404  # no longer on the list
    flag.refresh_from_db()
    assert flag.matched_answer == "same_person"


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
