"""Demo tasks at every stage: done, cancelled, open and due soon, open and overdue (on "My work",
in the morning email and the backlog). About three a case on average (issue 18's bench: three
hundred thousand at 100,000 cases), written with COPY (casework/demo_copy.py). Fixed seed; titles
are short and name nobody."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.demo_copy import insert_rows
from casework.models import Case, Membership, Task
from casework.vocabularies import CaseStatus, Role, TaskStatus

SEED = 18_2027
BATCH = 2000

TITLES = [
    "Chase the reasonable grounds decision",
    "Book an interpreter for the next visit",
    "Send the GP registration form",
    "Follow up the housing referral",
    "Check the subsistence payment arrived",
    "Ask the solicitor about the claim",
    "Review the risk assessment",
    "Arrange English classes",
    "Prepare for the police interview",
    "Renew the travel pass",
]
DETAILS = ["", "", "", "Agreed at the last visit.", "She asked for a call first.", "Needs the letter copied."]
CLOSED_REASON = "The case was closed"


def _tasks(rng: random.Random, case: Case, today, owner) -> list[dict]:
    """Nought to six tasks: on a closed case all finished; on an open one some done, now and then
    one cancelled, and open ones due from three weeks ago (overdue) to a month ahead."""
    rows = []
    if owner is None:
        return rows
    end = case.closed_on or today
    for _ in range(rng.randint(0, 6)):
        span = max((end - case.opened_on).days, 1)
        due = case.opened_on + timedelta(days=rng.randint(1, span + 7))
        row = {
            "case_id": case.id,
            "title": rng.choice(TITLES),
            "details": rng.choice(DETAILS),
            "assignee_id": owner,
            "created_by_id": case.created_by_id,
            "due_on": due,
            "status": TaskStatus.DONE,
        }
        roll = rng.random()
        if case.closed_on:
            if roll < 0.2:
                row |= {
                    "status": TaskStatus.CANCELLED,
                    "cancel_reason": CLOSED_REASON,
                    "cancelled_on": case.closed_on,
                }
            else:
                row["done_on"] = min(due, case.closed_on)
        elif roll < 0.45:
            row["done_on"] = min(due, today)
        elif roll < 0.55:
            row |= {
                "status": TaskStatus.CANCELLED,
                "cancel_reason": "No longer needed",
                "cancelled_on": min(due, today),
            }
        else:
            row |= {"status": TaskStatus.OPEN, "due_on": today + timedelta(days=rng.randint(-21, 30))}
        rows.append(row)
    return rows


def _showcase(case: Case, today, owner: int, manager: int | None) -> list[dict]:
    """Alex's oldest open case shows a task at every stage, one given to the team's manager."""
    base = {"case_id": case.id, "details": "", "created_by_id": case.created_by_id, "assignee_id": owner}
    open_task = {**base, "status": TaskStatus.OPEN}
    return [
        {**open_task, "title": "Chase the reasonable grounds decision", "due_on": today - timedelta(days=3)},
        {**open_task, "title": "Book an interpreter for the next visit", "due_on": today},
        {**open_task, "title": "Send the GP registration form", "due_on": today + timedelta(days=4)},
        {
            **open_task,
            "title": "Review the risk assessment",
            "due_on": today + timedelta(days=2),
            "assignee_id": manager or owner,
        },
        {
            **base,
            "title": "Renew the travel pass",
            "status": TaskStatus.DONE,
            "due_on": today,
            "done_on": today,
        },
        {
            **base,
            "title": "Arrange English classes",
            "status": TaskStatus.CANCELLED,
            "due_on": today,
            "cancel_reason": "No longer needed",
            "cancelled_on": today,
        },
    ]


def seed_tasks(*, stdout=None) -> int:
    """Tasks for every case that has none yet (idempotent: each case seeded whole from its own
    seed; a case drawn nought tasks is drawn nought again)."""
    today = timezone.localdate()
    # The case's caseworker, or for an unassigned case a manager of its team: people who may see it.
    managers = dict(
        Membership.objects.confirmed()
        .filter(confirmed_role=Role.MANAGER)
        .order_by("-user_id")
        .values_list("team_id", "user_id")
    )
    pending = (
        Case.objects.filter(tasks__isnull=True, erased_at__isnull=True)
        .only("id", "team_id", "opened_on", "closed_on", "assignee_id", "created_by_id")
        .order_by("id")
    )
    showcase = (
        Case.objects.filter(assignee__username="alex", status=CaseStatus.OPEN, erased_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        made = [
            row
            for case in batch
            for row in (
                _showcase(case, today, case.assignee_id, managers.get(case.team_id))
                if case.id == showcase
                else _tasks(
                    random.Random(SEED + case.id), case, today, case.assignee_id or managers.get(case.team_id)
                )
            )
        ]
        with transaction.atomic():
            insert_rows(Task, made)
        total += len(made)
        if stdout is not None and total:
            stdout.write(f"Tasks: {total}")
