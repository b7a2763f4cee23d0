"""A task's reminder goes to whoever the task is given to, not to the case's assignee: Alex gives
Blake (covering her case) a task to call the solicitor; once it is due, it is on Blake's "My work"
and in Blake's morning email, as the case reference and the kind "task", and not on Alex's."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import AuditEvent, Case, Membership
from casework.services import tasks
from casework.services.assignment import case_assign
from casework.services.sharing import case_share, case_share_end
from casework.services.teams import membership_remove
from casework.vocabularies import AuditAction, Role
from oversight import reminders
from tests.factories import CaseFactory

TUESDAY = date(2026, 11, 24)


def task_items(user, day):
    """The task items in the morning emails the dispatcher finds for this person."""
    return [
        item
        for email in reminders.morning_emails(day)
        if email.recipient == user
        for item in email.items
        if item["kind"] == "task"
    ]


@pytest.fixture
def blakes_task_on_alexs_case(people, alex_case, time_machine):
    """On Monday, Alex gives Blake (covering her case this week) a task due that day."""
    time_machine.move_to(date(2026, 11, 23))
    case_share(actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=date(2026, 11, 27))
    return tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Secrettitlezq call the solicitor",
        due_on=date(2026, 11, 23),
        assignee=people.blake,
    )


def test_the_task_is_in_its_assignees_morning_email_not_the_case_assignees(
    people, alex_case, blakes_task_on_alexs_case
):
    (item,) = task_items(people.blake, TUESDAY)
    assert item["reference"] == alex_case.reference
    assert item["text"].startswith("Task overdue since 23 November 2026")
    assert task_items(people.alex, TUESDAY) == []


def test_a_task_given_to_the_case_assignee_still_goes_to_them(people, alex_case, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    tasks.task_record(
        actor=people.alex, case=alex_case, title="Ring back", due_on=date(2026, 11, 24), assignee=people.alex
    )
    assert [i["text"] for i in task_items(people.alex, TUESDAY)] == ["Task due today (Alex)"]


def test_a_task_given_to_a_manager_is_in_the_managers_own_daily_email(people, alex_case, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    tasks.task_record(
        actor=people.alex, case=alex_case, title="Sign off", due_on=date(2026, 11, 24), assignee=people.morgan
    )
    morgan = [e for e in reminders.morning_emails(TUESDAY) if e.recipient == people.morgan]
    assert [e.kind for e in morgan] == ["daily"]
    assert [i["kind"] for i in morgan[0].items] == ["task"]
    assert task_items(people.alex, TUESDAY) == []


def test_someone_who_has_left_the_team_is_not_emailed_their_old_task(
    people, alex_case, blakes_task_on_alexs_case
):
    people.blake.memberships.all().delete()
    assert task_items(people.blake, TUESDAY) == []


def test_the_email_names_the_reference_and_the_kind_never_the_task(
    people, alex_case, blakes_task_on_alexs_case, time_machine
):
    time_machine.move_to(TUESDAY)
    call_command("send_reminders", "--at", "2026-11-24T07:05", stdout=StringIO())
    (to_blake,) = [m for m in mail.outbox if people.blake.email in m.to]
    everything = to_blake.subject + to_blake.body + to_blake.alternatives[0][0]
    assert alex_case.reference in everything and "Task overdue" in everything
    assert "Secrettitlezq" not in everything and "solicitor" not in everything
    assert "Popescu" not in everything


def test_my_work_shows_the_task_to_its_assignee_and_not_to_the_case_assignee(
    people, login, alex_case, blakes_task_on_alexs_case, time_machine
):
    time_machine.move_to(TUESDAY)
    blake = login(people.blake).get(reverse("home"))
    assert blake.context["work_items"][0].reference == alex_case.reference
    assert [i.kind for i in blake.context["work_items"]] == ["task"]
    alex = login(people.alex).get(reverse("home"))
    assert "task" not in [i.kind for i in alex.context["work_items"]]


def test_my_work_leaves_out_a_task_on_a_case_i_may_no_longer_see(
    people, login, alex_case, blakes_task_on_alexs_case, time_machine
):
    time_machine.move_to(date(2026, 11, 30))  # the cover share ended on the 27th
    blake = login(people.blake).get(reverse("home"))
    assert blake.context["work_items"] == []


def test_my_work_keeps_a_fixed_number_of_queries_with_tasks_on_colleagues_cases(people, login, time_machine):
    time_machine.move_to(date(2026, 11, 23))
    cases = CaseFactory.create_batch(3, team=people.north, assignee=people.alex, created_by=people.alex)
    for case in cases:
        tasks.task_record(
            actor=people.alex, case=case, title="Check", due_on=date(2026, 11, 23), assignee=people.morgan
        )
    time_machine.move_to(TUESDAY + timedelta(days=1))
    morgan = login(people.morgan)
    morgan.get(reverse("home"))  # the first request of the minute also checks for expired exports
    with CaptureQueriesContext(connection) as three:
        items = morgan.get(reverse("home")).context["work_items"]
    assert sorted(i.reference for i in items if i.kind == "task") == sorted(c.reference for c in cases)
    more = CaseFactory.create_batch(5, team=people.north, assignee=people.blake, created_by=people.blake)
    time_machine.move_to(date(2026, 11, 23))
    for case in more:
        tasks.task_record(
            actor=people.blake, case=case, title="Check", due_on=date(2026, 11, 23), assignee=people.morgan
        )
    time_machine.move_to(TUESDAY + timedelta(days=1))
    morgan.get(reverse("home"))  # the first request of the minute also checks for expired exports
    with CaptureQueriesContext(connection) as eight:
        morgan.get(reverse("home"))
    assert len(eight.captured_queries) == len(three.captured_queries)


def test_the_managers_weekly_counts_a_task_for_whoever_has_it(people, alex_case, blakes_task_on_alexs_case):
    monday_after = date(2026, 11, 30)
    # Blake's cover runs on into the next week: the task is still theirs.
    case_share(actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=date(2026, 12, 4))
    (weekly,) = [
        e
        for e in reminders.morning_emails(monday_after)
        if e.recipient == people.morgan and e.kind == "manager_weekly"
    ]
    people_rows = {row["label"]: row["count"] for row in weekly.items if row["row"] == "person"}
    assert people_rows.get("Blake") == 1
    assert "Task" not in str(people_rows)


# Whoever can no longer open the case is not told of its task; the case's caseworker is.


def test_when_the_cover_ends_the_task_reminder_goes_to_the_cases_caseworker(
    people, alex_case, blakes_task_on_alexs_case
):
    monday_after = date(2026, 11, 30)  # Blake's cover ended on Friday the 27th
    assert task_items(people.blake, monday_after) == []
    assert [i["reference"] for i in task_items(people.alex, monday_after)] == [alex_case.reference]
    (weekly,) = [
        e
        for e in reminders.morning_emails(monday_after)
        if e.recipient == people.morgan and e.kind == "manager_weekly"
    ]
    assert {row["label"] for row in weekly.items if row["row"] == "person"} == {"Alex"}


def test_a_case_reassigned_behind_the_services_back_sends_the_old_caseworkers_task_to_the_new(
    people, alex_case, time_machine
):
    time_machine.move_to(date(2026, 11, 23))
    tasks.task_record(
        actor=people.alex, case=alex_case, title="Ring", due_on=date(2026, 11, 23), assignee=people.alex
    )
    Case.objects.filter(pk=alex_case.pk).update(assignee=people.blake)  # the task stays Alex's
    assert task_items(people.alex, TUESDAY) == []
    assert [i["reference"] for i in task_items(people.blake, TUESDAY)] == [alex_case.reference]


def test_a_manager_no_longer_managing_is_not_told_of_their_task_the_caseworker_is(
    people, alex_case, time_machine
):
    time_machine.move_to(date(2026, 11, 23))
    tasks.task_record(
        actor=people.alex, case=alex_case, title="Sign", due_on=date(2026, 11, 23), assignee=people.morgan
    )
    Membership.objects.filter(user=people.morgan).update(role=Role.CASEWORKER, confirmed_role=Role.CASEWORKER)
    assert task_items(people.morgan, TUESDAY) == []
    assert [i["reference"] for i in task_items(people.alex, TUESDAY)] == [alex_case.reference]


def test_my_work_gives_the_case_assignee_a_task_whose_holder_lost_the_case(
    people, login, alex_case, blakes_task_on_alexs_case, time_machine
):
    time_machine.move_to(date(2026, 11, 30))  # the cover share ended on the 27th
    alex = login(people.alex).get(reverse("home"))
    assert [(i.reference, i.kind) for i in alex.context["work_items"] if i.kind == "task"] == [
        (alex_case.reference, "task")
    ]


def test_reassigning_a_case_hands_the_old_caseworkers_open_tasks_to_the_new_one(
    people, alex_case, time_machine
):
    time_machine.move_to(date(2026, 11, 23))
    task = tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Secrettitlezq",
        due_on=date(2026, 11, 25),
        assignee=people.alex,
    )
    managers = tasks.task_record(
        actor=people.alex, case=alex_case, title="Sign", due_on=date(2026, 11, 25), assignee=people.morgan
    )
    case_assign(actor=people.morgan, case=alex_case, assignee=people.blake)
    task.refresh_from_db()
    managers.refresh_from_db()
    assert task.assignee == people.blake and task.version == 2
    assert managers.assignee == people.morgan  # a manager of the team may still open it
    (event,) = AuditEvent.objects.filter(action=AuditAction.TASKS_HANDED_OVER)
    assert (event.subject_user, event.previous_subject_user, event.case) == (
        people.blake,
        people.alex,
        alex_case,
    )
    assert "Secrettitlezq" not in str(event.fields)


def test_ending_cover_hands_the_colleagues_open_tasks_to_the_case_assignee(
    people, alex_case, blakes_task_on_alexs_case
):
    case_share_end(actor=people.morgan, share=alex_case.shares.get(user=people.blake))
    blakes_task_on_alexs_case.refresh_from_db()
    assert blakes_task_on_alexs_case.assignee == people.alex
    assert AuditEvent.objects.filter(action=AuditAction.TASKS_HANDED_OVER, case=alex_case).count() == 1


def test_leaving_the_team_hands_their_open_tasks_to_each_cases_assignee(
    people, alex_case, blakes_task_on_alexs_case
):
    membership_remove(actor=people.morgan, membership=people.blake.memberships.get())
    blakes_task_on_alexs_case.refresh_from_db()
    assert blakes_task_on_alexs_case.assignee == people.alex
