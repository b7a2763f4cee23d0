"""Demo data for `manage.py seed_demo`: the demo staff (tests/conftest.py's personas) and
realistic fake cases. Everything is made up (Faker with a fixed seed)."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from casework import hooks
from casework.audit_demo import seed_case_history
from casework.cases_demo import SEED, build_case, fakers_by_locale, seed_cases
from casework.clocks import add_months
from casework.demo_copy import insert_rows
from casework.models import (
    AuditEvent,
    Case,
    CaseExploitation,
    CaseShare,
    DuplicateFlag,
    Membership,
    Team,
    User,
)
from casework.vocabularies import (
    AuditAction,
    CaseStatus,
    ClosureReason,
    Role,
)

STAFF = [
    # username, first name, last name, team, role
    ("alex", "Alex", "Okafor", "North", Role.CASEWORKER),
    ("blake", "Blake", "Nowak", "North", Role.CASEWORKER),
    ("morgan", "Morgan", "Price", "North", Role.MANAGER),
    ("casey", "Casey", "Ahmed", "South", Role.CASEWORKER),
    ("riley", "Riley", "Evans", "South", Role.MANAGER),
]


@dataclass
class SeedResult:
    staff: int
    cases_created: int
    cases_total: int


def seed_staff(password: str) -> dict[str, User]:
    users = {}
    for username, first, last, team_name, role in STAFF:
        team, _ = Team.objects.get_or_create(name=team_name)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        user.email = f"{username}@casework.example"
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user, team=team, defaults={"role": role, "confirmed_role": role}
        )
        users[username] = user
    admin, _ = User.objects.get_or_create(
        username="sam", defaults={"first_name": "Sam", "last_name": "Turner", "is_staff": True}
    )
    admin.email = "sam@casework.example"
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    users["sam"] = admin
    return users


def seed_shares_and_duplicates(users: dict[str, User]) -> None:
    """A live cover share, an expired one, and a possible duplicate across the teams."""
    today = timezone.localdate()
    permission = Permission.objects.get(codename="cover_case", content_type__app_label="casework")
    alex_cases = Case.objects.filter(assignee=users["alex"], status=CaseStatus.OPEN).order_by("id")
    for case, days in zip(alex_cases[:2], (14, -3), strict=False):
        _share, created = CaseShare.objects.get_or_create(
            user=users["blake"],
            content_object=case,
            permission=permission,
            defaults={"expires_on": today + timedelta(days=days), "granted_by": users["morgan"]},
        )
        if created:  # as case_share writes it, on the day cover began (a fortnight's cover)
            shared_on = max(case.opened_on, today + timedelta(days=days - 14))
            insert_rows(
                AuditEvent,
                [
                    {
                        "action": AuditAction.CASE_SHARED,
                        "actor_id": users["morgan"].pk,
                        "case_id": case.pk,
                        "subject_user_id": users["blake"].pk,
                        "fields": [],
                        "at": min(
                            timezone.make_aware(datetime.combine(shared_on, time(10, 0))),
                            timezone.now() - timedelta(hours=1),
                        ),
                    }
                ],
            )
    if DuplicateFlag.objects.exists():
        return
    north_case = Case.objects.filter(team__name="North", person__date_of_birth__isnull=False).first()
    south_case = Case.objects.filter(team__name="South").order_by("-id").first()
    if north_case and south_case:
        # The same person opened again in the other team.
        source = north_case.person
        twin = south_case.person
        twin.given_names, twin.family_name, twin.date_of_birth = (
            source.given_names,
            source.family_name,
            source.date_of_birth,
        )
        twin.name_dob_bidx = source.name_dob_bidx
        twin.save()
        DuplicateFlag.objects.create(case=south_case, matched_case=north_case)


def seed_expired_cases(users: dict[str, User]) -> None:
    """Two cases per team closed in 2018, so their retention period has run out: the
    managers' retention page and purge_expired have something to show."""
    if Case.objects.filter(opened_on__lt=date(2019, 1, 1)).exists():
        return
    rng = random.Random(SEED - 1)
    fakers = fakers_by_locale()
    today = timezone.localdate()
    for team_name, worker in (("North", "alex"), ("South", "casey")):
        team = Team.objects.get(name=team_name)
        for month in (3, 9):
            case, person, kinds = build_case(rng, fakers, team, users[worker], users[worker], today)
            case.opened_on = date(2017, month, 1)
            case.status, case.closed_on = CaseStatus.CLOSED, date(2018, month, 15)
            case.closure_reason = ClosureReason.SUPPORT_COMPLETED
            case.retention_until = add_months(case.closed_on, 12 * settings.RETENTION_YEARS)
            case.save()
            person.case = case
            person.save()
            CaseExploitation.objects.bulk_create([CaseExploitation(case=case, kind=k) for k in kinds])
            seed_case_history([case])


def seed(*, password: str, cases: int, stdout=None) -> SeedResult:
    users = seed_staff(password)
    if cases >= 4:
        seed_expired_cases(users)
    created = seed_cases(cases, users, stdout=stdout)
    seed_shares_and_duplicates(users)
    for seeder in hooks.demo_seeders():  # NRM, screening, support, justice data
        seeder(stdout=stdout)
    return SeedResult(staff=len(users), cases_created=created, cases_total=Case.objects.count())
