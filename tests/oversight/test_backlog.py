"""The managers' decision backlog: right figures, fixed query counts, only their teams."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import AuditEvent, CaseExploitation
from justice.models import Milestone, Proceeding
from oversight import backlog
from oversight.vocabularies import OversightAction
from support.models import Reconsideration, SupportPeriod
from tests.factories import CaseFactory, DecisionFactory, ReferralFactory

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)


def case_for(people, assignee=None, team=None, **kwargs):
    team = team or people.north
    return CaseFactory(team=team, assignee=assignee, created_by=assignee or people.morgan, **kwargs)


@pytest.fixture
def north(people):
    """A hand-made team backlog (dates relative to Tuesday 24 November 2026)."""
    made = {}
    # RG overdue: referred 2 Nov (due 9 Nov) and 16 Nov (due 23 Nov); RG not yet due: 20 Nov (due 27 Nov).
    made["rg_old"] = case_for(people, people.alex)
    ReferralFactory(case=made["rg_old"], submitted_on=date(2026, 11, 2))
    made["rg_new"] = case_for(people, people.blake)
    ReferralFactory(case=made["rg_new"], submitted_on=date(2026, 11, 16))
    made["rg_not_due"] = case_for(people, people.alex)
    ReferralFactory(case=made["rg_not_due"], submitted_on=date(2026, 11, 20))
    # CG waits: RG 10 days ago (0-30), 100 days (91-180), 400 days (366-540), 600 days (over 540).
    for name, days, who in [
        ("cg10", 10, people.alex),
        ("cg100", 100, people.alex),
        ("cg400", 400, people.blake),
        ("cg600", 600, None),
    ]:
        made[name] = case_for(people, who)
        referral = ReferralFactory(case=made[name], submitted_on=TODAY - timedelta(days=days + 5))
        DecisionFactory(referral=referral, decided_on=TODAY - timedelta(days=days))
    # A negative RG served 25 days ago (window closes in 5 days), and one already reconsidered.
    made["negative"] = case_for(people, people.blake)
    referral = ReferralFactory(case=made["negative"], submitted_on=TODAY - timedelta(days=40))
    DecisionFactory(
        referral=referral,
        outcome="negative",
        decided_on=TODAY - timedelta(days=26),
        served_on=TODAY - timedelta(days=25),
    )
    made["reconsidered"] = case_for(people, people.alex)
    referral = ReferralFactory(case=made["reconsidered"], submitted_on=TODAY - timedelta(days=40))
    rg = DecisionFactory(
        referral=referral,
        outcome="negative",
        decided_on=TODAY - timedelta(days=20),
        served_on=TODAY - timedelta(days=20),
    )
    Reconsideration.objects.create(
        decision=rg, requested_on=TODAY - timedelta(days=5), recorded_by=people.alex
    )
    # Positive CG 60 days ago; support ended 30 days ago: at risk.
    made["support"] = case_for(people, people.alex)
    referral = ReferralFactory(case=made["support"], submitted_on=TODAY - timedelta(days=300))
    DecisionFactory(referral=referral, decided_on=TODAY - timedelta(days=290))
    DecisionFactory(referral=referral, kind="cg", decided_on=TODAY - timedelta(days=60))
    SupportPeriod.objects.create(
        case=made["support"],
        provider="vcc",
        kind="accommodation",
        start_on=TODAY - timedelta(days=290),
        end_on=TODAY - timedelta(days=30),
        end_reason="lost_contact",
        recorded_by=people.alex,
    )
    made["unassigned"] = case_for(people, None)
    # A trial listed in 10 days on Alex's RG case; one in 20 days does not count.
    trial = Proceeding.objects.create(
        case=made["rg_old"], kind="victim_witness", police_force="kent", created_by=people.alex
    )
    for days in (10, 20):
        Milestone.objects.create(
            proceeding=trial, kind="trial_listed", on=TODAY + timedelta(days=days), recorded_by=people.alex
        )
    # South's cases never count for Morgan.
    south = case_for(people, people.casey, team=people.south)
    ReferralFactory(case=south, submitted_on=date(2026, 11, 2))
    return made


def test_the_figures_match_the_hand_made_backlog(people, north):
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    assert figures.open_cases == 11
    assert figures.rg_overdue == 2
    assert figures.rg_oldest_due == date(2026, 11, 9)
    assert figures.cg_waiting == 4
    assert dict(figures.cg_buckets) == {
        "0-30": 1,
        "31-90": 0,
        "91-180": 1,
        "181-365": 0,
        "366-540": 1,
        "over 540": 1,
    }
    assert (figures.reconsideration_open, figures.reconsideration_closing) == (1, 1)
    assert figures.support_at_risk == 1
    assert figures.unassigned == 2  # cg600 and the unassigned case
    assert figures.hearings == 1
    rows = {row["name"]: row for row in figures.caseworkers}
    assert rows["Alex"]["rg_overdue"] == 1 and rows["Blake"]["rg_overdue"] == 1
    assert rows["Blake"]["cg_over_a_year"] == 1 and rows["Unassigned"]["cg_over_a_year"] == 1
    assert rows["Alex"]["support_at_risk"] == 1


def test_each_number_links_to_its_cases(people, north):
    def refs(figure, bucket=""):
        cases = backlog.figure_cases(people.morgan, backlog.Filters(), figure, TODAY, bucket)
        return {case.reference for case in cases}

    assert refs("rg_overdue") == {north["rg_old"].reference, north["rg_new"].reference}
    assert refs("cg_waiting", "366-540") == {north["cg400"].reference}
    assert refs("cg_waiting", backlog.OVER_A_YEAR) == {north["cg400"].reference, north["cg600"].reference}
    assert refs("reconsideration") == {north["negative"].reference}
    assert refs("support_at_risk") == {north["support"].reference}
    assert refs("hearings") == {north["rg_old"].reference}


def test_filters_narrow_the_figures(people, north):
    CaseExploitation.objects.create(case=north["rg_old"], kind="sexual")
    assert (
        backlog.backlog(people.morgan, backlog.Filters(caseworker=str(people.blake.pk)), TODAY).rg_overdue
        == 1
    )
    assert backlog.backlog(people.morgan, backlog.Filters(exploitation="sexual"), TODAY).rg_overdue == 1
    assert backlog.backlog(people.morgan, backlog.Filters(nation="SCT"), TODAY).rg_overdue == 0
    assert backlog.backlog(people.morgan, backlog.Filters(age_group="adult"), TODAY).rg_overdue == 2
    assert backlog.backlog(people.morgan, backlog.Filters(caseworker="unassigned"), TODAY).open_cases == 2


def test_the_other_teams_manager_sees_only_their_team(people, north):
    figures = backlog.backlog(people.riley, backlog.Filters(), TODAY)
    assert (figures.open_cases, figures.rg_overdue, figures.cg_waiting) == (1, 1, 0)


def test_the_query_count_does_not_grow_with_the_cases(people, login):
    client = login(people.morgan)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("backlog")).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            case = case_for(people, people.alex if i % 2 else people.blake)
            referral = ReferralFactory(case=case, submitted_on=TODAY - timedelta(days=i % 700 + 10))
            if i % 3:
                DecisionFactory(referral=referral, decided_on=referral.submitted_on + timedelta(days=4))

    add(10)
    count_queries()  # the first request of the minute also checks for expired exports
    ten = count_queries()
    add(190)
    assert count_queries() == ten


@pytest.mark.parametrize(
    ("who", "expected"), [("alex", 404), ("blake", 404), ("morgan", 200), ("riley", 200), ("sam", 404)]
)
def test_the_backlog_is_for_managers_only(people, login, who, expected):
    client = login(getattr(people, who))
    for url in (
        reverse("backlog"),
        reverse("backlog_cases") + "?figure=open",
        reverse("statistics"),
        reverse("backlog_csv") + "?figure=open",
    ):
        assert client.get(url).status_code == expected


def test_filters_update_the_page_with_htmx(people, login, north):
    response = login(people.morgan).get(
        reverse("backlog"), {"caseworker": people.blake.pk}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page  # just the figures
    assert "RG decisions overdue" in page


def test_bad_filters_are_ignored_with_a_message(people, login, north):
    response = login(people.morgan).get(reverse("backlog"), {"team": "999", "nation": "XX"})
    assert response.status_code == 200
    assert "Some filters were not valid" in response.content.decode()


def test_the_csv_holds_no_personal_data_is_safe_in_spreadsheets_and_is_audited(people, login, north):
    north["rg_old"].team.name = '=HYPERLINK("evil")'
    north["rg_old"].team.save()
    response = login(people.morgan).get(reverse("backlog_csv"), {"figure": "rg_overdue"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Case reference"
    assert {row[0] for row in rows[1:]} == {north["rg_old"].reference, north["rg_new"].reference}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    body = response.content.decode()
    assert north["rg_old"].person.given_names not in body
    assert AuditEvent.objects.filter(action=OversightAction.BACKLOG_EXPORTED, actor=people.morgan).exists()


def test_the_list_behind_a_number_offers_reassignment_and_comes_back(people, login, north):
    client = login(people.morgan)
    listing = client.get(reverse("backlog_cases"), {"figure": "unassigned"}).content.decode()
    assert north["unassigned"].reference in listing and "Reassign" in listing
    back = reverse("backlog_cases") + "?figure=unassigned"
    response = client.post(
        reverse("case_assign", args=[north["unassigned"].reference]),
        {"assignee": people.alex.pk, "next": back, "version": north["unassigned"].assignment_version},
    )
    assert response.url == back
    north["unassigned"].refresh_from_db()
    assert north["unassigned"].assignee == people.alex


def test_statistics_hide_numbers_under_five_and_round_the_rest(people, login):
    for i in range(6):
        ReferralFactory(case=case_for(people, people.alex), submitted_on=date(2025, 3, 1) + timedelta(days=i))
    ReferralFactory(
        case=case_for(people, people.alex, age_at_exploitation="child"),
        submitted_on=date(2025, 5, 1),
        age_at_referral="child",
        age_at_exploitation="child",
    )
    page = login(people.morgan).get(reverse("statistics")).content.decode()
    table = page.split("NRM referrals by age at exploitation")[-1].split("</table>")[0]  # the caption
    # 6 adults are published rounded to the nearest 5; the 1 child as "<5".
    assert '<td class="govuk-table__cell app-table-numeric">5</td>' in table
    assert "&lt;5" in table
    assert ">6<" not in table and ">7<" not in table
    assert ">1<" not in table


def test_the_figure_links_keep_the_filters(people, login, north):
    page = login(people.morgan).get(reverse("backlog"), {"caseworker": people.alex.pk}).content.decode()
    assert f"figure=rg_overdue&amp;caseworker={people.alex.pk}" in page


def test_the_case_list_without_a_figure_leads_back_to_the_figures(people, login):
    response = login(people.morgan).get(reverse("backlog_cases"))
    assert response.status_code == 302 and response["Location"] == reverse("backlog")


@pytest.mark.parametrize(
    ("decided_days_ago", "state"),
    [
        (22, "open"),  # decided 2 Nov 2026: deadline 2 Dec, 8 days left
        (
            23,
            "closing",
        ),  # decided 1 Nov: deadline 1 Dec, 7 days left (the boundary day is closing, as on the panel)
        (30, "closing"),  # deadline today
        (31, ""),  # passed
    ],
)
def test_a_reconsideration_window_closes_within_seven_days_counted_from_the_decision(
    people, decided_days_ago, state
):
    from oversight.backlog_rows import live_referral_rows, reconsideration_window

    case = case_for(people, people.alex)
    referral = ReferralFactory(case=case, submitted_on=TODAY - timedelta(days=40))
    # Served 5 days after the decision: the window still runs from the decision date.
    DecisionFactory(
        referral=referral,
        outcome="negative",
        decided_on=TODAY - timedelta(days=decided_days_ago),
        served_on=TODAY - timedelta(days=decided_days_ago - 5),
    )
    (row,) = [row for row in live_referral_rows([case]) if row["case_id"] == case.pk]
    assert reconsideration_window(row, TODAY) == state


def test_a_disqualified_case_stays_in_the_cg_backlog(people):
    from support.models import PublicOrderDisqualification

    case = case_for(people, people.alex)
    referral = ReferralFactory(case=case, submitted_on=TODAY - timedelta(days=105))
    DecisionFactory(referral=referral, decided_on=TODAY - timedelta(days=100))
    PublicOrderDisqualification.objects.create(
        referral=referral,
        decided_on=TODAY - timedelta(days=50),
        ground="public_order",
        recorded_by=people.alex,
    )
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    assert figures.cg_waiting == 1
    assert dict(figures.cg_buckets)["91-180"] == 1


def test_a_standing_disqualification_is_not_support_at_risk(people, north):
    """The north backlog's "support" case (positive CG 60 days ago, support ended 30 days ago) is
    at risk; disqualified after its RG it owes no NRM support, so no minimum: not at risk. A
    reconsideration that withdraws the disqualification makes it at risk again."""
    from support.models import PublicOrderDisqualification

    referral = north["support"].referrals.get()
    disqualification = PublicOrderDisqualification.objects.create(
        referral=referral,
        decided_on=TODAY - timedelta(days=200),
        ground="public_order",
        recorded_by=people.alex,
    )
    figures = backlog.backlog(people.morgan, backlog.Filters(), TODAY)
    assert figures.support_at_risk == 0
    assert figures.cg_waiting == 4  # still counted where it is (nothing else moves)
    disqualification.reconsideration_requested_on = TODAY - timedelta(days=190)
    disqualification.reconsideration_outcome = "overturned"
    disqualification.reconsideration_outcome_on = TODAY - timedelta(days=150)
    disqualification.save()
    assert backlog.backlog(people.morgan, backlog.Filters(), TODAY).support_at_risk == 1
