"""NRM demo data: referrals at every stage, in batches (for `seed_demo --cases 100000`).

Each case without a referral gets a story chosen from STAGES by a seeded random number, so
the same demo always comes out: overdue RGs, long CG waits, negative decisions with the
reconsideration window open, Scottish and Northern Irish cases, children, Duty to Notify."""

import random
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from casework import clocks
from casework.models import Case, Consent
from casework.vocabularies import AgeAtExploitation, CaseStatus, ConsentDecision, ConsentPurpose, Nation
from screening.models import ScreeningInterview
from screening.vocabularies import InterviewOutcome, InterviewStatus
from support.models import Decision, PublicOrderDisqualification, Reconsideration, Referral, Withdrawal
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    DisqualificationGround,
    ExploitationAge,
    FirstResponder,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
)

SEED = 5_2026
BATCH = 2000

# (stage, weight)
STAGES = [
    ("none", 12),
    ("dtn", 6),
    ("rg_fresh", 5),
    ("rg_overdue", 7),
    ("rg_negative_window_open", 5),
    ("rg_negative_reconsidering", 3),
    ("rg_negative_closed", 3),
    ("recovery_period", 8),
    ("cg_waiting", 30),
    ("cg_positive", 8),
    ("cg_positive_old", 8),
    ("cg_negative", 3),
    ("withdrawn", 3),
    ("disqualified", 2),
]
NATIONS = [(Nation.ENGLAND, 82), (Nation.WALES, 6), (Nation.SCOTLAND, 7), (Nation.NORTHERN_IRELAND, 5)]
FROS = [
    FirstResponder.SALVATION_ARMY,
    FirstResponder.POLICE,
    FirstResponder.LOCAL_AUTHORITY,
    FirstResponder.MIGRANT_HELP,
    FirstResponder.BARNARDOS,
    FirstResponder.UKVI,
]


def pick(rng, weighted):
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


# So every caseworker's caseload shows Recovery Needs Assessments at each stage (support demo:
# RNA_STAGES), the first few of their open adult cases opened long enough ago for a CG (the RG, then
# at least 45 days) have had a positive one, in England.
POSITIVE_CG_PER_CASEWORKER = 5
OPEN_LONG_ENOUGH_FOR_A_CG = timedelta(days=120)


def _given_positive_cg(today) -> set[int]:
    """The cases given a positive CG: each caseworker's first few open adult cases (by id) opened
    long enough ago. Drawn from every case, not only those still to seed, so seeding again (which
    reaches only cases still without a referral) chooses the same cases and adds nothing."""
    eligible = (
        Case.objects.filter(
            status=CaseStatus.OPEN,
            assignee__isnull=False,
            opened_on__lte=today - OPEN_LONG_ENOUGH_FOR_A_CG,
        )
        .exclude(age_at_exploitation=AgeAtExploitation.CHILD)
        .order_by("id")
        .values_list("id", "assignee_id")
    )
    given: dict[int, int] = {}
    chosen = set()
    for case_id, assignee_id in eligible.iterator():
        if given.get(assignee_id, 0) < POSITIVE_CG_PER_CASEWORKER:
            given[assignee_id] = given.get(assignee_id, 0) + 1
            chosen.add(case_id)
    return chosen


