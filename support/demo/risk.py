"""Risk demo data: open cases at every stage of risk: high risk with the review overdue, high
risk reviewed this week, medium and low (some with an earlier assessment before the current
one), and cases never assessed. Invented words, no real person."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from casework.vocabularies import CaseStatus
from support.demo.nrm import BATCH, SEED, pick
from support.models import RiskAssessment
from support.rules.risk import DEFAULT_REVIEW_DAYS
from support.vocabularies import RiskArea, RiskLevel

SHAPES = [("high_overdue", 12), ("high", 8), ("medium", 25), ("low", 25), ("never", 30)]

EVIDENCE = {
    RiskArea.RE_TRAFFICKING: "Approached twice near the hostel by people who knew her old address.",
    RiskArea.EXPLOITER_CONTACT: "Messages from an unknown number asking where he lives now.",
    RiskArea.SELF_HARM: "Said she has thought about ending her life; GP and crisis line informed.",
    RiskArea.HEALTH: "Untreated injury to the hand; waiting for a GP registration.",
    RiskArea.IMMIGRATION: "Reporting conditions; solicitor preparing further submissions.",
    RiskArea.DEBT_BONDAGE: "Says he still owes money for the journey and that his family is asked for it.",
    RiskArea.HOMELESSNESS: "Safe house placement ends in three weeks with no move-on address yet.",
    RiskArea.DOMESTIC_ABUSE: "Former partner was part of the exploitation and knows the area.",
    RiskArea.CHILDREN: "Two children abroad with relatives who were threatened.",
    RiskArea.STAFF: "Exploiters have visited the office before: meet at the partner venue.",
}
SAFETY_PLANS = [
    "Phone with a new number, kept on silent at night. Calls only from the team's numbers. "
    "If approached: go into the nearest shop and call 999. Next contact on Thursday.",
    "Stays at the safe house; does not use the old route to the town centre. "
    "Weekly call with the caseworker; crisis line number saved under a friend's name.",
    "Meets only at the partner venue, never at home. Solicitor and caseworker share contact days.",
]


def _assessment(rng, case, level, assessed_on, today):
    by = case.assignee or case.created_by
    return RiskAssessment(
        case=case,
        assessed_on=assessed_on,
        overall_level=level,
        safety_plan=rng.choice(SAFETY_PLANS) if level != RiskLevel.LOW else "",
        next_review_on=assessed_on + timedelta(days=DEFAULT_REVIEW_DAYS[level]),
        recorded_by=by,
    )


def _areas(rng, level) -> list[tuple[str, str]]:
    """The areas at the overall level (one to three) and a few below it."""
    areas = rng.sample(list(RiskArea), k=rng.randint(2, 4))
    lower = {RiskLevel.HIGH: RiskLevel.MEDIUM, RiskLevel.MEDIUM: RiskLevel.LOW, RiskLevel.LOW: RiskLevel.LOW}
    return [(area, level if i == 0 or rng.random() < 0.4 else lower[level]) for i, area in enumerate(areas)]


def _story(rng, case, today):
    """(assessment, areas) pairs for one case, oldest first."""
    shape = pick(rng, SHAPES)
    age = (today - case.opened_on).days
    if shape == "never" or age < 1:
        return []
    if shape == "high_overdue" and age >= 12:
        assessed = today - timedelta(days=rng.randint(10, min(age, 30)))
        level = RiskLevel.HIGH
    elif shape.startswith("high"):
        assessed, level = today - timedelta(days=rng.randint(0, min(age, 5))), RiskLevel.HIGH
    else:
        level = RiskLevel(shape)
        assessed = today - timedelta(days=rng.randint(0, min(age, DEFAULT_REVIEW_DAYS[level] - 1)))
    story = []
    earlier = assessed - timedelta(days=rng.randint(20, 60))
    if level != RiskLevel.HIGH and earlier >= case.opened_on and rng.random() < 0.5:
        story.append((_assessment(rng, case, RiskLevel.HIGH, earlier, today), _areas(rng, RiskLevel.HIGH)))
    story.append((_assessment(rng, case, level, assessed, today), _areas(rng, level)))
    return story


def seed_risk(*, stdout=None) -> int:
    """Idempotent: open cases with no assessment get one (or stay never assessed, by their
    seeded shape); 0 once every open case has been through."""
    if RiskAssessment.objects.exists():
        return 0
    today = timezone.localdate()
    pending = (
        Case.objects.filter(status=CaseStatus.OPEN).select_related("assignee", "created_by").order_by("id")
    )
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            break
        last_id = batch[-1].id
        stories = []
        for case in batch:
            rng = random.Random(SEED * 11 + case.id)  # noqa: S311 (the same demo every time, not security)
            stories += _story(rng, case, today)
        for assessment, areas in stories:
            assessment.areas = {area: {"level": level, "evidence": EVIDENCE[area]} for area, level in areas}
        with transaction.atomic():
            made = RiskAssessment.objects.bulk_create([assessment for assessment, _ in stories])
        total += len(made)
    if stdout is not None:
        stdout.write(f"{total} risk assessments\n")
    return total
