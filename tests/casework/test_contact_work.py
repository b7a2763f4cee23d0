"""The contact clocks on "My work" and in the reminders: Alex's new case owes a first contact
within 48 hours; an open case without contact for the team's gap (14 days by default) is listed;
an attempt starts the case but is not contact. Only references and dates, never a note."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import AuditEvent, Case, Contact
from casework.selectors.contact_work import contact_work_items, out_of_contact
from casework.services.closure import case_close
from casework.vocabularies import AuditAction, ClosureReason, ContactKind
from tests.factories import CaseFactory

LONDON = timezone.get_current_timezone()
OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)  # a Monday


@pytest.fixture
def new_case(people, time_machine):
    time_machine.move_to(OPENED)
    return CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)


def items_on(day_time, time_machine):
    time_machine.move_to(day_time)
    return contact_work_items(Case.objects.all(), timezone.localdate())


def contact(case, person, at, kind=ContactKind.PHONE, note="Secret words"):
    return Contact.objects.create(case=case, happened_at=at, kind=kind, recorded_by=person, note=note)


def test_a_new_case_owes_a_first_contact_within_48_hours(new_case, time_machine):
    (item,) = items_on(OPENED + timedelta(hours=1), time_machine)
    assert item.kind == "contact_first" and not item.overdue
    assert item.text == "First contact due by 09:00 on 4 March 2026"


def test_after_48_hours_without_any_contact_it_is_overdue(new_case, time_machine):
    (item,) = items_on(OPENED + timedelta(hours=48, minutes=1), time_machine)
    assert item.overdue
    assert item.text.startswith("No contact logged since the case was opened")


def test_an_attempt_counts_as_the_first_move_but_not_as_contact(people, new_case, time_machine):
    contact(new_case, people.alex, OPENED + timedelta(hours=2), kind=ContactKind.ATTEMPTED)
    assert items_on(OPENED + timedelta(days=13), time_machine) == []
    (item,) = items_on(OPENED + timedelta(days=14), time_machine)
    assert item.kind == "contact_gap"
    assert item.text == "Not reached since 2 March 2026: only attempts or calls about the survivor"


def test_a_call_with_someone_else_about_the_survivor_is_not_contact_with_her(people, new_case, time_machine):
    contact(new_case, people.alex, OPENED + timedelta(days=10), kind=ContactKind.THIRD_PARTY)
    (item,) = items_on(OPENED + timedelta(days=14), time_machine)
    assert item.kind == "contact_gap" and item.overdue


def test_a_case_entered_after_its_opening_date_counts_from_the_opening(people, time_machine):
    time_machine.move_to(OPENED)
    CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=date(2026, 2, 1))
    (item,) = items_on(OPENED + timedelta(hours=1), time_machine)
    assert item.kind == "contact_first" and item.overdue
    assert item.text.endswith("due by 00:00 on 3 February 2026")


@pytest.mark.parametrize(
    ("days_later", "listed"),
    [(13, False), (14, True), (15, True)],  # 14 days after the last contact: listed that day
)
def test_no_contact_for_the_teams_gap_is_listed(people, new_case, time_machine, days_later, listed):
    contact(new_case, people.alex, OPENED + timedelta(hours=3))
    items = items_on(OPENED + timedelta(days=days_later), time_machine)
    assert bool(items) is listed
    if listed:
        assert items[0].text == f"Not contacted for {days_later} days (last contact 2 March 2026)"
        assert "Secret" not in items[0].text


def test_a_team_can_set_its_own_gap(people, new_case, time_machine):
    people.north.contact_gap_days = 30
    people.north.save()
    contact(new_case, people.alex, OPENED + timedelta(hours=3))
    assert items_on(OPENED + timedelta(days=20), time_machine) == []
    assert len(items_on(OPENED + timedelta(days=30), time_machine)) == 1


def test_a_closed_case_owes_no_contact(people, new_case, time_machine):
    case_close(actor=people.alex, case=new_case, closed_on=OPENED.date(), reason=ClosureReason.OTHER)
    assert items_on(OPENED + timedelta(days=40), time_machine) == []


def test_the_clocks_cost_two_queries_whatever_the_caseload(people, time_machine):
    time_machine.move_to(OPENED)
    cases = CaseFactory.create_batch(30, team=people.north, assignee=people.alex, created_by=people.alex)
    for case in cases[:20]:
        contact(case, people.alex, OPENED + timedelta(hours=1))
    time_machine.move_to(OPENED + timedelta(days=20))
    with CaptureQueriesContext(connection) as ctx:
        items = contact_work_items(Case.objects.all(), timezone.localdate())
    assert len(ctx.captured_queries) == 2  # the clocks, and unseen safeguarding concerns
    assert len(items) == 30


def test_my_work_tags_as_soon_only_what_is_due_within_the_closing_soon_window(
    people, login, time_machine, settings
):
    settings.CONTACT_FIRST_HOURS = 24 * 10  # first contacts due 10 days after opening
    time_machine.move_to(OPENED)
    later = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    time_machine.move_to(OPENED - timedelta(days=5))
    sooner = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    time_machine.move_to(OPENED)
    page = login(people.alex).get("/").content.decode()
    # The work list comes first: the text after its link (href, then link text) up to the row end.
    rows = {ref: page.split(ref)[2].split("</tr>")[0] for ref in (later.reference, sooner.reference)}
    assert ">Soon</strong>" in rows[sooner.reference]  # due in 5 days
    assert ">Soon</strong>" not in rows[later.reference]  # due in 10 days


def test_a_safeguarding_concern_reaches_the_managers_at_once_until_one_marks_it_seen(
    people, login, new_case, time_machine
):
    from oversight import reminders

    concern = Contact.objects.create(
        case=new_case,
        happened_at=OPENED + timedelta(hours=2),
        kind=ContactKind.PHONE,
        recorded_by=people.alex,
        note="Says the man from the car wash found her",
        safeguarding_concern=True,
    )
    time_machine.move_to(OPENED + timedelta(hours=3))
    morgan = login(people.morgan)
    page = morgan.get("/").content.decode()
    assert "Safeguarding concerns to read" in page and new_case.reference in page
    # It is the managers' to clear: not on the caseworker's own list, nor in her email.
    assert "Safeguarding concern on a contact" not in login(people.alex).get("/").content.decode()
    assert not [
        i
        for e in reminders.morning_emails(date(2026, 3, 3))
        if e.recipient == people.alex
        for i in e.items
        if i["kind"] == "safeguarding_concern"
    ]
    # The next morning's email to the team's managers names the case, never what was said.
    emails = [e for e in reminders.morning_emails(date(2026, 3, 3)) if e.recipient == people.morgan]
    (item,) = [i for e in emails for i in e.items if i["kind"] == "safeguarding_concern"]
    assert item["reference"] == new_case.reference and "car wash" not in item["text"]
    # Another team's manager, and the caseworker, cannot mark it seen.
    url = f"/cases/{new_case.reference}/contacts/{concern.pk}/safeguarding-seen/"
    assert login(people.riley).post(url).status_code == 404
    assert login(people.alex).post(url).status_code == 404
    assert login(people.morgan).post(url).status_code == 302
    again = login(people.morgan).post(url, follow=True).content.decode()
    assert "had already marked this safeguarding concern as seen" in again
    concern.refresh_from_db()
    assert concern.safeguarding_seen_by == people.morgan
    assert "Safeguarding concerns to read" not in login(people.morgan).get("/").content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SAFEGUARDING_SEEN).count() == 1
    # The second click (another tab) changed nothing and audited nothing more.
    assert AuditEvent.objects.filter(action=AuditAction.SAFEGUARDING_SEEN).count() == 1
    assert not [
        i
        for e in reminders.morning_emails(date(2026, 3, 4))
        for i in e.items
        if i.get("kind") == "safeguarding_concern"
    ]


def test_cases_opened_before_the_contact_log_owe_no_first_contact_but_a_gap(people, new_case, time_machine):
    # What migration 0029 does to every case that existed before the contact log.
    Case.objects.filter(pk=new_case.pk).update(contact_clock_from=OPENED + timedelta(days=30))
    assert items_on(OPENED + timedelta(days=40), time_machine) == []
    (item,) = items_on(OPENED + timedelta(days=44), time_machine)
    assert item.kind == "contact_gap"
    assert item.text == "No contact logged since the contact log started on 1 April 2026"


def test_the_not_contacted_filter_agrees_with_the_contact_clock_and_is_answered_in_sql(people, time_machine):
    """The case list's and the backlog's "not contacted" is the clock's contact gap, case by case
    (reached late on a UK evening, only attempts, a back-dated opening, the log's start, another
    team's gap), as a filter in SQL: no list of case ids bound into the query."""
    time_machine.move_to(OPENED)
    people.south.contact_gap_days = 20
    people.south.save()

    def case(**kwargs):
        return CaseFactory(
            team=kwargs.pop("team", people.north), assignee=None, created_by=people.morgan, **kwargs
        )

    evening = case()  # reached at 23:30 UK time in summer: the next day in UTC
    contact(evening, people.alex, datetime(2026, 6, 1, 23, 30, tzinfo=LONDON))
    attempts_only = case()
    contact(attempts_only, people.alex, OPENED + timedelta(days=10), kind=ContactKind.ATTEMPTED)
    back_dated = case(opened_on=date(2026, 2, 1))
    logged_later = case()
    Case.objects.filter(pk=logged_later.pk).update(
        contact_clock_from=datetime(2026, 5, 20, 12, tzinfo=LONDON)
    )
    south = case(team=people.south)
    contact(south, people.casey, datetime(2026, 5, 28, 10, tzinfo=LONDON))
    recent = case()
    contact(recent, people.alex, datetime(2026, 6, 10, 10, tzinfo=LONDON))
    for day in (date(2026, 6, 14), date(2026, 6, 15), date(2026, 6, 16), date(2026, 6, 17)):
        time_machine.move_to(datetime.combine(day, datetime.min.time(), tzinfo=LONDON) + timedelta(hours=9))
        clock = {i.reference for i in contact_work_items(Case.objects.all(), day) if i.kind == "contact_gap"}
        quiet = out_of_contact(Case.objects.all(), day)
        # A case never contacted owes its first contact on the clock; once its gap has passed
        # since it opened it is "not contacted" too.
        assert {c.reference for c in quiet} == clock | {back_dated.reference}, day
    few = len(quiet.query.sql_with_params()[1])
    CaseFactory.create_batch(10, team=people.north, assignee=None, created_by=people.morgan)
    assert len(quiet.query.sql_with_params()[1]) == few  # the same query whatever the caseload
