"""The pages of a case (issue 18): an Overview and a sub-navigation to the case's areas, each
its own page and URL, audited as a view naming the page, sent to the Overview once the case is
erased, and drawn in a fixed number of queries whatever the case holds."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone

from casework import hooks
from casework.models import AuditEvent, Consent, Contact
from casework.services import contacts, tasks
from casework.ui import case_nav as case_nav_module
from casework.ui.case_nav import NavEntry, case_nav, case_nav_entries
from casework.vocabularies import AuditAction, ContactKind
from justice.services import claims, milestones, proceedings
from screening import services as screening
from support.models import RecoveryNeedsAssessment, SupportPeriod
from support.services import plans, risk
from tests.factories import CaseFactory, ConsentFactory, DecisionFactory, DocumentFactory, ReferralFactory

# Every page of the sub-navigation, by URL name, in its order.
PAGES = [
    "case",
    "case_contacts",
    "case_tasks",
    "case_screening",
    "case_nrm",
    "case_support",
    "case_plan",
    "case_risk",
    "case_justice",
    "case_documents",
    "case_details",
    "case_consent",
]


def _day(n):
    return timezone.localdate() - timedelta(days=n)


def fill(case, person, n):
    """n of every record a case page shows (and one referral, with its RG and CG decisions)."""
    for i in range(n):
        contacts.contact_record(
            actor=person,
            case=case,
            happened_at=timezone.now() - timedelta(minutes=i + 1),
            kind="phone",
            note="Called.",
        )
        tasks.task_record(
            actor=person, case=case, title=f"Task {i}", due_on=_day(-i), assignee=person, details="Details"
        )
        consent = ConsentFactory(
            case=case, purpose="nrm_referral" if i % 2 else "police_sharing", decided_on=_day(300 + i)
        )
        # A signed form held (the Consent page's "Signed form held"; the Documents page lists it).
        DocumentFactory(case=case, added_by=person, about_kind="consent", about_id=consent.pk)
        SupportPeriod.objects.create(
            case=case,
            provider="vcc",
            kind="outreach",
            start_on=_day(200 - 20 * i),
            end_on=_day(190 - 20 * i),
            end_reason="planned_end",
            recorded_by=person,
        )
        RecoveryNeedsAssessment.objects.create(case=case, due_on=_day(10 * i), recorded_by=person)
        proceeding = proceedings.proceeding_record(
            actor=person, case=case, kind="victim_witness", police_force="kent"
        )
        for kind, on, outcome in (
            ("reported", _day(100), ""),
            ("charging_decision", _day(90), "charged"),
            ("first_appearance", timezone.localdate() + timedelta(days=9 + i), ""),
        ):
            milestones.milestone_record(
                actor=person,
                proceeding=proceeding,
                kind=kind,
                on=on,
                **({"outcome": outcome} if outcome else {}),
            )
        claims.claim_record(actor=person, case=case, kind="cica", incident_on=_day(400), outcome="pending")
        risk.risk_assessment_record(
            actor=person,
            case=case,
            assessed_on=_day(i),
            overall_level="high",
            self_harm_level="high",
            self_harm_evidence="Said so.",
            health_level="low",
            safety_plan="Crisis line.",
        )
        interview = screening.interview_start(actor=person, case=case)
        screening.interview_stop(actor=person, interview=interview, reason="declined")
        need = plans.need_add(actor=person, case=case, domain="housing", priority="high", status="open")
        goal = plans.goal_add(actor=person, need=need, text="A flat", status="open")
        plans.action_add(actor=person, goal=goal, title="Call", due_on=_day(-i), assignee=person)
    referral = ReferralFactory(case=case, created_by=person, submitted_on=_day(320))
    rg = DecisionFactory(referral=referral, decided_on=_day(310), recorded_by=person)
    DecisionFactory(referral=referral, kind="cg", decided_on=_day(250), recorded_by=person)
    DocumentFactory(case=case, added_by=person, about_kind="decision", about_id=rg.pk)  # "Letter held"


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_sub_navigation_lists_every_page_in_its_order():
    assert [entry.url_name for entry in case_nav_entries() if entry.url_name != "case_timeline"] == PAGES


@pytest.mark.parametrize("name", PAGES)
def test_each_page_has_the_name_the_sub_navigation_and_its_own_heading(people, login, alex_case, name):
    url = reverse(name, args=[alex_case.reference])
    page = login(people.alex).get(url).content.decode()
    assert "<bdi>Ana Popescu</bdi>" in page  # the h1
    nav = page.split('<nav class="moj-sub-navigation', 1)[1].split("</nav>", 1)[0]
    # A list of links; the page being served is marked for screen readers.
    assert nav.count('class="moj-sub-navigation__link"') == len(case_nav_entries())
    current = nav.split('aria-current="page"', 1)[1]
    assert f'href="{url}"' in current.split(">", 1)[0]
    assert nav.count('aria-current="page"') == 1
    assert '<h2 class="govuk-heading-m"' in page.split("</nav>", 1)[1]


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_audited_as_a_view_naming_it(people, login, alex_case, name):
    login(people.alex).get(reverse(name, args=[alex_case.reference]))
    event = AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).latest("pk")
    assert event.case == alex_case and event.fields == [name]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["blake", "casey", "riley", "sam"])
def test_each_page_is_not_found_for_those_who_may_not_see_the_case(people, login, alex_case, name, who):
    assert login(getattr(people, who)).get(reverse(name, args=[alex_case.reference])).status_code == 404


@pytest.mark.parametrize("name", PAGES[1:])
def test_an_erased_case_s_pages_send_to_the_overview_which_says_so(people, login, alex_case, name):
    alex_case.erased_at = timezone.now()
    alex_case.save(update_fields=["erased_at"])
    client = login(people.alex)
    response = client.get(reverse(name, args=[alex_case.reference]))
    assert response.status_code == 302 and response.url == reverse("case", args=[alex_case.reference])
    assert "Personal data erased" in client.get(response.url).content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_takes_the_same_number_of_queries_whatever_the_case_holds(people, login, name):
    small = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=_day(400))
    large = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=_day(400))
    fill(small, people.alex, 1)
    fill(large, people.alex, 6)
    bare = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    client = login(people.alex)
    client.get(reverse(name, args=[bare.reference]))  # the session's first request does more
    counts = [queries(client, reverse(name, args=[case.reference])) for case in (small, large, bare)]
    assert counts[0] == counts[1], counts
    # A case with nothing yet skips the prefetches of records it has none of.
    assert counts[2] <= counts[0], counts


def test_the_overview_says_who_the_survivor_is_and_what_is_owed(people, login, alex_case):
    person = alex_case.person
    person.pronouns, person.languages, person.interpreter_needed = "she/her", "Romanian", True
    person.safe_to_text, person.phone = True, "07700 900982"
    person.save()
    tasks.task_record(
        actor=people.alex, case=alex_case, title="Ring the GP", due_on=_day(0), assignee=people.alex
    )
    ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=_day(70))
    page = login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    for words in ("she/her", "Romanian", "Needs an interpreter", "07700 900982", "Ring the GP"):
        assert words in page
    owed = page.split('id="owed-heading"', 1)[1].split("</section>", 1)[0]
    assert "RG decision overdue" in owed and "Overdue" in owed  # what My work shows, overdue first
    assert "No contact has been logged yet." in page
    assert "Reasonable grounds decision awaited" in page or "RG" in page.split("standing-heading", 1)[1]


def test_a_safeguarding_concern_is_owed_on_the_overview_only_to_a_manager(people, login, alex_case):
    contacts.contact_record(
        actor=people.alex,
        case=alex_case,
        happened_at=timezone.now(),
        kind="phone",
        note="Worried.",
        safeguarding_concern=True,
    )
    url = reverse("case", args=[alex_case.reference])

    def owed(who):
        page = login(who).get(url).content.decode()
        return page.split('id="owed-heading"', 1)[1].split("</section>", 1)[0]

    assert "afeguarding" not in owed(people.alex)
    assert "afeguarding" in owed(people.morgan)


def test_records_written_from_an_area_page_go_back_to_it(people, login, alex_case):
    client = login(people.alex)
    ref = alex_case.reference
    response = client.post(
        reverse("consent_new", args=[ref]),
        {
            "purpose": "nrm_referral",
            "decision": "given",
            "decided_on_0": _day(1).day,
            "decided_on_1": _day(1).month,
            "decided_on_2": _day(1).year,
        },
    )
    assert response.status_code == 302 and response.url == reverse("case_consent", args=[ref])
    assert Consent.objects.filter(case=alex_case).exists()
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    response = client.post(
        reverse("proceeding_delete", args=[ref, proceeding.pk]), {"reason": "Wrong case", "version": 1}
    )
    assert response.status_code == 302 and response.url == reverse("case_justice", args=[ref])
    # The form's Back and Cancel lead to the same page.
    page = client.get(reverse("support_period_new", args=[ref])).content.decode()
    back = reverse("case_support", args=[ref])
    assert page.split('class="govuk-back-link"', 1)[0].rstrip().endswith(f'href="{back}"')
    assert page.count(f'href="{back}"') == 2  # Back and Cancel


def test_changing_the_details_goes_back_to_personal_details(people, login, alex_case):
    page = login(people.alex).get(reverse("case_details", args=[alex_case.reference])).content.decode()
    assert reverse("case_edit", args=[alex_case.reference]) in page and "Change details" in page


# What a page reads of the survivor: only what it shows (every encrypted field read is decrypted).
NEVER_ON_A_HEADER_PAGE = ("aliases", "address", "notes", "risk_flags", "phone", "pronouns", "languages")


def person_columns(queries) -> set[str]:
    """The casework_person columns the page's queries selected."""
    columns = set()
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and '"casework_person"' in sql:
            columns |= set(re.findall(r'"casework_person"\."(\w+)"', sql.split(" FROM ")[0]))
    return columns


