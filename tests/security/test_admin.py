"""Administrators manage accounts and teams and never see survivor data (issue 15, item 3):
no administrator holds a team membership, every change they make to accounts, memberships,
roles, passwords and two-factor devices is audited for the managers concerned, and the
admin's delete pages never list survivor records."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from casework.models import AuditEvent, Membership
from casework.vocabularies import AuditAction, Role
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.security.admin_forms import admin_form, submit


@pytest.fixture
def sam(people, client, settings):
    settings.MFA_REQUIRED = False
    client.force_login(people.sam)
    return client


def team_url(team):
    return reverse("admin:casework_team_change", args=[team.pk])


def user_url(user):
    return reverse("admin:casework_user_change", args=[user.pk])


def add_membership_row(data, prefix, user, team, role):
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    data[f"{prefix}-{n}-user"] = str(user.pk)
    data[f"{prefix}-{n}-team"] = str(team.pk)
    data[f"{prefix}-{n}-role"] = role
    return data


def membership_prefix(data):
    return next(key for key in data if key.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")


def test_an_administrator_cannot_make_himself_a_teams_manager(sam, people, alex_case):
    data = admin_form(sam, team_url(people.north))
    prefix = membership_prefix(data)
    response = sam.post(
        team_url(people.north), add_membership_row(data, prefix, people.sam, people.north, Role.MANAGER)
    )
    assert response.status_code == 200
    assert "An administrator cannot be a member of a team" in response.content.decode()
    assert not Membership.objects.filter(user=people.sam).exists()
    assert sam.get(reverse("case", args=[alex_case.reference])).status_code == 404


def test_an_administrator_cannot_change_his_own_roles_or_rights(sam, people):
    page = sam.get(user_url(people.sam)).content.decode()
    assert 'name="is_staff"' not in page and 'name="is_superuser"' not in page
    assert "memberships-TOTAL_FORMS" not in page
    submit(sam, user_url(people.sam), is_staff=None, is_superuser=None)
    people.sam.refresh_from_db()
    assert people.sam.is_staff and people.sam.is_superuser


def test_a_member_of_a_team_cannot_be_made_an_administrator(sam, people):
    response = submit(sam, user_url(people.blake), is_staff="on")
    assert response.status_code == 200
    assert "A member of a team cannot be an administrator" in response.content.decode()
    people.blake.refresh_from_db()
    assert not people.blake.is_staff


def test_removing_the_memberships_while_granting_rights_in_one_go_is_allowed(sam, people):
    data = admin_form(sam, user_url(people.blake))
    data["is_staff"] = "on"
    data["memberships-0-DELETE"] = "on"
    assert sam.post(user_url(people.blake), data).status_code == 302
    people.blake.refresh_from_db()
    assert people.blake.is_staff and not people.blake.memberships.exists()


@requires_postgres
def test_the_database_refuses_a_membership_for_an_administrator(people):
    # The triggers are deferred to the end of the transaction; a test runs inside one, so
    # it asks for the check at once.
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Membership.objects.create(user=people.sam, team=people.north, role=Role.MANAGER)
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    people.blake.is_staff = True
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        people.blake.save()
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_membership_changes_are_audited_for_the_managers_of_the_team(sam, people, login):
    data = admin_form(sam, team_url(people.south))
    sam.post(
        team_url(people.south),
        add_membership_row(data, membership_prefix(data), people.alex, people.south, Role.CASEWORKER),
    )
    added = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_ADDED)
    assert (added.actor, added.subject_user, added.team) == (people.sam, people.alex, people.south)
    assert added.fields == ["role"]

    data = admin_form(sam, team_url(people.north))
    row = next(k for k, v in data.items() if k.endswith("-user") and v == str(people.blake.pk)).removesuffix(
        "-user"
    )
    data[f"{row}-role"] = Role.MANAGER
    sam.post(team_url(people.north), data)
    changed = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_CHANGED)
    assert (changed.subject_user, changed.team, changed.fields) == (people.blake, people.north, ["role"])

    data = admin_form(sam, team_url(people.north))
    data[f"{row}-DELETE"] = "on"
    sam.post(team_url(people.north), data)
    removed = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_REMOVED)
    assert (removed.subject_user, removed.team) == (people.blake, people.north)

    north_audit = login(people.morgan).get(reverse("audit")).context["page"].object_list
    assert {changed, removed} <= set(north_audit)
    assert added not in north_audit
    assert added in login(people.riley).get(reverse("audit")).context["page"].object_list


def test_account_and_password_changes_are_audited_for_the_managers(sam, people, login):
    submit(sam, user_url(people.alex), is_active=None, first_name="Alexandra")
    changed = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CHANGED)
    assert (changed.actor, changed.subject_user) == (people.sam, people.alex)
    assert changed.fields == ["first_name", "is_active"]

    url = reverse("admin:auth_user_password_change", args=[people.blake.pk])
    response = sam.post(
        url,
        {
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    password = AuditEvent.objects.get(action=AuditAction.PASSWORD_SET_BY_ADMIN)
    assert (password.actor, password.subject_user) == (people.sam, people.blake)

    response = submit(
        sam,
        reverse("admin:casework_user_add"),
        username="dana",
        password1="a-new-long-passphrase",
        password2="a-new-long-passphrase",
        usable_password="true",
    )
    assert response.status_code == 302
    created = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CREATED)
    assert created.subject_user.username == "dana"

    north_audit = login(people.morgan).get(reverse("audit")).context["page"].object_list
    assert {changed, password} <= set(north_audit)


def test_renaming_a_team_is_audited_for_its_managers(sam, people, login):
    submit(sam, team_url(people.north), name="North East")
    renamed = AuditEvent.objects.get(action=AuditAction.TEAM_CHANGED)
    assert (renamed.actor, renamed.team, renamed.fields) == (people.sam, people.north, ["name"])
    assert renamed in login(people.morgan).get(reverse("audit")).context["page"].object_list


def test_a_two_factor_reset_is_visible_to_the_managers(sam, people, login):
    sam.post(
        reverse("admin:casework_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [people.alex.pk]},
    )
    reset = AuditEvent.objects.get(action=AuditAction.MFA_RESET)
    assert reset in login(people.morgan).get(reverse("audit")).context["page"].object_list
    assert reset not in login(people.riley).get(reverse("audit")).context["page"].object_list


def test_deleting_a_user_or_team_with_cases_is_refused_and_lists_no_case(sam, people, alex_case):
    for url in (
        reverse("admin:casework_user_delete", args=[people.alex.pk]),
        reverse("admin:casework_team_delete", args=[people.north.pk]),
    ):
        page = sam.get(url).content.decode()
        assert "deactivate" in page.lower()
        assert alex_case.reference not in page and "Popescu" not in page
        sam.post(url, {"post": "yes"})
    assert type(people.alex).objects.filter(pk=people.alex.pk).exists()
    assert type(people.north).objects.filter(pk=people.north.pk).exists()

    bulk = sam.post(
        reverse("admin:casework_user_changelist"),
        {"action": "delete_selected", "_selected_action": [people.alex.pk]},
    ).content.decode()
    assert alex_case.reference not in bulk and "Popescu" not in bulk


def test_an_account_with_no_history_can_still_be_deleted(sam, people):
    spare = UserFactory(username="spare")
    sam.post(reverse("admin:casework_user_delete", args=[spare.pk]), {"post": "yes"})
    assert not type(spare).objects.filter(pk=spare.pk).exists()


def test_the_admin_registers_only_staff_account_models():
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    # Not axes' failed attempts either: they hold whatever was typed as a username.
    assert registered <= {"casework.user", "casework.team", "auth.group"}
