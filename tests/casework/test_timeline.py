"""The case timeline: Alex reads everything that happened on Ana's case in one stream, newest
first, filters it by kind and dates, pages through it (htmx appends; a plain link works too) and
prints it. No note text, a fixed number of queries, and nobody else can open it."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.hooks import TimelineQuery, timeline_kinds
from casework.models import AuditEvent, Task
from casework.selectors.timeline import case_timeline
from casework.selectors.timeline_events import CASE_ACTIONS
from casework.services import contacts, tasks
from casework.services.assignment import case_assign
from casework.services.closure import case_close, case_reopen
from casework.services.sharing import case_share
from casework.ui.dates import long_date
from casework.ui.labels import choice_label
from casework.vocabularies import CASE_HISTORY_ACTIONS, AuditAction, ClosureReason, ContactKind, TaskStatus
from justice.services import claims, milestones, proceedings
from screening import services as screening_services
from support.models import (
    AgeDispute,
    ChildGuardian,
    LocalAuthorityLead,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    SupportPeriod,
    Withdrawal,
)
from support.selectors import timeline as support_timeline
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory

DAY = date(2026, 3, 2)  # a Monday, in GMT


def timeline(client, case, **params):
    return client.get(reverse("case_timeline", args=[case.reference]), params)


def titles(page: str) -> list[str]:
    """The events' titles in the order shown."""
    found = re.findall(r'<h[23] class="moj-timeline__title">(.*?)</h[23]>', page, re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", title)).strip()) for title in found]


def log(case, person, happened_at, **fields):
    return contacts.contact_record(
        actor=person, case=case, happened_at=happened_at, **{"kind": ContactKind.PHONE, **fields}
    )


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def alex(people, login):
    return login(people.alex)


@pytest.fixture(autouse=True)
def _opened_before_day(alex_case):
    """Ana's case opened before the days the tests log contacts on."""
    alex_case.opened_on = DAY - timedelta(days=30)
    alex_case.save()


def fill(case, people, day=DAY, *, current=True):
    """One record of every kind the timeline shows, all on or after `day` (`current`: the
    case's current referral; a case has one, and earlier ones)."""
    ConsentFactory(case=case, decided_on=day, withdrawn_on=day + timedelta(days=40))
    referral = ReferralFactory(
        case=case, submitted_on=day + timedelta(days=1), created_by=people.alex, is_current=current
    )
    decision = DecisionFactory(
        referral=referral,
        decided_on=day + timedelta(days=3),
        served_on=day + timedelta(days=4),
        outcome="negative",
    )
    Reconsideration.objects.create(
        decision=decision,
        requested_on=day + timedelta(days=5),
        outcome="overturned",
        outcome_on=day + timedelta(days=9),
        recorded_by=people.alex,
    )
    PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=day + timedelta(days=10), recorded_by=people.alex
    )
    Withdrawal.objects.create(
        referral=referral, withdrawn_on=day + timedelta(days=11), recorded_by=people.alex
    )
    ChildGuardian.objects.create(
        case=case, referred_on=day + timedelta(days=2), service="ictg", recorded_by=people.alex
    )
    AgeDispute.objects.create(
        case=case,
        raised_on=day + timedelta(days=2),
        outcome="child",
        assessed_on=day + timedelta(days=6),
        recorded_by=people.alex,
    )
    LocalAuthorityLead.objects.create(
        case=case, authority="Secretcouncil", since=day + timedelta(days=2), recorded_by=people.alex
    )
    SupportPeriod.objects.create(
        case=case,
        provider="vcc",
        kind="outreach",
        start_on=day + timedelta(days=3),
        end_on=day + timedelta(days=30),
        end_reason="planned_end",
        recorded_by=people.alex,
    )
    RecoveryNeedsAssessment.objects.create(
        case=case,
        due_on=day + timedelta(days=20),
        needs="Sentinelnote needs",
        shared_on=day + timedelta(days=18),
        submitted_on=day + timedelta(days=20),
        decided_on=day + timedelta(days=22),
        outcome="continued",
        services_agreed="Sentinelnote services",
        recorded_by=people.alex,
    )
    PermissionToStay.objects.create(
        case=case,
        considered_from=day + timedelta(days=12),
        decision="granted",
        decided_on=day + timedelta(days=25),
        expires_on=day + timedelta(days=400),
        recorded_by=people.alex,
    )
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=case, kind="victim_witness", police_force="kent"
    )
    milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind="reported", on=day + timedelta(days=7)
    )
    claims.claim_record(
        actor=people.alex,
        case=case,
        kind="cica",
        incident_on=day - timedelta(days=100),
        submitted_on=day + timedelta(days=14),
        outcome="pending",
    )
    interview = screening_services.interview_start(actor=people.alex, case=case)
    done = tasks.task_record(
        actor=people.alex,
        case=case,
        title="Call the solicitor",
        due_on=timezone.localdate(),
        assignee=people.alex,
    )
    tasks.task_done(actor=people.alex, task=done)
    cancelled = tasks.task_record(
        actor=people.alex, case=case, title="Book the GP", due_on=timezone.localdate(), assignee=people.alex
    )
    tasks.task_cancel(
        actor=people.alex, task=cancelled, version=cancelled.version, cancel_reason="Not needed"
    )
    log(
        case,
        people.alex,
        at(day, 10),
        note="Sentinelnote: she talked about the house",
        place="office",
        duration_minutes=25,
        safeguarding_concern=True,
        staff=[people.alex, people.blake],
    )
    case_share(actor=people.morgan, case=case, colleague=people.blake, expires_on=timezone.localdate())
    case_assign(actor=people.morgan, case=case, assignee=people.blake)
    case_assign(actor=people.morgan, case=case, assignee=people.alex)
    return interview