@pytest.mark.parametrize("name", ["case_contacts", "case_tasks", "case_consent", "case_nrm", "case_support"])
def test_a_page_with_the_survivor_only_in_its_header_reads_only_their_name_and_age(
    people, login, alex_case, name
):
    alex = login(people.alex)
    with CaptureQueriesContext(connection) as ctx:
        assert alex.get(reverse(name, args=[alex_case.reference])).status_code == 200
    columns = person_columns(ctx.captured_queries)
    assert {"given_names", "family_name"} <= columns
    assert not columns & set(NEVER_ON_A_HEADER_PAGE)


def test_the_overview_reads_the_name_age_risks_pronouns_languages_and_safe_contact_only(
    people, login, alex_case
):
    alex = login(people.alex)
    with CaptureQueriesContext(connection) as ctx:
        assert alex.get(reverse("case", args=[alex_case.reference])).status_code == 200
    columns = person_columns(ctx.captured_queries)
    assert {"given_names", "date_of_birth", "risk_flags", "pronouns", "languages", "phone"} <= columns
    assert not columns & {"aliases", "address", "notes", "email"}
    selected = " ".join(q["sql"].split(" FROM ")[0] for q in ctx.captured_queries)
    for column in ('"details"', '"cancel_reason"', '"provider_name"', '"first_responder_other"'):
        assert column not in selected


