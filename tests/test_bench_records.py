"""The bench's top-up (scripts/bench_records.py): every case gets a support plan, a risk
assessment and three outcome ratings, encrypted as the models store them, readable by the pages,
and running it again adds nothing."""

import importlib.util
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from support.models import Goal, Need, OutcomeRating, RiskAssessment, SupportPlan
from tests.factories import CaseFactory

_spec = importlib.util.spec_from_file_location(
    "bench_records", Path(__file__).resolve().parent.parent / "scripts" / "bench_records.py"
)
assert _spec and _spec.loader
bench_records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_records)


def _cases(people):
    today = timezone.localdate()
    return [
        CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex),  # opened today
        CaseFactory(
            team=people.north,
            assignee=people.alex,
            created_by=people.alex,
            opened_on=today - timedelta(days=400),
        ),
        CaseFactory(team=people.north, created_by=people.morgan, opened_on=today - timedelta(days=30)),
    ]


def test_every_case_gets_a_plan_a_risk_assessment_and_three_ratings(people):
    cases = _cases(people)

    made = bench_records.top_up(stdout=lambda line: None)

    assert made == {"plans": 3, "risk assessments": 3, "outcome ratings": 3}
    for case in cases:
        plan = SupportPlan.objects.get(case=case)
        needs = list(Need.objects.filter(plan=plan))
        assert 2 <= len(needs) <= 4
        assert sorted(Goal.objects.filter(plan=plan).values_list("need_id", flat=True)) == sorted(
            n.pk for n in needs
        )
        assessment = RiskAssessment.objects.get(case=case)
        assert assessment.assessed_on >= case.opened_on
        assert 2 <= len(assessment.areas) <= 4
        assert {a["evidence"] for a in assessment.areas.values()} <= set(bench_records.EVIDENCE)
        assert OutcomeRating.objects.filter(case=case).count() == 3


def test_topping_up_again_adds_nothing_and_fills_only_a_new_case(people):
    _cases(people)
    bench_records.top_up(stdout=lambda line: None)
    assert bench_records.top_up(stdout=lambda line: None) == {
        "plans": 0,
        "risk assessments": 0,
        "outcome ratings": 0,
    }

    CaseFactory(team=people.south, assignee=people.blake, created_by=people.blake)

    assert bench_records.top_up(stdout=lambda line: None) == {
        "plans": 1,
        "risk assessments": 1,
        "outcome ratings": 1,
    }
    assert SupportPlan.objects.count() == Case.objects.count() == 4


def test_the_words_are_encrypted_at_rest_and_read_back_by_the_models(people):
    _cases(people)
    bench_records.top_up(stdout=lambda line: None)
    need = Need.objects.order_by("pk").first()

    with connection.cursor() as cursor:
        cursor.execute("SELECT survivor_words FROM support_need WHERE id = %s", [need.pk])
        stored = bytes(cursor.fetchone()[0])

    assert need.survivor_words in {words for _domain, words, _notes, _goal in bench_records.NEEDS}
    assert need.survivor_words.encode() not in stored


def test_the_plan_and_risk_pages_show_what_was_loaded(people, login):
    case = _cases(people)[1]
    bench_records.top_up(stdout=lambda line: None)
    client = login(people.alex)

    plan = client.get(reverse("case_plan", args=[case.reference]))
    risk = client.get(reverse("case_risk", args=[case.reference]))

    assert plan.status_code == risk.status_code == 200
    goal = Goal.objects.filter(plan__case=case).first()
    assert goal.text in plan.content.decode()
    level = RiskAssessment.objects.get(case=case).get_overall_level_display()
    assert level in risk.content.decode()