def test_every_kind_of_event_is_on_the_timeline_and_no_note(people, alex, alex_case):
    alex_case.opened_on = DAY - timedelta(days=1)
    alex_case.save()
    fill(alex_case, people)
    case_close(actor=people.alex, case=alex_case, closed_on=timezone.localdate(), reason=ClosureReason.OTHER)
    case_reopen(actor=people.morgan, case=alex_case)
    screen = timeline(alex, alex_case).content.decode()
    assert len(titles(screen)) == 25  # a page; the print view has them all
    page = alex.get(reverse("case_timeline_print", args=[alex_case.reference])).content.decode()
    shown = set(titles(page))
    for title in (
        "Case opened",
        "Case closure recorded",  # an earlier closure: the case was reopened
        "Case reopened",
        "Assigned to Blake",
        "Shared for cover with Blake",
        "Contact: phone call",
        "Task done: Call the solicitor",
        "Task cancelled: Book the GP",
        "Consent given: referral to the National Referral Mechanism",
        "Consent withdrawn: referral to the National Referral Mechanism",
        "Screening interview started",
        "Referred to the NRM",
        "Negative Reasonable Grounds (RG) decision",
        "RG decision served",
        "Reconsideration of the RG decision requested",
        "Reconsideration of the RG decision: decision changed to positive",
        "Public order disqualification",
        "Withdrawn from the NRM",
        "Referred to a child trafficking guardian",
        "Age disputed",
        "Assessed as a child (under 18)",
        "A local authority leads for the child",
        "Outreach support started",
        "Outreach support ended",
        "Recovery Needs Assessment shared with the survivor",
        "Recovery Needs Assessment submitted",
        "Recovery Needs Assessment decided",
        "Temporary permission to stay being considered",
        "Temporary permission to stay granted",
        "Criminal proceeding recorded",
        "Reported to police",
        "Claim submitted",
    ):
        assert title in shown, title
    # The contact's kind, place, length, flags and who: never its note, nor encrypted names.
    assert "Office, 25 minutes" in page and "Safeguarding concern" in page and "by Alex, Blake" in page
    for shown_page in (screen, page):
        assert "Sentinelnote" not in shown_page and "Secretcouncil" not in shown_page
    # The timeline's own page of the case file, in its sub-navigation.
    assert re.search(r'aria-current="page"\s+href="/cases/[^"]+/timeline/"', screen)


