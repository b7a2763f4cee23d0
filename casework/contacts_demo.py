"""Demo contact logs: most open cases are in regular touch, some have gone quiet for weeks,
a few have never been reached; closed cases keep the contacts of their open months; now and then
a safeguarding concern. About twenty contacts a case on average (issue 18's bench: two million at
100,000 cases), written with COPY (casework/demo_copy.py). Fixed seed, so the same database comes
out every time; notes are short and name nobody."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from casework.demo_copy import insert_rows
from casework.models import Case, Contact, Membership
from casework.vocabularies import CaseStatus, ContactKind, ContactPlace, Role

SEED = 18_2026
BATCH = 1000

KINDS = {
    ContactKind.PHONE: 40,
    ContactKind.IN_PERSON: 25,
    ContactKind.MESSAGE: 15,
    ContactKind.ATTEMPTED: 10,
    ContactKind.VIDEO: 4,
    ContactKind.EMAIL: 3,
    ContactKind.THIRD_PARTY: 3,
}
NOTES = [
    "Weekly check-in. Sleeping better; worried about the decision letter.",
    "Went through the support plan together. Asked about English classes.",
    "GP appointment booked for next week; will go with her.",
    "Called the solicitor about the claim; waiting for a reply.",
    "Talked about money: the subsistence payment arrived late again.",
    "Left a voicemail as agreed. No answer.",
    "Accompanied to the police interview. Tired afterwards but calm.",
    "Housing officer called about the move-on accommodation.",
    "Anxious after a message from an unknown number; safety plan reviewed.",
    "Interpreter by phone. Explained what the reasonable grounds decision means.",
]


def _story(rng: random.Random, case: Case, today) -> list[dict]:
    """A case's contacts from its opening to today (or its closing), a few days to a few weeks
    apart; as rows for insert_rows."""
    roll = rng.random()
    if roll < 0.08:
        return []  # never reached: shows on My work
    quiet_for = rng.randint(15, 60) if roll < 0.25 else rng.randint(0, 6)  # some gone quiet lately
    first = case.opened_on + timedelta(days=rng.randint(0, 2))
    day = today - timedelta(days=quiet_for)
    if case.closed_on:
        day = min(day, case.closed_on)
    most = rng.randint(10, 42)  # however long the case has run: some workers log more than others
    contacts = []
    # Backwards from the latest contact, so the story is recent however long the case has run.
    while day >= first and len(contacts) < most:
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 15, 30, 45)))))
        at = min(at, timezone.now() - timedelta(hours=1))  # seeded before 09:00: never ahead of now
        note = rng.choice(NOTES)
        contacts.append(
            {
                "case_id": case.id,
                "happened_at": at,
                "kind": kind,
                "duration_minutes": None
                if kind == ContactKind.ATTEMPTED
                else rng.choice((10, 20, 30, 45, 60)),
                "place": ContactPlace.REMOTE
                if kind in (ContactKind.PHONE, ContactKind.VIDEO, ContactKind.MESSAGE)
                else rng.choice(ContactPlace.values),
                "interpreter_used": note.startswith("Interpreter"),
                "interpreter_language": "Albanian" if note.startswith("Interpreter") else "",
                "note": "" if kind == ContactKind.ATTEMPTED else note,
                # Only open cases have a concern waiting for a manager (a closed one's was seen).
                "safeguarding_concern": note.startswith("Anxious")
                and rng.random() < 0.5
                and not case.closed_on,
                "survivor_distressed": note.startswith("Anxious"),
                "recorded_by_id": case.created_by_id,
                "team_id": case.team_id,
            }
        )
        day -= timedelta(days=rng.choice((2, 3, 5, 7, 7, 10, 14)))
    return contacts


def _showcase_cases() -> tuple[set[int], int | None]:
    """Whatever the random stories: each demo caseworker has an open case never reached (it shows
    on My work and the case list's "not contacted"), and Alex's oldest open case has an unseen
    safeguarding concern (My work's managers' section, the morning email). Both are the oldest
    open cases, so topping the demo up (new cases come after) never moves them: a case chosen
    "never reached" in the first run would otherwise get its contacts in the next."""
    open_cases = Case.objects.filter(status=CaseStatus.OPEN, erased_at__isnull=True).order_by("id")
    concern = open_cases.filter(assignee__username="alex").values_list("pk", flat=True).first()
    never = {
        pk
        for name in ("alex", "blake", "casey")
        if (
            pk := open_cases.filter(assignee__username=name)
            .exclude(pk=concern)
            .values_list("pk", flat=True)
            .first()
        )
    }
    return never, concern


def _concern(case: Case) -> dict:
    """Yesterday's phone call that raised a concern no manager has seen yet."""
    note = next(note for note in NOTES if note.startswith("Anxious"))
    return {
        "case_id": case.id,
        "happened_at": timezone.now() - timedelta(days=1),
        "kind": ContactKind.PHONE,
        "duration_minutes": 20,
        "place": ContactPlace.REMOTE,
        "interpreter_used": False,
        "interpreter_language": "",
        "note": note,
        "safeguarding_concern": True,
        "survivor_distressed": True,
        "recorded_by_id": case.created_by_id,
        "team_id": case.team_id,
    }


def seed_contacts(*, stdout=None) -> int:
    """Contacts for every case that has none yet (idempotent: a case is seeded whole, in one
    transaction, from its own seed)."""
    today = timezone.localdate()
    recent = timezone.now() - timedelta(days=14)
    managers = dict(
        Membership.objects.confirmed()
        .filter(confirmed_role=Role.MANAGER)
        .order_by("-user_id")
        .values_list("team_id", "user_id")
    )
    pending = (
        Case.objects.filter(contacts__isnull=True, erased_at__isnull=True)
        .only("id", "team_id", "opened_on", "closed_on", "status", "created_by_id")
        .order_by("id")
    )
    never, concern_case = _showcase_cases()
    total, last_id = 0, 0
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        made = [
            row
            for case in batch
            if case.id not in never
            for row in _story(random.Random(SEED + case.id), case, today)
            + ([_concern(case)] if case.id == concern_case else [])
        ]
        for row in made:
            # A team's managers see a concern within days: only the last fortnight's still wait
            # (else every long case would carry two or three unseen, as no real team would).
            manager = managers.get(row.pop("team_id"))
            if row["safeguarding_concern"] and manager and row["happened_at"] < recent:
                row["safeguarding_seen_by_id"] = manager
                row["safeguarding_seen_at"] = row["happened_at"] + timedelta(days=1)
        with transaction.atomic():
            ids = insert_rows(Contact, made)
            insert_rows(
                Contact.staff.through,
                [
                    {"contact_id": pk, "user_id": row["recorded_by_id"]}
                    for pk, row in zip(ids, made, strict=True)
                ],
            )
        total += len(made)
        if stdout is not None and total:
            stdout.write(f"Contacts: {total}")
