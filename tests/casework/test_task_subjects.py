"""What a task is about: Alex adds "chase the CG decision" about the case's RG decision; the
task page says so; a record of another case, or a made-up one, is refused on the form; a
follow-up from a contact is about that contact; a record deleted later leaves the task saying so."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Task
from casework.selectors.task_subjects import task_subject_choices, task_subject_names
from casework.services import contacts, tasks
from casework.services.record_kinds import register_kind, task_subject_kinds
from casework.ui.dates import long_date
from justice.services import claims
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
    assert f"Positive RG decision of {long_date(rg.decided_on)}" in page


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


def _names(case) -> dict[str, list[str]]:
    return {group: [label for _value, label in options] for group, options in task_subject_choices(case)}


def test_subjects_are_named_in_words_with_their_dates(people, alex_case):
    referral = ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=date(2026, 3, 2))
    DecisionFactory(
        referral=referral, decided_on=date(2026, 3, 4), outcome="positive", recorded_by=people.alex
    )
    for submitted in (date(2026, 5, 1), date(2026, 6, 9)):
        claims.claim_record(
            actor=people.alex,
            case=alex_case,
            kind="cica",
            incident_on=date(2025, 1, 1),
            submitted_on=submitted,
            outcome="pending",
        )
    names = _names(alex_case)
    assert names["NRM referral"] == ["NRM referral submitted 2 March 2026"]
    assert names["NRM decision"] == ["Positive RG decision of 4 March 2026"]
    assert names["Compensation or civil claim"] == [
        "CICA claim submitted 9 June 2026",
        "CICA claim submitted 1 May 2026",
    ]
    every = [name for group in names.values() for name in group]
    assert not [name for name in every if re.search(r"\d{4}-\d\d-\d\d", name)]


def test_every_subject_kind_names_its_records_and_leads_to_a_case():
    kinds = task_subject_kinds()
    assert len(kinds) >= 16 and all(kind.task_subject_name and kind.task_subject_case for kind in kinds)


def test_a_kind_whose_lookup_does_not_reach_a_case_is_refused_at_startup():
    with pytest.raises(ImproperlyConfigured):
        register_kind(
            "broken", title="Broken", models=(Task,), task_subject_case="assignee", task_subject_name=str
        )
    with pytest.raises(ImproperlyConfigured):
        register_kind("broken", title="Broken", models=(Task,), task_subject_case="case")  # and no name


def test_the_history_names_what_a_task_is_about_never_an_id(people, login, alex_case, rg):
    task = tasks.task_record(
        actor=people.alex, case=alex_case, title="Chase", due_on=timezone.localdate(), assignee=people.alex
    )
    tasks.task_change(
        actor=people.alex,
        task=task,
        version=task.version,
        reason="It is about the decision",
        title="Chase",
        details="",
        due_on=task.due_on,
        assignee=people.alex,
        about=f"decision:{rg.pk}",
    )
    task.refresh_from_db()
    tasks.task_change(
        actor=people.alex,
        task=task,
        version=task.version,
        reason="Not about anything",
        title="Chase",
        details="",
        due_on=task.due_on,
        assignee=people.alex,
        about="",
    )
    page = login(people.alex).get(reverse("case_history", args=[alex_case.reference])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "NRM decision" in text and f"Positive RG decision of {long_date(rg.decided_on)}" in text
    assert not re.search(rf"Record it is about:? {rg.pk}\b", text) and "decision:" not in text


def test_a_correction_without_about_keeps_what_the_task_is_about(people, alex_case, rg):
    task = tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Chase",
        due_on=timezone.localdate(),
        assignee=people.alex,
        about=f"decision:{rg.pk}",
    )
    tasks.task_change(
        actor=people.alex,
        task=task,
        version=task.version,
        reason="Longer",
        title="Chase the decision",
        details="",
        due_on=task.due_on,
        assignee=people.alex,
    )
    task.refresh_from_db()
    assert task.title == "Chase the decision" and (task.about_kind, task.about_id) == ("decision", rg.pk)


def test_a_conflict_shows_the_subject_the_other_person_chose(people, login, alex_case, rg):
    other = DecisionFactory(
        referral=rg.referral, kind="cg", decided_on=rg.decided_on, recorded_by=people.alex
    )
    task = tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Chase",
        due_on=timezone.localdate(),
        assignee=people.alex,
        about=f"decision:{rg.pk}",
    )
    opened = task.version
    # Meanwhile Morgan moves it to the other decision: same kind, another id.
    tasks.task_change(
        actor=people.morgan,
        task=task,
        version=opened,
        reason="The CG one",
        title="Chase",
        details="",
        due_on=task.due_on,
        assignee=people.alex,
        about=f"decision:{other.pk}",
    )
    response = login(people.alex).post(
        reverse("task_change", args=[alex_case.reference, task.pk]),
        {**_posted(people, f"decision:{rg.pk}", title="Chase it"), "version": opened, "reason": "Typo"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "while you were editing" in page
    about = page[page.index('name="about"') :]
    selected = re.search(r'<option value="([^"]+)"\s+selected', about[: about.index("</select>")])
    assert selected and selected.group(1) == f"decision:{other.pk}"
    assert not re.search(rf">\s*{other.pk}\s*<", page)


def test_the_tasks_page_reads_subject_names_in_a_bounded_number_of_queries(people, login, alex_case, rg):
    alex = login(people.alex)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert alex.get(reverse("case_tasks", args=[alex_case.reference])).status_code == 200
        return len(ctx.captured_queries)

    tasks.task_record(
        actor=people.alex, case=alex_case, title="A", due_on=timezone.localdate(), assignee=people.alex
    )
    queries()
    none_about = queries()
    subjects = [f"decision:{rg.pk}", f"referral:{rg.referral.pk}", f"consent:{alex_case.consents.get().pk}"]
    for about in subjects * 5:
        tasks.task_record(
            actor=people.alex,
            case=alex_case,
            title="B",
            due_on=timezone.localdate(),
            assignee=people.alex,
            about=about,
        )
    # One query per kind the tasks are about (three here), however many tasks: at most one per
    # kind a task can be about.
    assert queries() == none_about + len(subjects) <= none_about + len(task_subject_kinds())


def test_names_are_only_of_the_case_the_tasks_are_on(people, alex_case, rg):
    task = tasks.task_record(
        actor=people.alex,
        case=alex_case,
        title="Chase",
        due_on=timezone.localdate(),
        assignee=people.alex,
        about=f"decision:{rg.pk}",
    )
    other = CaseFactory(team=alex_case.team, assignee=people.alex)
    assert task_subject_names([task], other) == {}
