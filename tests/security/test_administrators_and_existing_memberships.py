"""An administrator never reaches survivor data through a team membership (code review,
finding 5): one who already held a membership when the database triggers arrived is taken
out of the team by a migration (otherwise their next sign-in failed at commit), and the
access rule refuses administrators every case even where a membership row exists (SQLite
has no triggers)."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from casework.models import AuditEvent, Case, CaseShare, Membership, User
from casework.vocabularies import Role
from tests.factories import CaseFactory


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_administrator_who_held_a_membership_is_released_and_can_still_sign_in():
    old = migrate([("casework", "0014_encrypt_consent_organisation_and_risk_flags")])
    OldUser = old.get_model("casework", "User")
    admin = OldUser.objects.create(username="former-manager", is_staff=True)
    colleague = OldUser.objects.create(username="colleague")
    team = old.get_model("casework", "Team").objects.create(name="Old team")
    Membership_ = old.get_model("casework", "Membership")
    Membership_.objects.create(user=admin, team=team, role=Role.MANAGER)
    Membership_.objects.create(user=colleague, team=team, role=Role.CASEWORKER)
    Case_ = old.get_model("casework", "Case")
    theirs = Case_.objects.create(team=team, created_by=admin, assignee=admin, reference="SC-2345-6781")
    shared = Case_.objects.create(
        team=team, created_by=colleague, assignee=colleague, reference="SC-2345-6782"
    )
    permission = old.get_model("auth", "Permission").objects.get(codename="cover_case")
    old.get_model("casework", "CaseShare").objects.create(
        user=admin,
        permission=permission,
        content_object=shared,
        expires_on=timezone.localdate() + timedelta(days=10),
        granted_by=colleague,
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # Signing in writes last_login: the UPDATE commits (no deferred trigger fails).
    with transaction.atomic():
        user = User.objects.get(pk=admin.pk)
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
    assert not Membership.objects.filter(user_id=admin.pk).exists()
    assert Membership.objects.filter(user_id=colleague.pk).exists()
    assert Case.objects.get(pk=theirs.pk).assignee_id is None
    assert not CaseShare.objects.filter(user_id=admin.pk).exists()
    assert sorted(
        AuditEvent.objects.filter(subject_user_id=admin.pk).values_list("action", "case_id", "team_id")
    ) == [
        ("case_share_ended", shared.pk, None),
        ("case_unassigned", theirs.pk, None),
        ("membership_removed", None, team.pk),
    ]


@pytest.mark.django_db
def test_an_administrator_sees_no_case_even_with_a_membership_row(people, alex_case):
    # A membership row for an administrator written where nothing checks it (SQLite has no
    # triggers; on PostgreSQL the deferred trigger would refuse it at commit).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Membership._meta.db_table} (user_id, team_id, role, confirmed_role) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)",
            [people.sam.pk, people.north.pk, Role.MANAGER, Role.MANAGER],
        )
    try:
        CaseFactory(team=people.north, assignee=people.sam, created_by=people.morgan)
        assert not Case.objects.visible_to(people.sam).exists()
        people.sam.is_staff, people.sam.is_superuser = False, True
        assert not Case.objects.visible_to(people.sam).exists()
    finally:
        # Gone before the test's end checks the deferred constraints (PostgreSQL's trigger
        # reads the rows as they are then).
        Membership.objects.filter(user=people.sam).delete()
