"""The survivor's ratings of the outcomes that matter to them (issue 19 item 4): several rated at
once, their words encrypted, each outcome's chart with the same numbers in a table beside it,
corrections, the timeline, the export and erasure, and a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from support.models import OutcomeRating
from support.rules import outcomes as rules
from support.selectors.outcomes import outcome_changes, outcomes_export_section
from support.services import outcomes
from support.vocabularies import SupportAuditAction
from tests.factories import CaseFactory
from tests.support.test_nrm_views import date_fields

TODAY = timezone.localdate
OPENED = date(2020, 1, 1)


@pytest.fixture
def alex_case(alex_case):
    """Alex's case, opened long enough ago for the ratings dated in these tests."""
    alex_case.opened_on = OPENED
    alex_case.save(update_fields=["opened_on"])
    return alex_case


def rate(people, case, on, **scores):
    return outcomes.ratings_record(
        actor=people.alex,
        case=case,
        rated_on=on,
        occasion="plan_review",
        ratings=[(outcome, score, f"Words about {outcome}") for outcome, score in scores.items()],
    )


def test_one_form_records_each_outcome_rated_and_leaves_the_others(people, login, alex_case):
    client = login(people.alex)
    response = client.post(
        reverse("outcome_ratings_new", args=[alex_case.reference]),
        {
            **date_fields("rated_on", TODAY()),
            "occasion": "intake",
            "score_housing": "2",
            "words_housing": "  The room is damp  ",
            "score_safety": "4",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("case_plan", args=[alex_case.reference])
    saved = {r.outcome: (r.score, r.words, r.occasion) for r in OutcomeRating.objects.filter(case=alex_case)}
    assert saved == {"housing": (2, "The room is damp", "intake"), "safety": (4, "", "intake")}
    event = AuditEvent.objects.get(action=SupportAuditAction.OUTCOME_RATINGS_RECORDED)
    assert event.fields == ["outcome_rating"]


def test_words_without_a_rating_and_a_form_with_nothing_rated_are_refused(people, login, alex_case):
    client = login(people.alex)
    url = reverse("outcome_ratings_new", args=[alex_case.reference])
    page = client.post(
        url, {**date_fields("rated_on", TODAY()), "occasion": "intake", "words_safety": "Scared"}
    )
    assert (
        "Safety from the trafficker or abuser: choose their rating, 1 to 5, or remove their words"
        in page.content.decode()
    )
    page = client.post(url, {**date_fields("rated_on", TODAY()), "occasion": "intake"})
    assert "Rate at least one outcome" in page.content.decode()
    assert not OutcomeRating.objects.exists()


def test_the_database_refuses_a_score_outside_1_to_5_and_an_unknown_outcome(people, alex_case):
    for values in ({"score": 0}, {"score": 6}, {"outcome": "wealth"}, {"occasion": "whenever"}):
        fields = {"outcome": "housing", "score": 3, "occasion": "intake"} | values
        with pytest.raises(IntegrityError), transaction.atomic():
            OutcomeRating.objects.create(case=alex_case, rated_on=TODAY(), recorded_by=people.alex, **fields)


def test_the_survivor_s_words_are_encrypted_at_rest(people, alex_case):
    rate(people, alex_case, TODAY(), housing=3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT words FROM support_outcomerating")
        (stored,) = cursor.fetchone()
    assert "Words about" not in str(stored)
    assert OutcomeRating.objects.get().words == "Words about housing"


def test_each_outcome_has_a_chart_with_its_numbers_in_a_table_beside_it(people, login, alex_case):
    rate(people, alex_case, date(2026, 1, 5), housing=2, purpose=4)
    rate(people, alex_case, date(2026, 4, 5), housing=4)
    page = login(people.alex).get(reverse("case_plan", args=[alex_case.reference])).content.decode()
    section = page[page.index('id="outcomes-heading"') :]
    assert section.count('role="img"') == 2  # housing and purpose; the outcomes not rated have none
    assert "Secure and suitable housing: ratings over time" in section
    assert (
        "Secure and suitable housing, rated from 1 (very bad) to 5 (very good): 2 on 5 January 2026 "
        "(at a plan review), " in section
    )
    assert "4 on 5 April 2026 (at a plan review)." in section
    housing = section[section.index('id="outcome-housing"') : section.index('id="outcome-purpose"')]
    assert "<polyline" in housing
    cells = re.findall(r'<td class="govuk-table__cell app-table-numeric">\s*(\d)\s*</td>', housing)
    assert cells == ["2", "4"]
    assert "Words about housing" in housing
    assert "Safety from the trafficker" not in section


def test_the_chart_is_named_by_its_title_and_described_by_its_description(people, login, alex_case):
    rate(people, alex_case, date(2026, 1, 5), housing=2)
    page = login(people.alex).get(reverse("case_plan", args=[alex_case.reference])).content.decode()
    svg = page[page.index('class="app-outcome-chart"') :].split(">", 1)[0]
    assert 'aria-labelledby="outcome-housing-title"' in svg
    assert 'aria-describedby="outcome-housing-desc"' in svg


def test_two_ratings_of_one_outcome_on_one_day_are_both_seen_and_told_apart(people, login, alex_case):
    day = date(2025, 9, 5)
    rate(people, alex_case, day, housing=2)
    rate(people, alex_case, day, housing=4)
    points = rules.chart_points([(day, 2), (day, 4)])
    assert len({(p.x, p.y) for p in points}) == 2 and points[0].x < points[1].x  # in the order recorded
    same = rules.chart_points([(day, 3), (day, 3)])
    assert same[0].x != same[1].x
    page = login(people.alex).get(reverse("case_plan", args=[alex_case.reference])).content.decode()
    housing = page[page.index('id="outcome-housing"') :]
    svg = housing[: housing.index("</svg>")]
    assert svg.count("5 Sep 2025") == 1  # one date label under the chart, not the same one twice
    hidden = re.findall(r'Change<span class="govuk-visually-hidden">\s*(.*?)</span>', housing, re.S)
    hidden = [" ".join(text.split()) for text in hidden]
    assert hidden == [
        "the Secure and suitable housing rating 1 of 2: 5 Sep 2025, at a plan review",
        "the Secure and suitable housing rating 2 of 2: 5 Sep 2025, at a plan review",
    ]


def test_a_rating_dated_before_the_case_was_opened_is_refused(people, login, alex_case):
    alex_case.opened_on = TODAY() - timedelta(days=10)
    alex_case.save(update_fields=["opened_on"])
    page = login(people.alex).post(
        reverse("outcome_ratings_new", args=[alex_case.reference]),
        {**date_fields("rated_on", TODAY() - timedelta(days=11)), "occasion": "intake", "score_housing": "3"},
    )
    assert "the date cannot be before the case was opened" in page.content.decode()
    assert not OutcomeRating.objects.exists()
    (rating,) = rate(people, alex_case, TODAY() - timedelta(days=10), housing=3)
    with pytest.raises(ValidationError):
        outcomes.rating_change(
            actor=people.alex,
            rating=rating,
            version=rating.version,
            reason="Typo",
            rated_on=TODAY() - timedelta(days=400),
            occasion="intake",
            outcome="housing",
            score=3,
            words="",
        )


def test_each_outcome_offers_not_rated_chosen_until_a_rating_is_picked(people, login, alex_case):
    client = login(people.alex)
    url = reverse("outcome_ratings_new", args=[alex_case.reference])
    page = client.get(url).content.decode()
    housing = page[page.index('name="score_housing"') - 200 :]
    assert re.search(r'value=""[^>]*checked', housing.split("</div>", 1)[0] + housing[:600])
    assert "Not rated" in page
    response = client.post(
        url,
        {**date_fields("rated_on", TODAY()), "occasion": "intake", "score_housing": "", "score_safety": "4"},
    )
    assert response.status_code == 302
    assert list(OutcomeRating.objects.values_list("outcome", "score")) == [("safety", 4)]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "Enter the date they rated these"),
        ({"rated_on": TODAY() + timedelta(days=1)}, "The date they rated these must be today or in the past"),
        (
            {"rated_on": date(1850, 1, 1)},
            "The date they rated these must be on or after 1 April 2009, when the NRM",
        ),
        (
            {"rated_on": date(1901, 1, 1)},
            "The date they rated these must be on or after 1 April 2009, when the NRM",
        ),
        ({"rated_on_2": "26"}, "The year of the date they rated these must include 4 numbers"),
    ],
)
def test_the_ratings_form_names_each_date_in_its_messages(people, login, alex_case, values, message):
    data = {"occasion": "", "score_housing": "3"}
    if "rated_on" in values:
        data |= date_fields("rated_on", values["rated_on"])
    elif "rated_on_2" in values:
        data |= {"rated_on_0": "5", "rated_on_1": "9", "rated_on_2": values["rated_on_2"]}
    page = login(people.alex).post(reverse("outcome_ratings_new", args=[alex_case.reference]), data)
    text = page.content.decode()
    assert message in text
    assert "Select when they rated these" in text
    assert "Select when<" not in text