@pytest.mark.parametrize("name", PAGES)
def test_a_page_applies_the_access_rule_once(people, login, alex_case, name):
    alex = login(people.alex)
    alex.get(reverse(name, args=[alex_case.reference]))  # the first request of the minute does more
    with CaptureQueriesContext(connection) as ctx:
        alex.get(reverse(name, args=[alex_case.reference]))
    # visible_to() reads the user's own confirmed roles first: once per page.
    own_memberships = [
        q
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "casework_membership"."team_id" AS "team_id"')
    ]
    assert len(own_memberships) == 1


def test_the_overview_says_when_the_survivor_was_last_reached_and_a_later_attempt(people, login, alex_case):
    now = timezone.now()
    Contact.objects.create(
        case=alex_case, happened_at=now - timedelta(days=5), kind=ContactKind.PHONE, recorded_by=people.alex
    )
    Contact.objects.create(
        case=alex_case,
        happened_at=now - timedelta(days=1),
        kind=ContactKind.ATTEMPTED,
        recorded_by=people.alex,
    )
    page = " ".join(
        login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode().split()
    )
    reached = timezone.localtime(now - timedelta(days=5))
    assert f'Last reached</h3> <p class="govuk-body"> {reached:%-d %B %Y, %H:%M}, phone call.' in page
    assert "Last attempt or call about them:" in page


