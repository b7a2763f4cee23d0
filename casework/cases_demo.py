"""Fake demo cases, inserted in batches so `seed_demo --cases 100000` finishes in minutes;
from 2000 cases on, spread over extra teams of made-up staff."""

import random
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from faker import Faker

from casework.audit_demo import seed_case_history
from casework.clocks import add_months
from casework.models import Case, CaseExploitation, Membership, Person, Team, User
from casework.security.crypto import name_dob_index, phone_index
from casework.vocabularies import (
    AgeAtExploitation,
    CaseStatus,
    ClosureReason,
    ExploitationType,
    Gender,
    RiskFlag,
    Role,
    WhereExploited,
)

SEED = 20261124

BATCH = 2000


# Locales for names, weighted roughly like the NRM's top nationalities (docs/domain.md, Statistics).
NATIONALITY_LOCALES = [
    ("GB", "en_GB", 30),
    ("AL", "sq_AL", 15),
    ("VN", "vi_VN", 12),
    ("ER", "en_GB", 6),
    ("SD", "ar_AA", 6),
    ("RO", "ro_RO", 6),
    ("PL", "pl_PL", 5),
    ("NG", "en_GB", 5),
    ("IN", "en_IN", 5),
    ("CN", "zh_CN", 4),
    ("UA", "uk_UA", 3),
    ("PH", "fil_PH", 3),
]


def fakers_by_locale() -> dict[str, Faker]:
    return {locale: Faker(locale) for _code, locale, _w in NATIONALITY_LOCALES}


def _random_person(rng: random.Random, fakers: dict[str, Faker], today: date):
    code, locale, _w = rng.choices(NATIONALITY_LOCALES, weights=[w for *_x, w in NATIONALITY_LOCALES])[0]
    fake = fakers[locale]
    gender = rng.choices(
        [Gender.FEMALE, Gender.MALE, Gender.TRANSGENDER_NONCONFORMING, Gender.UNKNOWN], weights=[45, 50, 2, 3]
    )[0]
    first = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
    child = rng.random() < 0.3
    age = rng.randint(14, 17) if child else rng.randint(18, 60)
    dob = None if rng.random() < 0.12 else today - timedelta(days=age * 365 + rng.randint(0, 364))
    return code, gender, first, fake.last_name(), dob, age, child


def build_case(rng, fakers, team, assignee, creator, today):
    code, gender, first, last, dob, age, child = _random_person(rng, fakers, today)
    opened = today - timedelta(days=rng.randint(0, 900))
    closed = rng.random() < 0.25 and (today - opened).days > 30
    case = Case(
        team=team,
        assignee=assignee,
        created_by=creator,
        opened_on=opened,
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        closed_on=opened + timedelta(days=rng.randint(30, (today - opened).days)) if closed else None,
        closure_reason=rng.choice(ClosureReason.values) if closed else "",
        gender=gender,
        nationalities=[code] + (["GB"] if code != "GB" and rng.random() < 0.05 else []),
        age_at_exploitation=AgeAtExploitation.CHILD
        if child
        else rng.choice([AgeAtExploitation.ADULT] * 9 + [AgeAtExploitation.UNKNOWN]),
        county_lines=child and code == "GB" and rng.random() < 0.6,
        where_exploited=rng.choice(WhereExploited.values),
    )
    if closed:
        case.retention_until = add_months(case.closed_on, 12 * settings.RETENTION_YEARS)
    fake = fakers["en_GB"]
    phone = fake.phone_number() if rng.random() < 0.8 else ""
    person = Person(
        given_names=first,
        family_name=last,
        # From the gender already drawn, not from rng: a new draw would change every story after it.
        pronouns={
            Gender.FEMALE: "she/her",
            Gender.MALE: "he/him",
            Gender.TRANSGENDER_NONCONFORMING: "they/them",
        }.get(gender, ""),
        aliases=fakers["en_GB"].first_name() if rng.random() < 0.2 else "",
        date_of_birth=dob,
        estimated_age=None if dob else age,
        languages=rng.choice(
            ["English", "Albanian", "Vietnamese", "Tigrinya", "Arabic", "Romanian", "Polish"]
        ),
        interpreter_needed=code not in ("GB", "NG") and rng.random() < 0.7,
        phone=phone,
        email=fake.email() if rng.random() < 0.3 else "",
        address=fake.address() if rng.random() < 0.7 else "",
        safe_to_call=rng.random() < 0.7,
        safe_to_text=rng.random() < 0.6,
        safe_to_leave_voicemail=rng.random() < 0.2,
        safe_contact_times=rng.choice(["", "Weekday mornings", "After 6pm", "Not at weekends"]),
        risk_flags=rng.sample(RiskFlag.values, k=rng.choice([0, 0, 1, 1, 2, 3])),
        notes=fake.paragraph(nb_sentences=3) if rng.random() < 0.5 else "",
    )
    person.name_dob_bidx = name_dob_index(first, last, dob)
    person.phone_bidx = phone_index(phone)
    kinds = rng.sample(
        [k for k in ExploitationType.values if k != ExploitationType.UNKNOWN], k=rng.choice([1, 1, 1, 2])
    )
    if child and case.county_lines:
        kinds = [ExploitationType.CRIMINAL]
    elif rng.random() < 0.08:
        kinds = [ExploitationType.UNKNOWN]
    return case, person, kinds