def test_the_chart_places_ratings_by_their_dates_and_scores():
    points = rules.chart_points([(date(2026, 1, 1), 1), (date(2026, 1, 11), 5), (date(2026, 1, 21), 3)])
    assert [p.x for p in points] == [
        rules.PLOT_LEFT,
        (rules.PLOT_LEFT + rules.PLOT_RIGHT) / 2,
        rules.PLOT_RIGHT,
    ]
    assert [p.y for p in points] == [
        rules.PLOT_BOTTOM,
        rules.PLOT_TOP,
        (rules.PLOT_TOP + rules.PLOT_BOTTOM) / 2,
    ]
    (alone,) = rules.chart_points([(date(2026, 1, 1), 3)])
    assert alone.x == (rules.PLOT_LEFT + rules.PLOT_RIGHT) / 2


def test_a_rating_is_corrected_and_deleted_with_a_reason(people, login, alex_case):
    (rating,) = rate(people, alex_case, TODAY() - timedelta(days=3), housing=2)
    client = login(people.alex)
    response = client.post(
        reverse("outcome_rating_change", args=[alex_case.reference, rating.pk]),
        {
            **date_fields("rated_on", rating.rated_on),
            "occasion": "plan_review",
            "outcome": "housing",
            "score": "3",
            "words": "Words about housing",
            "version": 1,
            "reason": "Misheard",
        },
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.score, rating.version) == (3, 2)
    response = client.post(
        reverse("outcome_rating_delete", args=[alex_case.reference, rating.pk]),
        {"version": 2, "reason": "Wrong survivor"},
    )
    assert response.status_code == 302 and not OutcomeRating.objects.exists()