def test_every_sub_navigation_entry_is_a_page_and_a_missing_one_fails_loudly(alex_case, monkeypatch):
    entries = case_nav(alex_case.reference, "case")
    assert [entry["href"] for entry in entries] == [
        reverse(entry.url_name, args=[alex_case.reference]) for entry in case_nav_entries()
    ]
    monkeypatch.setattr(case_nav_module, "CASEWORK_PAGES", (NavEntry(5, "Gone", "case_gone"),))
    with pytest.raises(NoReverseMatch):
        case_nav(alex_case.reference, "case")


def test_an_area_slug_must_be_unique_and_not_one_of_caseworks_own_pages(monkeypatch):
    monkeypatch.setattr(hooks, "_apps", dict(hooks._apps))
    for slug in ("tasks", "contacts", "timeline", "edit", "details", "consent", "history", "nrm"):
        with pytest.raises(ImproperlyConfigured):
            hooks.register(hooks.AppHooks(app="elsewhere", areas=[hooks.CaseArea(99, slug, "Clash")]))
    with pytest.raises(ImproperlyConfigured):
        hooks.register(
            hooks.AppHooks(
                app="elsewhere", areas=[hooks.CaseArea(98, "plans", "A"), hooks.CaseArea(99, "plans", "B")]
            )
        )
    hooks.register(hooks.AppHooks(app="elsewhere", areas=[hooks.CaseArea(99, "plans", "Plans")]))


def test_the_reserved_area_slugs_cover_every_page_casework_has_under_a_case():
    """Every first path segment of a URL under /cases/<ref>/ is an area's or reserved."""

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    own = set()
    for route, pattern in routes(get_resolver().url_patterns):
        if "cases/<case_ref:reference>/" in route and "area" not in pattern.default_args:
            segment = route.split("cases/<case_ref:reference>/")[1].split("/")[0]
            if segment and segment not in {area.slug for area in hooks.case_areas()}:
                own.add(segment)
    assert {"contacts", "tasks", "timeline", "edit"} <= own
    assert own <= hooks.RESERVED_AREA_SLUGS, own - hooks.RESERVED_AREA_SLUGS


def test_the_overview_says_the_survivor_s_age_whether_a_child_and_the_recorded_risks(
    people, login, alex_case
):
    from casework.vocabularies import RiskFlag

    person = alex_case.person
    today = timezone.localdate()
    person.date_of_birth = today.replace(year=today.year - 16) - timedelta(days=1)
    person.risk_flags = [RiskFlag.values[0]]
    person.save()
    page = login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "16 (born" in page and re.search(r'govuk-tag--orange">\s*Child\s*<', page)
    assert RiskFlag.labels[0] in page
    person.date_of_birth, person.estimated_age, person.risk_flags = None, 30, []
    person.save()
    alex_case.age_at_exploitation = "adult"
    alex_case.save()
    page = login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "About 30 (estimated)" in page and RiskFlag.labels[0] not in page
    assert not re.search(r'govuk-tag--orange">\s*(Possibly a )?[Cc]hild', page)


def test_a_closed_case_shows_a_caseworker_no_empty_case_actions_heading(people, login, alex_case):
    from casework.services.closure import case_close
    from casework.vocabularies import ClosureReason

    case_close(actor=people.alex, case=alex_case, closed_on=timezone.localdate(), reason=ClosureReason.OTHER)
    url = reverse("case", args=[alex_case.reference])
    assert "Case actions" not in login(people.alex).get(url).content.decode()
    assert "Case actions" in login(people.morgan).get(url).content.decode()
