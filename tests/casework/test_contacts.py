"""The contact log: Alex logs a call from the case in one form, corrects it with a reason and
the earlier words stay in its history; the note is never readable at rest or in the audit."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Contact, RecordRevision, Task
from casework.services import contacts
from casework.vocabularies import AuditAction, ContactKind
from tests.casework.test_data_at_rest import everything_stored


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def call_form(**overrides):
    today = timezone.localdate()
    return {
        **date_fields("on", today),
        "at": "00:05",
        "kind": ContactKind.PHONE,
        "duration_minutes": "20",
        "note": "Talked about the RG letter. Sleeping better.",
        **overrides,
    }


@pytest.fixture
def alex(people, login):
    return login(people.alex)


def log(case, person, **fields):
    return contacts.contact_record(
        actor=person,
        case=case,
        **{"happened_at": timezone.now() - timedelta(minutes=5), "kind": ContactKind.PHONE, **fields},
    )


def test_alex_logs_a_call_and_sees_it_on_the_contacts_page_and_the_case(people, alex, alex_case):
    response = alex.post(
        reverse("contact_new", args=[alex_case.reference]),
        call_form(staff=[people.alex.pk, people.blake.pk], safeguarding_concern="on"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("case_contacts", args=[alex_case.reference])
    contact = Contact.objects.get()
    assert contact.kind == ContactKind.PHONE and contact.duration_minutes == 20
    assert sorted(p.username for p in contact.staff.all()) == ["alex", "blake"]
    assert timezone.localtime(contact.happened_at).strftime("%H:%M") == "00:05"
    page = alex.get(reverse("case_contacts", args=[alex_case.reference])).content.decode()
    assert "Talked about the RG letter." in page and "Safeguarding concern" in page
    overview = alex.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "Last reached" in overview and "phone call." in overview


def checked_staff(page: str) -> set[str]:
    return set(re.findall(r'<input[^>]*name="staff"[^>]*value="(\d+)"[^>]*checked', page))


def test_the_log_form_opens_at_now_with_alex_ticked(people, alex, alex_case, time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 14, 7, tzinfo=timezone.get_current_timezone()))
    page = alex.get(reverse("contact_new", args=[alex_case.reference])).content.decode()
    assert re.search(r'name="at"[^>]*value="14:07"', page)
    assert checked_staff(page) == {str(people.alex.pk)}


def test_the_note_is_encrypted_and_the_audit_names_only_the_record(people, alex, alex_case):
    alex.post(reverse("contact_new", args=[alex_case.reference]), call_form(note="Sentinelnotezqx"))
    assert "Sentinelnotezqx" not in everything_stored()
    event = AuditEvent.objects.get(action=AuditAction.CONTACT_RECORDED)
    assert event.fields == ["contact"] and event.case_id == alex_case.pk


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"at": "25:00"}, "Enter the time like 14:30 or 2:30pm"),
        ({"at": "   "}, "Enter the time of the contact"),
        ({"kind": ""}, "Select the kind of contact"),
        ({"duration_minutes": "0"}, "How long must be at least 1 minute"),
        ({"duration_minutes": "abc"}, "How long must be a whole number of minutes"),
        (
            {"interpreter_used": "on", "interpreter_language": "   "},
            "Enter the language the interpreter used",
        ),
        ({"kind": ContactKind.ATTEMPTED}, "An attempt that did not reach anyone has no duration"),
        ({"note": "x" * 20_001}, "Note must be 20000 characters or fewer"),
    ],
)
def test_bad_answers_come_back_on_the_form_and_nothing_is_saved(alex, alex_case, overrides, field_message):
    response = alex.post(reverse("contact_new", args=[alex_case.reference]), call_form(**overrides))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_in_the_future_or_before_the_case_opened_is_refused(alex, alex_case):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = alex.post(
        reverse("contact_new", args=[alex_case.reference]), call_form(**date_fields("on", tomorrow))
    )
    assert "must be today or in the past" in response.content.decode()
    before = alex_case.opened_on - timedelta(days=1)
    response = alex.post(
        reverse("contact_new", args=[alex_case.reference]), call_form(**date_fields("on", before))
    )
    assert "The contact cannot be before the case was opened." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_long_note_with_emoji_and_right_to_left_text_is_kept_whole(alex, alex_case):
    note = ("صباح الخير 🙂 " * 2000)[:20_000]
    response = alex.post(reverse("contact_new", args=[alex_case.reference]), call_form(note=note))
    assert response.status_code == 302
    assert Contact.objects.get().note == note


def test_12_hour_times_are_understood(alex, alex_case):
    alex.post(reverse("contact_new", args=[alex_case.reference]), call_form(at="12:01am"))
    assert timezone.localtime(Contact.objects.get().happened_at).strftime("%H:%M") == "00:01"


def test_only_the_cases_team_can_be_named_as_staff(people, alex_case):
    with pytest.raises(Exception) as refused:
        log(alex_case, people.alex, staff=[people.casey])
    assert contacts.STAFF_NOT_ON_CASE in str(refused.value)


def test_a_correction_needs_a_reason_and_keeps_the_earlier_note(people, alex, alex_case):
    contact = log(alex_case, people.alex, note="Said she is in Leeds.", staff=[people.alex])
    url = reverse("contact_change", args=[alex_case.reference, contact.pk])
    happened = timezone.localtime(contact.happened_at)
    form = {
        **date_fields("on", happened.date()),
        "at": happened.strftime("%H:%M"),
        "kind": ContactKind.PHONE,
        "staff": [people.alex.pk],
        "note": "Said she is safe.",
        "version": contact.version,
    }
    response = alex.post(url, form)
    assert "Enter why this is being corrected" in response.content.decode()
    response = alex.post(url, {**form, "reason": "A place was written in the note."})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.note == "Said she is safe." and contact.version == 2
    revision = RecordRevision.objects.get(record_kind="contact")
    assert json.loads(revision.previous_json)["note"] == "Said she is in Leeds."


def test_two_tabs_correcting_the_same_contact_do_not_overwrite_each_other(people, login, alex_case):
    contact = log(alex_case, people.alex, note="First words.")
    happened = timezone.localtime(contact.happened_at)
    base = {
        **date_fields("on", happened.date()),
        "at": happened.strftime("%H:%M"),
        "kind": ContactKind.PHONE,
        "version": 1,
        "reason": "Typo",
    }
    url = reverse("contact_change", args=[alex_case.reference, contact.pk])
    alex = login(people.alex)
    assert alex.post(url, {**base, "note": "Tab one."}).status_code == 302
    second = alex.post(url, {**base, "note": "Tab two.", "staff": [people.alex.pk]})
    assert second.status_code == 200
    contact.refresh_from_db()
    assert contact.note == "Tab one."
    # The form comes back whole: the date, the time and who took part, ready to save again.
    page = second.content.decode()
    assert re.search(rf'name="at"[^>]*value="{happened:%H:%M}"', page)
    assert re.search(rf'name="on_0"[^>]*value="{happened.day}"', page)
    assert checked_staff(page) == {str(people.alex.pk)}


def test_after_a_conflict_the_other_tabs_staff_come_back_ticked(people, login, alex_case):
    contact = log(alex_case, people.alex, note="First words.", staff=[people.alex])
    happened = timezone.localtime(contact.happened_at)
    base = {
        **date_fields("on", happened.date()),
        "at": happened.strftime("%H:%M"),
        "kind": ContactKind.PHONE,
        "version": 1,
        "reason": "Who was there",
        "note": "First words.",
    }
    url = reverse("contact_change", args=[alex_case.reference, contact.pk])
    alex = login(people.alex)
    alex.post(url, {**base, "staff": [people.alex.pk, people.blake.pk]})
    second = alex.post(url, {**base, "duration_minutes": "15", "staff": [people.alex.pk]})
    assert checked_staff(second.content.decode()) == {str(people.alex.pk), str(people.blake.pk)}


def test_a_contact_logged_on_the_wrong_case_is_deleted_with_a_reason(people, alex, alex_case):
    contact = log(alex_case, people.alex, note="Wrong case.")
    url = reverse("contact_delete", args=[alex_case.reference, contact.pk])
    response = alex.post(url, {"reason": "Logged on the wrong case", "version": contact.version})
    assert response.status_code == 302
    assert not Contact.objects.exists()
    # Back and delete again: a notice, not an error.
    again = alex.post(url, {"reason": "Logged on the wrong case", "version": contact.version})
    assert again.status_code == 302


def test_the_contacts_page_costs_the_same_queries_for_2_and_20_contacts(people, alex, alex_case):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert alex.get(reverse("case_contacts", args=[alex_case.reference])).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        log(alex_case, people.alex, staff=[people.alex, people.blake])
    queries()
    two = queries()
    for _ in range(18):
        log(alex_case, people.alex, staff=[people.alex, people.blake])
    assert queries() == two


def test_contacts_are_exported_and_their_words_erased(people, alex_case):
    log(alex_case, people.alex, note="Export me", others_present="PC Jones")
    (row,) = contacts.contact_export(alex_case)
    assert row["note"] == "Export me" and row["others_present"] == "PC Jones"
    contacts.contact_erase(alex_case)
    contact = Contact.objects.get()
    assert contact.note == "" and contact.others_present == "" and contact.kind == ContactKind.PHONE


def test_the_time_is_read_as_uk_local_time(people, alex, alex_case, time_machine):
    time_machine.move_to(datetime(2026, 7, 1, 12, 0, tzinfo=timezone.get_current_timezone()))
    alex_case.opened_on = datetime(2026, 6, 1).date()
    alex_case.save()
    alex.post(reverse("contact_new", args=[alex_case.reference]), call_form(at="09:30"))
    happened = Contact.objects.get().happened_at
    assert happened.astimezone(timezone.get_current_timezone()).strftime("%H:%M") == "09:30"
    assert happened.utcoffset() is not None


def test_a_correction_keeps_someone_who_has_since_left_the_team(people, alex, alex_case):
    contact = log(alex_case, people.alex, note="With Blake.", staff=[people.alex, people.blake])
    people.blake.memberships.all().delete()
    url = reverse("contact_change", args=[alex_case.reference, contact.pk])
    page = alex.get(url).content.decode()
    assert checked_staff(page) == {str(people.alex.pk), str(people.blake.pk)}
    happened = timezone.localtime(contact.happened_at)
    form = {
        **date_fields("on", happened.date()),
        "at": happened.strftime("%H:%M"),
        "kind": ContactKind.PHONE,
        "staff": [people.alex.pk, people.blake.pk],
        "note": "With Blake, before she left.",
        "version": contact.version,
        "reason": "More detail",
    }
    assert alex.post(url, form).status_code == 302
    assert set(contact.staff.all()) == {people.alex, people.blake}


def test_an_unseen_safeguarding_concern_cannot_be_taken_off_or_deleted(people, alex, alex_case):
    contact = log(alex_case, people.alex, note="Worried.", safeguarding_concern=True)
    happened = timezone.localtime(contact.happened_at)
    form = {
        **date_fields("on", happened.date()),
        "at": happened.strftime("%H:%M"),
        "kind": ContactKind.PHONE,
        "note": "Worried.",
        "version": contact.version,
        "reason": "Ticked by mistake",
    }
    url = reverse("contact_change", args=[alex_case.reference, contact.pk])
    response = alex.post(url, form)
    assert "A manager has not seen this safeguarding concern yet" in response.content.decode()
    delete = reverse("contact_delete", args=[alex_case.reference, contact.pk])
    response = alex.post(delete, {"reason": "Wrong case", "version": contact.version})
    assert "A manager has not seen this safeguarding concern yet" in response.content.decode()
    assert Contact.objects.get().safeguarding_concern
    # Once a manager has seen it, it can be taken off (a correction with a reason).
    contacts.safeguarding_seen(actor=people.morgan, contact=contact)
    assert alex.post(url, form).status_code == 302
    contact.refresh_from_db()
    assert not contact.safeguarding_concern and contact.safeguarding_seen_by is None


def test_the_history_shows_the_earlier_time_in_uk_time_and_a_deletion_keeps_who_took_part(
    people, alex, alex_case, time_machine
):
    time_machine.move_to(datetime(2026, 7, 1, 12, 0, tzinfo=timezone.get_current_timezone()))
    alex_case.opened_on = datetime(2026, 6, 1).date()
    alex_case.save()
    contact = log(
        alex_case,
        people.alex,
        happened_at=datetime(2026, 7, 1, 9, 30, tzinfo=timezone.get_current_timezone()),
        staff=[people.alex, people.blake],
    )
    url = reverse("contact_change", args=[alex_case.reference, contact.pk])
    form = {
        **date_fields("on", datetime(2026, 7, 1).date()),
        "at": "10:30",
        "kind": ContactKind.PHONE,
        "staff": [people.alex.pk, people.blake.pk],
        "version": contact.version,
        "reason": "Wrong time",
    }
    assert alex.post(url, form).status_code == 302
    history = alex.get(reverse("case_history", args=[alex_case.reference])).content.decode()
    assert "Before: 1 July 2026, 09:30" in history
    contact.refresh_from_db()
    delete = reverse("contact_delete", args=[alex_case.reference, contact.pk])
    alex.post(delete, {"reason": "Wrong case", "version": contact.version})
    deleted = RecordRevision.objects.get(record_kind="contact", change="deleted")
    assert json.loads(deleted.previous_json)["staff"] == ["Alex", "Blake"]


def test_a_time_the_clocks_skipped_is_refused(alex, alex_case, time_machine):
    time_machine.move_to(datetime(2026, 4, 1, 12, 0, tzinfo=timezone.get_current_timezone()))
    alex_case.opened_on = datetime(2026, 3, 1).date()
    alex_case.save()
    # 29 March 2026: the clocks went from 01:00 to 02:00.
    form = call_form(**date_fields("on", datetime(2026, 3, 29).date()), at="01:30")
    response = alex.post(reverse("contact_new", args=[alex_case.reference]), form)
    assert "That time did not happen" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_and_its_follow_up_task_are_saved_together(people, alex, alex_case):
    friday = timezone.localdate() + timedelta(days=3)
    response = alex.post(
        reverse("contact_new", args=[alex_case.reference]),
        call_form(follow_up_title="Call back about the GP", **date_fields("follow_up_due_on", friday)),
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.title == "Call back about the GP" and task.due_on == friday and task.assignee == people.alex
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("follow_up", "message"),
    [
        ({"follow_up_title": "Call back"}, "Enter the date the follow-up is due"),
        (
            {"follow_up_due_on_0": "1", "follow_up_due_on_1": "1", "follow_up_due_on_2": "2030"},
            "Enter what the follow-up is",
        ),
        (
            {
                "follow_up_title": "Call back",
                "follow_up_due_on_0": "1",
                "follow_up_due_on_1": "1",
                "follow_up_due_on_2": "2020",
            },
            "The due date must be today or later.",
        ),
        (
            {
                "follow_up_title": "Call back",
                "follow_up_due_on_0": "1",
                "follow_up_due_on_1": "1",
                "follow_up_due_on_2": "9999",
            },
            "Follow-up due date must be within 10 years",
        ),
    ],
)
def test_a_refused_follow_up_saves_neither_the_contact_nor_the_task(alex, alex_case, follow_up, message):
    response = alex.post(reverse("contact_new", args=[alex_case.reference]), call_form(**follow_up))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Contact.objects.exists() and not Task.objects.exists()


def test_the_time_box_is_styled_like_every_other_govuk_input(alex, alex_case):
    page = alex.get(reverse("contact_new", args=[alex_case.reference])).content.decode()
    box = re.search(r'<input[^>]*name="at"[^>]*>', page).group(0)
    assert 'class="govuk-input govuk-input--width-5"' in box


def test_a_manager_marks_a_safeguarding_concern_seen_on_the_contacts_page(people, login, alex_case):
    contact = log(alex_case, people.alex, safeguarding_concern=True)
    contacts_url = reverse("case_contacts", args=[alex_case.reference])
    # Only the case team's managers get the button.
    assert "Mark as seen" not in login(people.alex).get(contacts_url).content.decode()
    morgan = login(people.morgan)
    assert "Mark as seen" in morgan.get(contacts_url).content.decode()
    response = morgan.post(
        reverse("contact_safeguarding_seen", args=[alex_case.reference, contact.pk]), {"back": "contacts"}
    )
    assert response["Location"] == f"{contacts_url}#contact-{contact.pk}"
    page = morgan.get(contacts_url).content.decode()
    assert "Seen by Morgan" in page and "Mark as seen" not in page


def test_a_long_note_shows_its_start_and_the_whole_note_on_request(people, alex, alex_case):
    log(alex_case, people.alex, note="Start of the note. " + "x" * 20_000)
    log(alex_case, people.alex, note="A short note.")
    page = alex.get(reverse("case_contacts", args=[alex_case.reference])).content.decode()
    assert page.count("Show the whole note") == 1 and "A short note." in page
    assert page.count("x" * 20_000) == 1  # inside the details only; the start is cut at 600 characters
    assert "Start of the note. " + "x" * 570 in page