def test_the_timeline_shows_each_day_s_ratings_as_scores_never_words(people, login, alex_case):
    rate(people, alex_case, TODAY() - timedelta(days=2), housing=2, safety=5)
    page = login(people.alex).get(reverse("case_timeline", args=[alex_case.reference])).content.decode()
    assert "Outcomes rated at a plan review" in page
    assert "Secure and suitable housing: 2 out of 5" in page
    assert "Words about" not in page


def test_the_export_has_every_rating_with_its_words_and_erasure_keeps_only_the_scores(people, alex_case):
    rate(people, alex_case, TODAY(), housing=2)
    (row,) = outcomes_export_section(alex_case)
    assert (row["outcome"], row["score"], row["words"]) == (
        "Secure and suitable housing",
        2,
        "Words about housing",
    )
    outcomes.outcomes_erase_personal_data(alex_case)
    assert OutcomeRating.objects.get().words == "" and OutcomeRating.objects.get().score == 2


def test_the_latest_rating_by_the_period_s_start_against_the_latest_in_it_says_improved_same_or_worse(people):
    cases = [CaseFactory(team=people.north, created_by=people.alex, opened_on=OPENED) for _ in range(4)]
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    rate(people, cases[0], date(2025, 12, 1), housing=5)  # before the period: the baseline, 5 to 4
    rate(people, cases[0], date(2026, 1, 10), housing=1)
    rate(people, cases[0], date(2026, 3, 10), housing=2)
    rate(people, cases[0], date(2026, 5, 10), housing=4)
    rate(people, cases[1], date(2026, 1, 10), housing=3)
    rate(people, cases[1], date(2026, 5, 10), housing=3)
    rate(people, cases[2], date(2026, 1, 10), housing=4)
    rate(people, cases[2], date(2026, 2, 10), housing=2)
    rate(people, cases[3], date(2026, 2, 10), housing=2)  # rated once: no change to count
    rate(people, cases[3], date(2026, 7, 10), housing=5)  # after the period
    counts = outcome_changes(type(cases[0]).objects.all(), start, end)
    assert counts["housing"] == {"improved": 0, "same": 1, "worse": 2}
    assert counts["safety"] == {"improved": 0, "same": 0, "worse": 0}


def test_the_panels_take_the_same_queries_for_one_rating_and_for_six(people, login):
    small = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=OPENED)
    large = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=OPENED)
    rate(people, small, TODAY(), housing=3)
    for i in range(6):
        rate(people, large, TODAY() - timedelta(days=30 * i), housing=1 + i % 5, safety=5 - i % 5)
    client = login(people.alex)
    client.get(reverse("case_plan", args=[small.reference]))  # the session's first request does more
    counts = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("case_plan", args=[case.reference])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
