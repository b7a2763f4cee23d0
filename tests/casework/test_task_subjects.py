"""What a task is about: Alex adds "chase the CG decision" about the case's RG decision; the
task page says so; a record of another case, or a made-up one, is refused on the form; a
follow-up from a contact is about that contact; a record deleted later leaves the task saying so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Task
from casework.selectors.task_subjects import task_subject_choices
from casework.services import contacts, tasks
from tests.factories import CaseFactory, ConsentFactory, DecisionFactory, ReferralFactory


@pytest.fixture
def rg(people, alex_case):
    ConsentFactory(case=alex_case, decided_on=timezone.localdate() - timedelta(days=120))
    referral = ReferralFactory(
        case=alex_case, created_by=people.alex, submitted_on=timezone.localdate() - timedelta(days=60)
    )
    return DecisionFactory(
        referral=referral, decided_on=timezone.localdate() - timedelta(days=50), recorded_by=people.alex
    )


def _posted(people, about, **extra):
    today = timezone.localdate()
    return {
        "title": "Chase the CG decision",
        "due_on_0": today.day,
        "due_on_1": today.month,
        "due_on_2": today.year,
        "assignee": people.alex.pk,
        "about": about,
        **extra,
    }


def test_alex_adds_a_task_about_the_rg_decision_and_the_task_page_names_it(people, login, alex_case, rg):
    alex = login(people.alex)
    form_page = alex.get(reverse("task_new", args=[alex_case.reference])).content.decode()
    assert f'value="decision:{rg.pk}"' in form_page and "<optgroup" in form_page
    response = alex.post(
        reverse("task_new", args=[alex_case.reference]), _posted(people, f"decision:{rg.pk}")
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.about_kind, task.about_id) == ("decision", rg.pk)
    page = alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    assert f"NRM decision: {rg}" in page


@pytest.mark.parametrize("about", ["decision:999999", "person:1", "nonsense", "decision:abc"])
def test_a_record_not_on_the_case_is_refused_on_the_form(people, login, alex_case, rg, about):
    response = login(people.alex).post(
        reverse("task_new", args=[alex_case.reference]), _posted(people, about)
    )
    assert response.status_code == 200
    assert "Choose a record of this case, or nothing in particular" in response.content.decode()
    assert not Task.objects.exists()


def test_a_record_of_another_case_is_refused_by_the_service(people, alex_case, rg):
    other = CaseFactory(team=alex_case.team, assignee=people.alex)
    with pytest.raises(Exception, match="Choose a record of this case"):
        tasks.task_record(
            actor=people.alex,
            case=other,
            title="Chase",
            due_on=timezone.localdate(),
            assignee=people.alex,
            about=f"decision:{rg.pk}",
        )
    assert task_subject_choices(other) == []


def test_the_choices_never_decrypt_or_show_survivor_text(people, alex_case):
    contacts.contact_record(
        actor=people.alex,
        case=alex_case,
        happened_at=timezone.now(),
        kind="phone",
        note="Notemarkerzq about the survivor",
        staff=[people.alex],
    )
    names = [label for _group, options in task_subject_choices(alex_case) for _value, label in options]
    assert names and not [name for name in names if "Notemarkerzq" in name]


def test_a_follow_up_from_a_contact_is_about_that_contact(people, alex_case):
    contact = contacts.contact_record_with_follow_up(
        actor=people.alex,
        case=alex_case,
        happened_at=timezone.now(),
        kind="phone",
        staff=[people.alex],
        follow_up_title="Ring back",
        follow_up_due_on=timezone.localdate() + timedelta(days=2),
    )
    task = Task.objects.get()
    assert (task.about_kind, task.about_id) == ("contact", contact.pk)


def test_a_task_about_a_record_deleted_since_says_so_and_can_still_be_corrected(people, login, alex_case, rg):
    task = tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Chase",
        due_on=timezone.localdate(),
        assignee=people.alex,
        about=f"decision:{rg.pk}",
    )
    rg.delete()
    alex = login(people.alex)
    assert (
        "NRM decision (since deleted)"
        in alex.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
    )
    response = alex.post(
        reverse("task_change", args=[alex_case.reference, task.pk]),
        {
            **_posted(people, f"decision:{task.about_id}", title="Chase it"),
            "version": task.version,
            "reason": "Typo",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    task.refresh_from_db()
    assert task.title == "Chase it" and task.about_kind == "decision"