def test_the_page_is_audited_as_a_view_naming_it(people, alex, alex_case):
    assert timeline(alex, alex_case).status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).latest("id")
    assert event.case == alex_case and event.fields == ["case_timeline"]
    alex.get(reverse("case_timeline_print", args=[alex_case.reference]))
    assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).latest("id").fields == [
        "case_timeline_print"
    ]


@pytest.mark.parametrize("who", ["blake", "casey", "riley", "sam"])
def test_nobody_the_access_rule_refuses_can_open_it(people, login, alex_case, who):
    client = login(getattr(people, who))
    for name in ("case_timeline", "case_timeline_print"):
        assert client.get(reverse(name, args=[alex_case.reference])).status_code == 404


def test_newest_first_and_a_day_in_a_sensible_order(people, alex, alex_case):
    alex_case.opened_on = DAY
    alex_case.save()
    ConsentFactory(case=alex_case, decided_on=DAY)
    ReferralFactory(case=alex_case, submitted_on=DAY, created_by=people.alex)
    log(alex_case, people.alex, at(DAY, 9, 15))
    log(alex_case, people.alex, at(DAY, 16, 40), kind=ContactKind.VIDEO)
    log(alex_case, people.alex, at(DAY + timedelta(days=1), 8), kind=ContactKind.EMAIL)
    page = timeline(alex, alex_case, kinds=["contact", "consent", "nrm", "case"]).content.decode()
    assert titles(page) == [
        "Contact: email",
        # On one day: the events with a time, latest first, then those known by their date only,
        # in the order a case goes (the case opens, consent, then the referral).
        "Contact: video call",
        "Contact: phone call",
        "Referred to the NRM",
        "Consent given: referral to the National Referral Mechanism",
        "Case opened",
    ]
    assert "2 March 2026 at 16:40" in page


def test_times_are_uk_times(people, alex, alex_case):
    # 23:30 in London on 1 June (British Summer Time) is 22:30 UTC.
    log(alex_case, people.alex, datetime(2026, 6, 1, 22, 30, tzinfo=UTC))
    page = timeline(alex, alex_case, kinds=["contact"]).content.decode()
    assert "1 June 2026 at 23:30" in page and 'datetime="2026-06-01T23:30"' in page
    # And the date filter reads UK days: the contact is on 1 June, not on 2 June.
    assert "Contact: phone call" in titles(
        timeline(alex, alex_case, **dates("start", date(2026, 6, 1))).content.decode()
    )
    assert not titles(timeline(alex, alex_case, **dates("start", date(2026, 6, 2))).content.decode())


