"""An action of the plan is a casework task about a goal: changing it, from the plan page or the
case's Tasks page, is a change of the plan the survivor must agree again; marking it done is
progress, not a change (docs/domain.md, What needs agreeing again)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Task
from casework.selectors.tasks import my_work_items
from casework.services import tasks
from casework.services.assignment import case_assign
from oversight import reminders
from support.selectors.plans import plan_agreed_current
from support.services import plans
from tests.support.test_plans import dates, goal, need, page, plan_of

GOAL_WORDS = "To see my daughter every Sunday."


def today():
    return timezone.localdate()


def agreed_plan_with_an_action(people, case):
    """A need, a goal, an action for Alex in a week; the survivor agreed it today."""
    made = goal(people, need(people, case), text=GOAL_WORDS)
    action = plans.action_add(
        actor=people.alex,
        goal=made,
        title="Ring the contact centre",
        due_on=today() + timedelta(days=7),
        assignee=people.alex,
    )
    plans.plan_agree(
        actor=people.alex,
        case=case,
        agreed_on=today(),
        edition=plan_of(case).edition,
        next_review_on=today() + timedelta(days=28),
    )
    assert plan_agreed_current(case)
    return made, action


def change_form(task, **values):
    form = {
        "title": task.title,
        "details": task.details,
        "assignee": task.assignee_id,
        "about": f"{task.about_kind}:{task.about_id}",
        "reason": "Agreed with her",
        "version": task.version,
        **dates("due_on", task.due_on),
    }
    return form | values


class TestAnActionChangedAfterTheSurvivorAgreed:
    def test_a_new_due_date_on_the_tasks_page_means_the_survivor_has_not_seen_the_current_version(
        self, people, login, alex_case
    ):
        _goal, action = agreed_plan_with_an_action(people, alex_case)
        agreed = plan_of(alex_case).edition
        client = login(people.alex)
        url = reverse("task_change", args=[alex_case.reference, action.pk])
        response = client.post(url, change_form(action, **dates("due_on", today() + timedelta(days=14))))
        assert response.status_code == 302, response.content.decode()[:2000]

        assert plan_of(alex_case).edition == agreed + 1
        assert not plan_agreed_current(alex_case)
        assert "The survivor has not seen the current version of this plan" in page(client, alex_case)

    def test_a_new_title_or_owner_is_a_new_version_and_one_that_changes_nothing_is_not(
        self, people, alex_case
    ):
        _goal, action = agreed_plan_with_an_action(people, alex_case)
        agreed = plan_of(alex_case).edition
        values = {"title": action.title, "details": "", "due_on": action.due_on, "assignee": people.alex}
        tasks.task_change(
            actor=people.alex, task=action, version=action.version, reason="Agreed with her", **values
        )
        assert plan_of(alex_case).edition == agreed and plan_agreed_current(alex_case)

        action.refresh_from_db()
        tasks.task_change(
            actor=people.alex,
            task=action,
            version=action.version,
            reason="Agreed with her",
            **(values | {"assignee": people.morgan}),
        )
        assert plan_of(alex_case).edition == agreed + 1 and not plan_agreed_current(alex_case)

    def test_cancelling_an_action_is_a_new_version(self, people, login, alex_case):
        _goal, action = agreed_plan_with_an_action(people, alex_case)
        client = login(people.alex)
        url = reverse("task_cancel", args=[alex_case.reference, action.pk])
        response = client.post(url, {"cancel_reason": "Not needed now", "version": action.version})
        assert response.status_code == 302
        assert not plan_agreed_current(alex_case)

    def test_moving_an_action_to_another_goal_changes_the_plan_and_a_task_added_on_the_tasks_page_too(
        self, people, alex_case
    ):
        first, action = agreed_plan_with_an_action(people, alex_case)
        other_need = need(people, alex_case, domain="money")
        other = goal(people, other_need)
        plans.plan_agree(
            actor=people.alex, case=alex_case, agreed_on=today(), edition=plan_of(alex_case).edition
        )
        agreed = plan_of(alex_case).edition
        tasks.task_change(
            actor=people.alex,
            task=action,
            version=action.version,
            reason="Agreed with her",
            about=f"plan_goal:{other.pk}",
            title=action.title,
            details="",
            due_on=action.due_on,
            assignee=people.alex,
        )
        assert plan_of(alex_case).edition == agreed + 1
        tasks.task_record(
            actor=people.alex,
            case=alex_case,
            title="Book the bank appointment",
            due_on=today() + timedelta(days=3),
            assignee=people.alex,
            about=f"plan_goal:{first.pk}",
        )
        assert plan_of(alex_case).edition == agreed + 2

    def test_adding_an_action_on_the_plan_page_makes_one_new_version(self, people, alex_case):
        made = goal(people, need(people, alex_case))
        before = plan_of(alex_case).edition
        plans.action_add(actor=people.alex, goal=made, title="Ring", due_on=today(), assignee=people.alex)
        assert plan_of(alex_case).edition == before + 1


class TestProgressIsNotAChange:
    def test_marking_an_action_done_or_undoing_that_keeps_the_plan_agreed(self, people, login, alex_case):
        _goal, action = agreed_plan_with_an_action(people, alex_case)
        agreed = plan_of(alex_case).edition
        client = login(people.alex)
        assert client.post(reverse("task_done", args=[alex_case.reference, action.pk])).status_code == 302
        action.refresh_from_db()
        assert action.status == "done"
        assert plan_of(alex_case).edition == agreed and plan_agreed_current(alex_case)
        assert client.post(reverse("task_reopen", args=[alex_case.reference, action.pk])).status_code == 302
        assert plan_of(alex_case).edition == agreed and plan_agreed_current(alex_case)

    def test_a_task_about_nothing_in_particular_leaves_the_plan_alone(self, people, alex_case):
        agreed_plan_with_an_action(people, alex_case)
        agreed = plan_of(alex_case).edition
        plain = tasks.task_record(
            actor=people.alex, case=alex_case, title="Ring", due_on=today(), assignee=people.alex
        )
        tasks.task_cancel(actor=people.alex, task=plain, version=plain.version, cancel_reason="No")
        assert plan_of(alex_case).edition == agreed


def test_a_goal_s_words_never_reach_my_work_the_email_the_audit_or_the_timeline(
    people, login, alex_case, time_machine
):
    time_machine.move_to(date(2026, 11, 23))  # a Monday: the team is at work, emails go
    made, action = agreed_plan_with_an_action(people, alex_case)
    tasks.task_change(
        actor=people.alex,
        task=action,
        version=action.version,
        reason="Agreed with her",
        title=action.title,
        details="",
        due_on=today(),
        assignee=people.alex,
    )
    visible = type(alex_case).objects.visible_to(people.alex)
    items = my_work_items(people.alex, visible, today())
    assert any(item.kind == "task" for item in items)
    assert "daughter" not in str(items)
    emails = reminders.morning_emails(today())
    assert any(item["kind"] == "task" for email in emails for item in email.items)
    assert "daughter" not in str(emails)

    client = login(people.alex)
    body = client.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    assert f"Support plan goal {made.number}" in body and GOAL_WORDS not in body
    tasks.task_done(actor=people.alex, task=action)
    timeline = client.get(reverse("case_timeline", args=[alex_case.reference])).content.decode()
    assert "Task done" in timeline and "daughter" not in timeline
    payloads = str(list(AuditEvent.objects.filter(case=alex_case).values()))
    assert "daughter" not in payloads and "Ring the contact centre" not in payloads


def test_closing_the_case_cancels_its_actions_without_a_new_version(people, alex_case):
    agreed_plan_with_an_action(people, alex_case)
    agreed = plan_of(alex_case).edition
    assert tasks.cancel_open_tasks_of_closed_case(alex_case) == 1
    assert plan_of(alex_case).edition == agreed


def test_an_action_handed_to_the_new_caseworker_on_reassignment_is_a_new_version(people, alex_case):
    """The survivor agreed Alex would do it; now Blake will: a different promise to agree."""
    agreed_plan_with_an_action(people, alex_case)
    agreed = plan_of(alex_case).edition
    case_assign(actor=people.morgan, case=alex_case, assignee=people.blake)
    assert Task.objects.get(case=alex_case).assignee == people.blake
    assert plan_of(alex_case).edition == agreed + 1 and not plan_agreed_current(alex_case)
