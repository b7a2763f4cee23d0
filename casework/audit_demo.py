"""The audit trail the real services would have written for the demo's cases (the case timeline
reads closures, reopenings, assignments and cover shares from it: casework/selectors/
timeline_events.py): each case opened by its caseworker (case_open makes the opener its
assignee), now and then handed to a colleague while its caseworker was away and handed back,
unassigned cases left by a manager, closures on their closing day, and the cover shares. Staff
and dates only, as the services write them: no survivor data. Written with COPY."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from casework.demo_copy import insert_rows
from casework.models import AuditEvent, Case, Membership
from casework.vocabularies import AuditAction, Role

SEED = 18_2028

CLOSED_FIELDS = ["closed_on", "closure_reason", "status"]  # as case_close records them (sorted)


def _at(day: date, hour: int, now) -> datetime:
    """A moment on a day, in working hours, never ahead of now."""
    return min(timezone.make_aware(datetime.combine(day, time(hour, 0))), now - timedelta(hours=1))


def staff_by_team(team_ids) -> tuple[dict[int, int], dict[int, list[int]]]:
    """(a manager of each team, its caseworkers): two queries, whatever the number of cases."""
    confirmed = Membership.objects.confirmed().filter(team_id__in=team_ids).order_by("user_id")
    managers = dict(confirmed.filter(confirmed_role=Role.MANAGER).values_list("team_id", "user_id"))
    workers: dict[int, list[int]] = {}
    for team_id, user_id in confirmed.filter(confirmed_role=Role.CASEWORKER).values_list(
        "team_id", "user_id"
    ):
        workers.setdefault(team_id, []).append(user_id)
    return managers, workers


def case_history_rows(
    cases: list[Case], managers: dict[int, int], workers: dict[int, list[int]]
) -> list[dict]:
    """The audit rows of newly seeded cases (as rows for insert_rows)."""
    now = timezone.now()
    rows = []
    for case in cases:
        rng = random.Random(SEED + case.pk)  # the same demo every time
        manager = managers.get(case.team_id)
        base = {"case_id": case.pk, "fields": []}
        rows.append(
            {
                **base,
                "action": AuditAction.CASE_CREATED,
                "actor_id": case.created_by_id,
                "at": _at(case.opened_on, 9, now),
            }
        )
        end = case.closed_on or timezone.localdate()
        if case.assignee_id is None:
            # The caseworker left the case to the team: a manager unassigned it a few days in.
            day = min(end, case.opened_on + timedelta(days=rng.randint(1, 20)))
            rows.append(
                {
                    **base,
                    "action": AuditAction.CASE_ASSIGNED,
                    "actor_id": manager,
                    "previous_subject_user_id": case.created_by_id,
                    "at": _at(day, 11, now),
                }
            )
        else:
            colleagues = [u for u in workers.get(case.team_id, []) if u != case.assignee_id]
            span = (end - case.opened_on).days
            if colleagues and span > 60 and rng.random() < 0.3:
                # Away for a few weeks: handed to a colleague, then back.
                away = case.opened_on + timedelta(days=rng.randint(10, span - 40))
                back = away + timedelta(days=rng.randint(14, 30))
                cover = rng.choice(colleagues)
                for day, subject, before in (
                    (away, cover, case.assignee_id),
                    (back, case.assignee_id, cover),
                ):
                    rows.append(
                        {
                            **base,
                            "action": AuditAction.CASE_ASSIGNED,
                            "actor_id": manager,
                            "subject_user_id": subject,
                            "previous_subject_user_id": before,
                            "at": _at(day, 10, now),
                        }
                    )
        if case.closed_on is not None:
            rows.append(
                {
                    **base,
                    "action": AuditAction.CASE_CLOSED,
                    "actor_id": case.assignee_id or manager,
                    "fields": CLOSED_FIELDS,
                    "at": _at(case.closed_on, 16, now),
                }
            )
    return rows


def seed_case_history(cases: list[Case]) -> int:
    """Write the history of newly created cases."""
    managers, workers = staff_by_team({case.team_id for case in cases})
    return len(insert_rows(AuditEvent, case_history_rows(cases, managers, workers)))