def _story(rng, case, today, positive_cg: frozenset[int] | set[int] = frozenset()):
    """The referral and its records for one case, as unsaved objects (None for no referral).
    A case in positive_cg has had a positive CG, in England (_given_positive_cg)."""
    stage = pick(rng, STAGES)
    forced = case.id in positive_cg
    if forced and stage != "cg_positive_old":  # one whose 12 months have run stays as it was
        stage = "cg_positive"
    if stage == "none":
        return None
    child = case.age_at_exploitation == AgeAtExploitation.CHILD
    if stage == "dtn" and child:
        stage = "cg_waiting"
    if stage == "withdrawn" and child:
        stage = "cg_positive"
    nation = pick(rng, NATIONS)
    if stage == "dtn" or forced:
        nation = Nation.ENGLAND
    ages = {
        "rg_fresh": (0, 3),
        "rg_overdue": (10, 45),
        "rg_negative_window_open": (12, 30),
        "rg_negative_reconsidering": (40, 120),
        "rg_negative_closed": (90, 400),
        "recovery_period": (8, 30),
        "cg_waiting": (45, 900),
        "cg_positive": (200, 500),
        "cg_positive_old": (650, 1100),
        "cg_negative": (200, 900),
        "withdrawn": (20, 300),
        "disqualified": (60, 400),
        "dtn": (5, 600),
    }[stage]
    submitted = today - timedelta(days=rng.randint(*ages))
    submitted = max(submitted, case.opened_on - timedelta(days=rng.randint(0, 20)))
    referral = Referral(
        case=case,
        kind=ReferralKind.DUTY_TO_NOTIFY if stage == "dtn" else ReferralKind.NRM,
        submitted_on=submitted,
        first_responder=rng.choice(FROS),
        referred_by=case.created_by if rng.random() < 0.6 else None,
        age_at_referral=AgeGroup.CHILD if child else AgeGroup.ADULT,
        age_at_exploitation={
            AgeAtExploitation.ADULT: ExploitationAge.ADULT,
            AgeAtExploitation.CHILD: ExploitationAge.CHILD,
        }.get(case.age_at_exploitation, ExploitationAge.NOT_SPECIFIED),
        competent_authority=""
        if stage == "dtn"
        else (CompetentAuthority.SCA if child or rng.random() < 0.8 else CompetentAuthority.IECA),
        nation=nation,
        created_by=case.created_by,
    )
    referral.rg_due_on = clocks.rg_due(submitted, referral.working_day_calendar)  # bulk_create skips save()
    consent = None
    if not child:
        consent = Consent(
            case=case,
            purpose=ConsentPurpose.NRM_REFERRAL,
            decision=ConsentDecision.REFUSED if stage == "dtn" else ConsentDecision.GIVEN,
            decided_on=submitted,
            recorded_by=case.created_by,
        )
    records = []
    if stage in ("dtn", "rg_fresh", "rg_overdue", "withdrawn"):
        if stage == "withdrawn":
            records.append(
                Withdrawal(
                    withdrawn_on=min(today, submitted + timedelta(days=rng.randint(1, 15))),
                    recorded_by=case.created_by,
                )
            )
        return referral, consent, records
    rg_on = min(submitted + timedelta(days=rng.randint(3, 12)), today)
    negative_rg = stage.startswith("rg_negative")
    served = min(rg_on + timedelta(days=rng.randint(0, 4)), today)
    rg = Decision(
        kind=DecisionKind.RG,
        outcome=Outcome.NEGATIVE if negative_rg else Outcome.POSITIVE,
        decided_on=rg_on,
        served_on=served,
        recorded_by=case.created_by,
    )
    records.append(rg)
    if stage == "rg_negative_reconsidering":
        records.append(
            (
                "reconsider",
                rg,
                Reconsideration(
                    requested_on=min(today, served + timedelta(days=rng.randint(3, 25))),
                    recorded_by=case.created_by,
                ),
            )
        )
    if stage == "recovery_period":  # submitted 8-30 days ago, so the RG is under 30 days old
        rg.decided_on = rg.served_on = min(today, submitted + timedelta(days=rng.randint(3, 7)))
    old = stage == "cg_positive_old"  # a CG over a year ago: its 12 months have run
    if old:
        stage = "cg_positive"
    if stage in ("cg_positive", "cg_negative"):
        wait = rng.randint(120, 250) if old else rng.randint(120, 700)
        cg_on = min(rg_on + timedelta(days=wait), today - timedelta(days=rng.randint(1, 60)))
        cg_on = max(cg_on, rg_on + timedelta(days=45))
        if cg_on <= today:
            records.append(
                Decision(
                    kind=DecisionKind.CG,
                    outcome=Outcome.POSITIVE if stage == "cg_positive" else Outcome.NEGATIVE,
                    decided_on=cg_on,
                    served_on=min(today, cg_on + timedelta(days=rng.randint(0, 5))),
                    recorded_by=case.created_by,
                )
            )
    if stage == "disqualified":
        records.append(
            PublicOrderDisqualification(
                # Never ahead: the form refuses a future date (the Overview would say "Soon").
                decided_on=min(today, rg_on + timedelta(days=rng.randint(10, 50))),
                ground=DisqualificationGround.PUBLIC_ORDER,
                recorded_by=case.created_by,
            )
        )
    return referral, consent, records