SCALE_FROM = 2000  # cases; below this the demo has only North and South

CASES_PER_CASEWORKER = 100

CASEWORKERS_PER_TEAM = 20


def scale_slots(count: int) -> list[tuple[Team, User]]:
    """(team, caseworker) pairs of synthetic "Team 01".."Team NN" for a large demo (idempotent).
    Their staff cannot sign in (unusable passwords); their addresses are on example domains."""
    if count < SCALE_FROM:
        return []
    caseworkers = count // CASES_PER_CASEWORKER
    slots = []
    for index in range(caseworkers):
        team, _ = Team.objects.get_or_create(name=f"Team {index // CASEWORKERS_PER_TEAM + 1:02d}")
        user, created = User.objects.get_or_create(username=f"caseworker{index + 1:04d}")
        if created:
            user.set_unusable_password()
            user.email = f"{user.username}@casework.example"  # so reminders cover them too
            user.save()
        Membership.objects.get_or_create(
            user=user, team=team, defaults={"role": Role.CASEWORKER, "confirmed_role": Role.CASEWORKER}
        )
        if index % CASEWORKERS_PER_TEAM == 0:
            manager, made = User.objects.get_or_create(
                username=f"manager{index // CASEWORKERS_PER_TEAM + 1:02d}"
            )
            if made:
                manager.set_unusable_password()
                manager.save()
            Membership.objects.get_or_create(
                user=manager, team=team, defaults={"role": Role.MANAGER, "confirmed_role": Role.MANAGER}
            )
        slots.append((team, user))
    return slots


def seed_cases(count: int, users: dict[str, User], *, stdout=None) -> int:
    """Top the demo up to `count` cases (idempotent: existing cases are kept)."""
    existing = Case.objects.count()
    wanted = count - existing
    if wanted <= 0:
        return 0
    rng = random.Random(SEED + existing)
    Faker.seed(SEED + existing)
    fakers = fakers_by_locale()
    today = timezone.localdate()
    teams = {t.name: t for t in Team.objects.filter(name__in=["North", "South"])}
    # Who carries cases: North has two caseworkers, South one; ~5% sit unassigned.
    slots = [
        (teams["North"], users["alex"]),
        (teams["North"], users["blake"]),
        (teams["South"], users["casey"]),
        (teams["South"], users["casey"]),
    ]
    # At size, a charity has many teams: add synthetic ones so that each caseworker carries a
    # realistic load (about a hundred cases) and the demo staff's pages measure what users see.
    slots += scale_slots(count)
    created = 0
    while created < wanted:
        size = min(BATCH, wanted - created)
        built = []
        for _ in range(size):
            team, worker = rng.choice(slots)
            assignee = None if rng.random() < 0.05 else worker
            built.append(build_case(rng, fakers, team, assignee, worker, today))
        with transaction.atomic():
            cases = Case.objects.bulk_create([case for case, _p, _k in built])
            persons = []
            exploitations = []
            for case, (_c, person, kinds) in zip(cases, built, strict=True):
                person.case = case
                persons.append(person)
                exploitations += [CaseExploitation(case=case, kind=kind) for kind in kinds]
            Person.objects.bulk_create(persons)
            CaseExploitation.objects.bulk_create(exploitations)
            seed_case_history(cases)  # the audit trail the services would have written
        created += size
        if stdout is not None and wanted > BATCH:
            stdout.write(f"  {existing + created} cases")
    return created
