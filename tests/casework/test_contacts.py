"""The contact log: Alex logs a call from the case in one form, corrects it with a reason and
the earlier words stay in its history; the note is never readable at rest or in the audit."""

import json
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Contact, RecordRevision
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
    assert "Last contact:" in alex.get(reverse("case", args=[alex_case.reference])).content.decode()


def test_the_log_form_opens_at_now_with_alex_ticked(people, alex, alex_case):
    page = alex.get(reverse("contact_new", args=[alex_case.reference])).content.decode()
    assert timezone.localtime().strftime("%H:%M")[:2] in page
    assert f'value="{people.alex.pk}"' in page and "checked" in page


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
    second = alex.post(url, {**base, "note": "Tab two."})
    assert second.status_code == 200
    contact.refresh_from_db()
    assert contact.note == "Tab one."


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