def _screening_outcome(story) -> str:
    """What the screening interview concluded, as the referral that followed says: an NRM
    referral (consent given, or a child), a Duty to Notify report (an adult who did not consent),
    or none yet."""
    if story is None:
        return InterviewOutcome.NO_REFERRAL
    referral, _consent, _records = story
    return (
        InterviewOutcome.DTN_ONLY
        if referral.kind == ReferralKind.DUTY_TO_NOTIFY
        else InterviewOutcome.REFER_NRM
    )


def _agree_with_screening(outcomes: dict[int, str]) -> None:
    """The screening demo (seeded first) draws its outcome at random: make each completed
    interview's outcome, in its column and its answers, agree with the case's consent and
    referral (one query and one update for the batch)."""
    interviews = list(
        ScreeningInterview.objects.filter(case_id__in=outcomes, status=InterviewStatus.COMPLETED).only(
            "pk", "case_id", "outcome", "answers_json"
        )
    )
    field = ScreeningInterview._meta.get_field("answers_json")
    rows = []
    for interview in interviews:
        answers = interview.answers
        answers.setdefault("assessment", {})["outcome"] = outcomes[interview.case_id]
        interview.answers = answers
        # Encrypted here: bulk_update's CASE expressions would skip the field's encryption.
        token = field.get_db_prep_save(interview.answers_json, connection)
        rows.append((outcomes[interview.case_id], token, interview.pk))
    with connection.cursor() as cursor:
        table = ScreeningInterview._meta.db_table
        cursor.executemany(f'UPDATE "{table}" SET outcome = %s, answers_json = %s WHERE id = %s', rows)  # noqa: S608


def seed_nrm(*, stdout=None) -> int:
    """Give every case without a referral its NRM story. Idempotent: cases that already
    have a referral are left alone."""
    today = timezone.localdate()
    pending = Case.objects.filter(referrals__isnull=True).select_related("created_by").order_by("id")
    total = 0
    last_id = 0
    positive_cg = _given_positive_cg(today)
    while True:
        batch = list(pending.filter(id__gt=last_id)[:BATCH])
        if not batch:
            return total
        last_id = batch[-1].id
        stories, outcomes = [], {}
        for case in batch:
            rng = random.Random(SEED + case.id)  # noqa: S311 (the same demo every time, not security)
            story = _story(rng, case, today, positive_cg)
            outcomes[case.id] = _screening_outcome(story)
            if story is not None:
                stories.append(story)
        with transaction.atomic():
            Consent.objects.bulk_create([consent for _r, consent, _x in stories if consent is not None])
            for referral, consent, _records in stories:
                referral.consent = consent
            Referral.objects.bulk_create([referral for referral, _c, _x in stories])
            decisions, reconsiderations, others = [], [], []
            for referral, _c, records in stories:
                for record in records:
                    if isinstance(record, tuple):
                        _tag, decision, reconsideration = record
                        reconsiderations.append((decision, reconsideration))
                    elif isinstance(record, Decision):
                        record.referral = referral
                        decisions.append(record)
                    else:
                        record.referral = referral
                        others.append(record)
            Decision.objects.bulk_create(decisions)
            for decision, reconsideration in reconsiderations:
                reconsideration.decision = decision
                reconsideration.outcome = ReconsiderationOutcome.PENDING
            Reconsideration.objects.bulk_create([r for _d, r in reconsiderations])
            Withdrawal.objects.bulk_create([o for o in others if isinstance(o, Withdrawal)])
            PublicOrderDisqualification.objects.bulk_create(
                [o for o in others if isinstance(o, PublicOrderDisqualification)]
            )
            _agree_with_screening(outcomes)
        total += len(stories)
        if stdout is not None and total > BATCH:
            stdout.write(f"  {total} referrals")