def dates(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_filters_by_kind_and_by_dates(people, alex, alex_case):
    fill(alex_case, people)
    only_nrm = titles(timeline(alex, alex_case, kinds=["nrm"]).content.decode())
    assert "Referred to the NRM" in only_nrm
    assert not [title for title in only_nrm if title.startswith(("Contact", "Task", "Outreach"))]
    both = titles(timeline(alex, alex_case, kinds=["contact", "support"]).content.decode())
    assert set(both) == {"Contact: phone call", "Outreach support started", "Outreach support ended"}
    window = {**dates("start", DAY + timedelta(days=3)), **dates("end", DAY + timedelta(days=4))}
    page = timeline(alex, alex_case, **window).content.decode()
    assert set(titles(page)) == {
        "Negative Reasonable Grounds (RG) decision",
        "RG decision served",
        "Outreach support started",
    }
    assert "checked" not in page.split('name="kinds"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_0": "31", "start_1": "2", "start_2": "2026"}, "Date from must be a real date"),
        ({"start_0": "x", "start_1": "2", "start_2": "2026"}, "Date from must be a real date, in numbers"),
        ({"end_0": "1", "end_1": "", "end_2": "2026"}, "Date to must include a month"),
        ({"end_0": "1", "end_1": "1", "end_2": "26"}, "Year must include 4 numbers"),
        (
            {**dates("start", DAY), **dates("end", DAY - timedelta(days=1))},
            "Date to must be the same as or after",
        ),
        ({"kinds": ["nosuchkind"]}, "Select the kinds of event from the list"),
        ({"start_0": "9" * 40, "start_1": "1", "start_2": "2026"}, "Date from must be a real date"),
        # The last day of the calendar: its end would overflow a timestamp.
        (
            {"end_0": "31", "end_1": "12", "end_2": "9999"},
            "Date to must be the same as or before 31 December 2099",
        ),
        ({"start_0": "1", "start_1": "1", "start_2": "9999"}, "Date from must be the same as or before"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(people, alex, alex_case, params, message):
    log(alex_case, people.alex, at(DAY, 10))
    for name in ("case_timeline", "case_timeline_print"):
        response = alex.get(reverse(name, args=[alex_case.reference]), params)
        page = response.content.decode()
        assert response.status_code == 200 and message in page
        assert "There is a problem" in page and not titles(page)


def show_more(page: str) -> str:
    """The address of "Show more", the same for htmx and for the plain link."""
    more = re.search(
        r'<a class="govuk-link govuk-pagination__link"\s+href="([^"]+)"\s+hx-get="([^"]+)"', page
    )
    assert more and more.group(1) == more.group(2)
    return html.unescape(more.group(1))


def test_pages_of_25_with_show_more_and_without_javascript(people, alex, alex_case):
    for minutes in range(30):
        log(alex_case, people.alex, at(DAY, 8) + timedelta(minutes=minutes))
    url = reverse("case_timeline", args=[alex_case.reference])
    first = timeline(alex, alex_case, kinds=["contact"]).content.decode()
    assert len(titles(first)) == 25 and "2 March 2026 at 08:29" in first
    more = show_more(first)
    # The next page starts below the last event shown (a cursor), and keeps the filters.
    assert more.startswith("?kinds=contact&after=")
    # Without JavaScript the link opens the next page, a whole page, with a way back.
    second = alex.get(url + more).content.decode()
    assert len(titles(second)) == 5 and "<html" in second and "Newest events" in second
    assert "2 March 2026 at 08:04" in second and "08:05" not in second
    assert "Show more" not in second
    # With htmx (HX-Request), only the next events and the control, to append.
    partial = alex.get(url + more, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and len(titles(partial)) == 5
    assert 'id="timeline-more"' in partial and 'hx-swap-oob="true"' in partial
    assert "Show more" not in partial and "Newest events" not in partial
    assert "data-focus-after-load" in partial
    # Where a page starts is not a filter: the filters stay folded away.
    unfolded = re.compile(r'<details class="govuk-details"\s+open')
    assert not unfolded.search(alex.get(url + "?" + more.split("&", 1)[1]).content.decode())
    assert unfolded.search(second)
    # A cursor that is not one, or an old page number, opens the newest events: no error.
    for junk in ("x", "2026-13-01~~50~contact~1", "2026-03-02~2026-03-02T08:05:00~50~contact~1", "~" * 4):
        assert len(titles(timeline(alex, alex_case, kinds=["contact"], after=junk).content.decode())) == 25
    assert len(titles(timeline(alex, alex_case, kinds=["contact"], page=99).content.decode())) == 25


def test_show_more_neither_repeats_nor_skips_what_was_recorded_between_loads(people, alex, alex_case):
    for minutes in range(30):
        log(alex_case, people.alex, at(DAY, 8) + timedelta(minutes=minutes))
    url = reverse("case_timeline", args=[alex_case.reference])
    first = timeline(alex, alex_case, kinds=["contact"]).content.decode()
    # Two contacts logged while the page is open: one newer than all, one older than all.
    log(alex_case, people.alex, at(DAY, 9), kind=ContactKind.VIDEO)
    log(alex_case, people.alex, at(DAY, 7), kind=ContactKind.EMAIL)
    rest = alex.get(url + show_more(first), HTTP_HX_REQUEST="true").content.decode()
    shown = re.findall(r"at (\d\d:\d\d)</time>", first + rest)
    assert len(shown) == len(set(shown)) == 31  # each once, the older one too; the newer is above
    assert "Contact: email" in titles(rest) and "Contact: video call" not in titles(rest)


def test_pages_follow_the_one_order_across_sources_with_the_same_day(people, alex, alex_case):
    """Dated events of many kinds on the same days as timed ones: the pages, put together,
    are the print view's order exactly."""
    fill(alex_case, people)
    for _ in range(3):
        fill(alex_case, people, day=DAY + timedelta(days=60), current=False)
    url = reverse("case_timeline", args=[alex_case.reference])
    page = timeline(alex, alex_case).content.decode()
    shown = titles(page)
    while "Show more" in page:
        page = alex.get(url + show_more(page), HTTP_HX_REQUEST="true").content.decode()
        shown += titles(page)
    printed = titles(alex.get(reverse("case_timeline_print", args=[alex_case.reference])).content.decode())
    assert shown == printed and len(shown) > 75
    # For that, no two events share a place in the order (a cursor names exactly one).
    every = case_timeline(alex_case, TimelineQuery(kinds=frozenset(code for code, _ in timeline_kinds())))
    assert len({event.sort_key() for event in every}) == len(every)


def test_the_print_view_has_every_event_for_the_filters_marked_official_sensitive(people, alex, alex_case):
    for minutes in range(30):
        log(alex_case, people.alex, at(DAY, 8) + timedelta(minutes=minutes))
    ConsentFactory(case=alex_case, decided_on=DAY)
    page = alex.get(
        reverse("case_timeline_print", args=[alex_case.reference]), {"kinds": "contact"}
    ).content.decode()
    assert len(titles(page)) == 30 and "Consent given" not in page
    assert page.count("OFFICIAL-SENSITIVE") == 2
    assert page.index("OFFICIAL-SENSITIVE") < page.index("moj-timeline__item")
    assert page.rindex("OFFICIAL-SENSITIVE") > page.rindex("moj-timeline__item")
    assert "Contacts" in page and "moj-sub-navigation" not in page
    # Every printed sheet carries the marking, not only the first and the last: the body is the
    # "official-sensitive" named page, whose margin boxes repeat it at the top and bottom of each sheet.
    assert 'class="govuk-template__body app-print-page"' in page
    scss = (settings.BASE_DIR / "assets" / "scss" / "app.scss").read_text()
    named_page = scss[scss.index("@page official-sensitive") :]
    assert named_page.index("@top-center") < named_page.index("@bottom-center") < named_page.index("}\n}")
    assert ".app-print-page { page: official-sensitive; }" in scss
    # The page links to it with the same filters.
    screen = timeline(alex, alex_case, kinds="contact").content.decode()
    assert f"{reverse('case_timeline_print', args=[alex_case.reference])}?kinds=contact" in screen


def test_a_fixed_number_of_queries_whatever_the_case_holds(people, alex, alex_case):
    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            assert timeline(alex, alex_case, **params).status_code == 200
        return len(ctx.captured_queries)

    queries()  # once first: a page's first request does its own housekeeping (export clean-up)
    near_empty = queries()
    near_empty_page_2 = queries(page=2)
    fill(alex_case, people)
    for hour in range(40):
        log(alex_case, people.alex, at(DAY, 0) + timedelta(hours=hour), staff=[people.alex, people.blake])
    for _ in range(5):
        fill(alex_case, people, day=DAY + timedelta(days=60), current=False)  # every kind, several times
    assert queries() == near_empty
    assert queries(page=2) == near_empty_page_2
    with CaptureQueriesContext(connection) as ctx:
        alex.get(reverse("case_timeline_print", args=[alex_case.reference]))
    assert len(ctx.captured_queries) <= near_empty


def test_a_cancelled_task_is_dated_the_day_it_was_cancelled(people, alex, alex_case, time_machine):
    time_machine.move_to(at(DAY, 9))
    task = tasks.task_record(
        actor=people.alex, case=alex_case, title="Ring", due_on=DAY, assignee=people.alex
    )
    other = tasks.task_record(
        actor=people.alex, case=alex_case, title="Write", due_on=DAY, assignee=people.alex
    )
    time_machine.move_to(at(DAY + timedelta(days=2), 9))
    tasks.task_cancel(actor=people.alex, task=task, version=task.version, cancel_reason="No longer needed")
    time_machine.move_to(at(DAY + timedelta(days=5), 9))
    case_close(
        actor=people.alex, case=alex_case, closed_on=DAY + timedelta(days=5), reason=ClosureReason.OTHER
    )
    assert Task.objects.get(pk=task.pk).cancelled_on == DAY + timedelta(days=2)
    other.refresh_from_db()
    assert other.status == TaskStatus.CANCELLED and other.cancelled_on == DAY + timedelta(days=5)
    page = timeline(alex, alex_case, kinds="task").content.decode()
    assert "4 March 2026" in page and "7 March 2026" in page


def test_the_case_history_read_from_the_audit_trail_is_what_its_partial_index_holds():
    assert set(CASE_ACTIONS) == set(CASE_HISTORY_ACTIONS)


def test_a_back_dated_closure_is_dated_by_its_closing_date_and_says_when_it_was_recorded(
    people, login, alex_case, time_machine
):
    time_machine.move_to(at(DAY + timedelta(days=10), 11, 30))
    case_close(actor=people.alex, case=alex_case, closed_on=DAY, reason=ClosureReason.OTHER)
    alex = login(people.alex)
    page = timeline(alex, alex_case, kinds="case").content.decode()
    assert titles(page)[0] == "Case closed"
    assert '<time datetime="2026-03-02">2 March 2026</time>' in page
    assert "Recorded on 12 March 2026 at 11:30" in page
    # Reopened, then closed again: the earlier closure keeps only the day it was recorded.
    case_reopen(actor=people.morgan, case=alex_case)
    time_machine.move_to(at(DAY + timedelta(days=20), 9))
    case_close(
        actor=people.alex, case=alex_case, closed_on=DAY + timedelta(days=15), reason=ClosureReason.OTHER
    )
    alex = login(people.alex)  # signed in again, ten days on
    page = timeline(alex, alex_case, kinds="case").content.decode()
    assert titles(page) == ["Case closed", "Case reopened", "Case closure recorded", "Case opened"]
    assert "17 March 2026" in page and "Recorded on 22 March 2026 at 09:00" in page


def test_events_of_one_minute_follow_their_seconds(people, login, alex_case, time_machine):
    time_machine.move_to(at(DAY, 10) + timedelta(seconds=5))
    case_close(actor=people.alex, case=alex_case, closed_on=DAY, reason=ClosureReason.OTHER)
    case_reopen(actor=people.morgan, case=alex_case)
    time_machine.move_to(at(DAY, 10) + timedelta(seconds=40))
    case_share(
        actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=DAY + timedelta(days=5)
    )
    alex = login(people.alex)
    assert titles(timeline(alex, alex_case, kinds=["case", "assignment"]).content.decode())[:2] == [
        "Shared for cover with Blake",
        "Case reopened",
    ]


def test_the_autumn_hour_that_comes_twice_is_in_the_order_it_happened(people, alex, alex_case):
    # 25 October 2026: 01:30 BST (00:30 UTC) comes before 01:10 GMT (01:10 UTC).
    log(alex_case, people.alex, datetime(2026, 10, 25, 0, 30, tzinfo=UTC), kind=ContactKind.VIDEO)
    log(alex_case, people.alex, datetime(2026, 10, 25, 1, 10, tzinfo=UTC), kind=ContactKind.EMAIL)
    page = timeline(alex, alex_case, kinds="contact").content.decode()
    assert titles(page) == ["Contact: email", "Contact: video call"]
    assert page.index("25 October 2026 at 01:10") < page.index("25 October 2026 at 01:30")


def test_a_task_a_closure_cancelled_says_so_and_names_no_canceller(people, alex, alex_case):
    tasks.task_record(
        actor=people.alex, case=alex_case, title="Ring", due_on=timezone.localdate(), assignee=people.morgan
    )
    case_close(actor=people.alex, case=alex_case, closed_on=timezone.localdate(), reason=ClosureReason.OTHER)
    page = timeline(alex, alex_case, kinds="task").content.decode()
    assert titles(page) == ["Task cancelled: Ring"]
    assert "Cancelled when the case closed" in page and "Morgan" not in page


def test_a_code_taken_out_of_its_vocabulary_does_not_break_the_timeline(people, alex, alex_case, monkeypatch):
    # The database holds codes to their vocabularies, until a migration takes one out: the
    # timeline then shows the code's words rather than failing.
    assert choice_label(ContactKind, "carrier_pigeon") == "Carrier pigeon"
    assert choice_label(ContactKind, ContactKind.PHONE) == "Phone call"
    monkeypatch.setattr(support_timeline, "SHORT_KIND", {})  # a kind of decision added since
    DecisionFactory(
        referral=ReferralFactory(case=alex_case, created_by=people.alex), decided_on=DAY, served_on=DAY
    )
    response = timeline(alex, alex_case, kinds="nrm")
    assert response.status_code == 200 and "decision served" in response.content.decode()


def test_other_words_in_the_address_are_not_filters(people, alex, alex_case):
    page = timeline(alex, alex_case, foo="bar").content.decode()
    assert not re.search(r'<details class="govuk-details"\s+open', page)
    assert "No events match these filters" not in page and "Case opened" in titles(page)


def test_the_header_reads_the_survivors_name_and_nothing_else_of_her(people, alex, alex_case):
    with CaptureQueriesContext(connection) as ctx:
        page = timeline(alex, alex_case).content.decode()
    read = " ".join(query["sql"] for query in ctx.captured_queries)
    assert '"given_names"' in read and alex_case.person.given_names in page
    for column in ("address", "notes", "date_of_birth", "phone", "aliases"):
        assert f'"{column}"' not in read, column
    with CaptureQueriesContext(connection) as ctx:
        alex.get(reverse("case_timeline_print", args=[alex_case.reference]))
    assert '"given_names"' not in " ".join(query["sql"] for query in ctx.captured_queries)


def test_the_print_view_links_back_and_its_headings_follow_on(people, alex, alex_case):
    page = alex.get(
        reverse("case_timeline_print", args=[alex_case.reference]), {"kinds": "case"}
    ).content.decode()
    back = f'href="{reverse("case_timeline", args=[alex_case.reference])}?kinds=case"'
    assert back in page and "Back to the timeline" in page
    assert "<h1" in page and '<h2 class="moj-timeline__title">' in page and "<h3" not in page


def test_a_share_says_until_when_it_covers(people, alex, alex_case):
    case_share(
        actor=people.morgan,
        case=alex_case,
        colleague=people.blake,
        expires_on=timezone.localdate() + timedelta(days=5),
    )
    page = timeline(alex, alex_case, kinds="assignment").content.decode()
    assert f"Covering until {long_date(timezone.localdate() + timedelta(days=5))}" in page


def test_the_engagement_shown_is_the_latest_and_says_so(people, alex, alex_case):
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    type(proceeding).objects.filter(pk=proceeding.pk).update(engagement_changed_on=DAY)
    shown = titles(timeline(alex, alex_case, kinds="justice").content.decode())
    assert any(title.startswith("The survivor's engagement now:") for title in shown), shown


def test_show_more_after_the_session_ended_loads_the_sign_in_page_whole(people, alex, alex_case, client):
    url = reverse("case_timeline", args=[alex_case.reference])
    client.logout()
    response = client.get(
        url,
        {"after": "2026-03-02~~50~task~1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{url}?kinds=contact",
    )
    assert response.status_code == 200 and not response.content
    assert response["HX-Redirect"] == f"{reverse('login')}?next={url.replace('/', '%2F')}%3Fkinds%3Dcontact"
    # Without htmx, the usual redirect to sign in.
    assert client.get(url).status_code == 302
