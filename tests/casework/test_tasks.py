"""Tasks on a case: Alex adds a follow-up for Friday, it shows on the case, on her My work and,
once due, in the morning email as a reference and the kind "task", never its title."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case, Task
from casework.selectors.task_work import task_work_items
from casework.services import tasks
from casework.services.sharing import case_share
from casework.vocabularies import AuditAction, TaskStatus
from tests.casework.test_data_at_rest import everything_stored
from tests.factories import CaseFactory


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def alex(people, login):
    return login(people.alex)


def add(case, person, due_on=None, title="Call the solicitor", assignee=None):
    return tasks.task_record(
        actor=person,
        case=case,
        title=title,
        due_on=due_on or timezone.localdate(),
        assignee=assignee or person,
    )


def test_alex_adds_a_task_and_sees_it_on_the_case_and_her_my_work(people, alex, alex_case):
    friday = timezone.localdate() + timedelta(days=3)
    response = alex.post(
        reverse("task_new", args=[alex_case.reference]),
        {
            "title": "Call the solicitor about the claim",
            **date_fields("due_on", friday),
            "assignee": people.alex.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("case_tasks", args=[alex_case.reference])
    task = Task.objects.get()
    assert task.assignee == people.alex and task.due_on == friday and task.status == TaskStatus.OPEN
    assert (
        "Call the solicitor about the claim"
        in alex.get(reverse("case", args=[alex_case.reference])).content.decode()
    )
    assert "Call the solicitor about the claim" in alex.get("/").content.decode()
    event = AuditEvent.objects.get(action=AuditAction.TASK_RECORDED)
    assert event.fields == ["task"]


def test_the_title_and_details_are_encrypted(people, alex_case):
    tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Titlemarkerzq",
        details="Detailsmarkerzq",
        due_on=timezone.localdate(),
        assignee=people.alex,
    )
    stored = everything_stored()
    assert "Titlemarkerzq" not in stored and "Detailsmarkerzq" not in stored


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "   "}, "Enter what needs doing"),
        ({"title": "x" * 201}, "What needs doing must be 200 characters or fewer"),
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the due date"),
        ({"assignee": ""}, "Select who will do it"),
    ],
)
def test_bad_answers_come_back_on_the_form(people, alex, alex_case, overrides, message):
    data = {
        "title": "Call",
        **date_fields("due_on", timezone.localdate()),
        "assignee": people.alex.pk,
        **overrides,
    }
    response = alex.post(reverse("task_new", args=[alex_case.reference]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Task.objects.exists()


def test_a_task_cannot_be_due_in_the_past_or_given_to_someone_who_cannot_see_the_case(people, alex_case):
    with pytest.raises(ValidationError, match="today or later"):
        add(alex_case, people.alex, due_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="may see this case"):
        add(alex_case, people.alex, assignee=people.casey)


def test_a_due_date_in_the_year_9999_is_refused_by_the_form_and_the_service(people, alex, alex_case):
    response = alex.post(
        reverse("task_new", args=[alex_case.reference]),
        {"title": "Call", **date_fields("due_on", date(9999, 1, 1)), "assignee": people.alex.pk},
    )
    assert response.status_code == 200 and "Due date must be within 10 years" in response.content.decode()
    with pytest.raises(ValidationError, match="must be within 10 years"):
        add(alex_case, people.alex, due_on=timezone.localdate() + timedelta(days=3660))
    assert not Task.objects.exists()
    # Ten years ahead to the day is still a date someone may plan for.
    add(alex_case, people.alex, due_on=timezone.localdate().replace(year=timezone.localdate().year + 10))


def test_a_second_tab_changing_only_the_title_of_an_overdue_task_gets_the_conflict_page(
    people, alex, alex_case
):
    task = add(alex_case, people.alex)
    Task.objects.filter(pk=task.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    task.refresh_from_db()
    change_url = reverse("task_change", args=[alex_case.reference, task.pk])
    opened = task.version
    form = {"title": "Call", "details": "", "assignee": people.alex.pk, "reason": "Agreed", "version": opened}
    # Tab A moves the due date on.
    response = alex.post(
        change_url, {**form, **date_fields("due_on", timezone.localdate() + timedelta(days=1))}
    )
    assert response.status_code == 302
    # Tab B, opened before, changes only the title and sends the old (past) date back untouched.
    response = alex.post(
        change_url,
        {**form, "title": "Call the GP", **date_fields("due_on", timezone.localdate() - timedelta(days=2))},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "today or later" not in page
    assert "Their changes beside yours" in page
    task.refresh_from_db()
    assert task.title == "Call" and task.due_on == timezone.localdate() + timedelta(days=1)


def test_a_colleague_covering_the_case_can_be_given_a_task(people, alex_case):
    case_share(
        actor=people.morgan,
        case=alex_case,
        colleague=people.blake,
        expires_on=timezone.localdate() + timedelta(days=5),
    )
    assert add(alex_case, people.alex, assignee=people.blake).assignee == people.blake


def test_done_twice_is_done_once(people, alex, alex_case):
    task = add(alex_case, people.alex)
    url = reverse("task_done", args=[alex_case.reference, task.pk])
    assert alex.post(url).status_code == 302
    assert alex.post(url, follow=True).status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_on == timezone.localdate()
    assert AuditEvent.objects.filter(action=AuditAction.TASK_DONE).count() == 1


def test_a_cancelled_task_keeps_its_reason(people, alex, alex_case):
    task = add(alex_case, people.alex)
    url = reverse("task_cancel", args=[alex_case.reference, task.pk])
    response = alex.post(url, {"cancel_reason": "   ", "version": task.version})
    assert "Enter why the task is cancelled" in response.content.decode()
    assert alex.post(url, {"cancel_reason": "She moved area", "version": task.version}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.cancel_reason == "She moved area"
    page = alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    assert "She moved area" in page


def test_due_today_and_overdue_tasks_are_work_items_named_by_reference_only(people, alex_case, time_machine):
    time_machine.move_to(date(2026, 3, 2))
    add(alex_case, people.alex, due_on=date(2026, 3, 2), title="Secret title")
    add(alex_case, people.alex, due_on=date(2026, 3, 9))
    time_machine.move_to(date(2026, 3, 4))
    (item,) = task_work_items(Case.objects.all(), date(2026, 3, 4))
    assert item.kind == "task" and item.overdue and item.reference == alex_case.reference
    assert item.text == "Task overdue since 2 March 2026 (Alex)"
    assert "Secret" not in item.text


def test_the_tasks_page_costs_the_same_queries_for_2_and_20_tasks(people, alex, alex_case):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert alex.get(reverse("case_tasks", args=[alex_case.reference])).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        add(alex_case, people.alex)
    queries()
    two = queries()
    for _ in range(18):
        add(alex_case, people.alex)
    assert queries() == two


def test_tasks_are_exported_and_their_words_erased(people, alex_case):
    add(alex_case, people.alex, title="Export me")
    (row,) = tasks.task_export(alex_case)
    assert row["title"] == "Export me"
    tasks.task_erase(alex_case)
    assert Task.objects.get().title == ""


def test_my_work_lists_only_tasks_on_cases_i_may_still_see(people, login):
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    add(case, people.alex, title="Visible task")
    people.alex.memberships.all().delete()
    assert "Visible task" not in login(people.alex).get("/").content.decode()


def test_only_people_who_can_open_the_case_are_offered(people, alex_case):
    from casework.selectors.tasks import assignee_choices

    # Blake is in the team but neither assigned nor covering: he could not open the case.
    assert set(assignee_choices(alex_case)) == {people.alex, people.morgan}
    with pytest.raises(ValidationError, match="may see this case"):
        add(alex_case, people.alex, assignee=people.blake)


def test_a_correction_cannot_move_a_task_into_the_past_nor_change_a_finished_one(people, alex_case):
    task = add(alex_case, people.alex)
    values = {"title": "Call", "details": "", "assignee": people.alex}
    with pytest.raises(ValidationError, match="today or later"):
        tasks.task_change(
            actor=people.alex,
            task=task,
            version=task.version,
            reason="typo",
            due_on=timezone.localdate() - timedelta(days=3),
            **values,
        )
    tasks.task_done(actor=people.alex, task=task)
    task.refresh_from_db()
    with pytest.raises(ValidationError, match="already done or cancelled"):
        tasks.task_change(
            actor=people.alex, task=task, version=task.version, reason="typo", due_on=task.due_on, **values
        )


def test_closing_a_case_cancels_its_open_tasks_and_no_new_one_can_be_added(people, alex, alex_case):
    from casework.services.closure import case_close
    from casework.vocabularies import ClosureReason

    task = add(alex_case, people.alex)
    case_close(actor=people.alex, case=alex_case, closed_on=timezone.localdate(), reason=ClosureReason.OTHER)
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.cancel_reason == "The case was closed"
    with pytest.raises(ValidationError, match="case is closed"):
        add(alex_case, people.alex)
    page = alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    assert "Add a task" not in page


def test_the_close_form_warns_that_open_tasks_will_be_cancelled_and_reopening_says_where_they_are(
    people, alex, alex_case, login
):
    close_url = reverse("case_close", args=[alex_case.reference])
    assert "will be cancelled" not in alex.get(close_url).content.decode()
    add(alex_case, people.alex)
    add(alex_case, people.alex, title="Book the interpreter")
    assert "2 open tasks will be cancelled." in alex.get(close_url).content.decode()
    response = alex.post(close_url, {**date_fields("closed_on", timezone.localdate()), "reason": "other"})
    assert response.status_code == 302
    manager = login(people.morgan)
    response = manager.post(reverse("case_reopen", args=[alex_case.reference]), follow=True)
    page = response.content.decode()
    assert "The 2 tasks cancelled when it was closed are under &quot;Done or cancelled&quot;" in page
    # They stay cancelled: whether each is still worth doing is the caseworker's call.
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.CANCELLED}


def test_a_task_marked_done_by_mistake_is_reopened_once_and_not_on_a_closed_case(people, alex, alex_case):
    from casework.services.closure import case_close
    from casework.vocabularies import ClosureReason

    task = add(alex_case, people.alex)
    tasks.task_done(actor=people.alex, task=task)
    assert "Reopen" in alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    reopen_url = reverse("task_reopen", args=[alex_case.reference, task.pk])
    alex.post(reopen_url)
    response = alex.post(reopen_url, follow=True)  # a double click
    assert "nothing to reopen" in response.content.decode()
    reopened = Task.objects.get()
    assert reopened.status == TaskStatus.OPEN and reopened.done_on is None
    assert reopened.version == task.version + 2  # done, then reopened
    assert AuditEvent.objects.filter(action=AuditAction.TASK_REOPENED).count() == 1
    tasks.task_done(actor=people.alex, task=task)
    case_close(actor=people.alex, case=alex_case, closed_on=timezone.localdate(), reason=ClosureReason.OTHER)
    alex_case.refresh_from_db()
    with pytest.raises(ValidationError, match="case is closed"):
        tasks.task_reopen(actor=people.alex, task=Task.objects.get())
    assert "Reopen<" not in alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()


@pytest.mark.parametrize("page", ["task_change", "task_cancel"])
def test_the_correct_and_cancel_pages_of_a_finished_task_say_so_at_once(people, alex, alex_case, page):
    task = add(alex_case, people.alex)
    tasks.task_done(actor=people.alex, task=task)
    response = alex.get(reverse(page, args=[alex_case.reference, task.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("case_tasks", args=[alex_case.reference])
    assert "already done or cancelled" in response.content.decode()


def test_a_title_of_only_zero_width_spaces_is_blank(people, alex, alex_case):
    response = alex.post(
        reverse("task_new", args=[alex_case.reference]),
        {
            "title": "\u200b\u200c\u200d\u2060\ufeff ",
            **date_fields("due_on", timezone.localdate()),
            "assignee": people.alex.pk,
        },
    )
    assert response.status_code == 200 and "Enter what needs doing" in response.content.decode()
    assert not Task.objects.exists()


def test_a_cancelled_task_says_when_and_whose_and_the_overview_tags_one_due_today(people, alex, alex_case):
    task = add(alex_case, people.alex, title="Book the room")
    tasks.task_cancel(actor=people.alex, task=task, version=task.version, cancel_reason="Not needed")
    page = alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    assert f"cancelled {timezone.localdate():%-d %B %Y}" in page and "(Alex" in page
    add(alex_case, people.alex, title="Call today")
    overview = alex.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "Due today</strong>" in overview


def test_cancelling_another_cases_task_through_this_case_says_it_is_not_found(people, alex, alex_case):
    other = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    task = add(other, people.alex)
    response = alex.post(
        reverse("task_cancel", args=[alex_case.reference, task.pk]),
        {"cancel_reason": "Wrong case", "version": task.version},
        follow=True,
    )
    page = response.content.decode()
    assert "not found on this case" in page and "already deleted" not in page
    assert Task.objects.get().status == TaskStatus.OPEN
