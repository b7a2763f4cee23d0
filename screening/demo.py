"""Screening demo data: interviews at every stage (completed, in progress, left in draft,
stopped), with made-up answers."""

import json
import random
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from screening.models import ScreeningInterview
from screening.questions import CURRENT_VERSION, questionnaire
from screening.vocabularies import InterviewOutcome, InterviewStatus, StopReason

SEED = 42_2026
BATCH = 2000
STAGES = [("none", 35), ("completed", 45), ("draft_recent", 8), ("draft_stale", 6), ("stopped", 6)]
PHRASES = [
    "Met through a friend of the family",
    "Promised work in a restaurant",
    "Travelled by coach, then by car",
    "Worked long hours for no pay",
    "Kept in a shared house with others",
    "Documents taken on arrival",
    "Left with help from a neighbour",
    "Worried about family at home",
]


def _answers(rng, case, sections):
    answers = {}
    for section in sections:
        values = {}
        for question in section.questions:
            if question.kind == "date":
                values[question.key] = (case.opened_on + timedelta(days=rng.randint(0, 10))).isoformat()
            elif question.kind == "yes_no":
                values[question.key] = "yes" if question.required or rng.random() < 0.6 else "no"
            elif question.kind == "choice":
                values[question.key] = rng.choice(question.choices)[0]
            elif question.kind == "indicators":
                picked = rng.sample(question.choices, k=rng.randint(1, 3))
                values[question.key] = {code: rng.choice(PHRASES) for code, _label in picked}
            else:
                values[question.key] = rng.choice(PHRASES)
        answers[section.slug] = values
    return answers


def seed_screening(*, stdout=None) -> int:
    """Interviews for cases that have none yet (idempotent)."""
    sections = questionnaire(CURRENT_VERSION).sections
    now = timezone.now()
    pending = (
        Case.objects.filter(screening_interviews__isnull=True).select_related("created_by").order_by("id")
    )
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        made, ages = [], []
        for case in batch:
            rng = random.Random(SEED + case.id)
            stage = rng.choices([s for s, _w in STAGES], weights=[w for _s, w in STAGES])[0]
            if stage == "none":
                continue
            answers = _answers(rng, case, sections)
            interview = ScreeningInterview(case=case, version=CURRENT_VERSION, started_by=case.created_by)
            if stage == "completed":
                interview.status = InterviewStatus.COMPLETED
                interview.completed_at = now
                interview.outcome = answers["assessment"]["outcome"]
                interview.progress = {s.slug: "complete" for s in sections}
            else:
                done = sections[: rng.randint(2, len(sections) - 1)]
                answers = {s.slug: answers[s.slug] for s in done}
                interview.progress = {s.slug: "complete" for s in done}
                if stage == "stopped":
                    interview.status = InterviewStatus.STOPPED
                    interview.stopped_at = now
                    interview.stop_reason = rng.choice(StopReason.values)
                    interview.outcome = InterviewOutcome.STOPPED
            interview.answers_json = json.dumps(answers)
            made.append(interview)
            ages.append(rng.randint(20, 60) if stage == "draft_stale" else rng.randint(0, 10))
        with transaction.atomic():
            ScreeningInterview.objects.bulk_create(made)
            by_age = defaultdict(list)
            for interview, days in zip(made, ages, strict=True):
                by_age[days].append(interview.pk)
            for days, ids in by_age.items():  # dates for the story, not "now" (one update per age)
                when = now - timedelta(days=days)
                ScreeningInterview.objects.filter(pk__in=ids).update(started_at=when, updated_at=when)
        total += len(made)
