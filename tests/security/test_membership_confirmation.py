"""A role an administrator grants gives no access to any case until a manager of the team
confirms it: an administrator who creates an account, gives it a team role and signs in as
it reads nothing. The first manager of a brand new team (no cases, nobody confirmed yet) is
the one confirmation an administrator may give, and it is flagged to the team's managers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casework.models import AuditEvent, Case, Membership
from casework.services.teams import membership_confirm, membership_confirm_first_manager, membership_refuse
from casework.vocabularies import AuditAction, Role
from tests.factories import CaseFactory, MembershipFactory, TeamFactory, UserFactory
from tests.security.admin_forms import admin_form
from tests.security.test_admin import add_membership_row, membership_prefix, team_url


@pytest.fixture
def sam(people, client, settings):
    settings.MFA_REQUIRED = False
    client.force_login(people.sam)
    return client


@pytest.fixture
def north_cases(people):
    return [
        CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex),
        CaseFactory(team=people.north, assignee=people.blake, created_by=people.blake),
    ]


def grant_in_admin(sam, user, team, role):
    """What an administrator does: the team's page in the admin, one more membership row."""
    data = admin_form(sam, team_url(team))
    data = add_membership_row(data, membership_prefix(data), user, team, role)
    assert sam.post(team_url(team), data).status_code == 302
    return Membership.objects.get(user=user, team=team)


def confirm_page(client, membership, action="confirm"):
    return client.post(reverse(f"membership_{action}", args=[membership.pk]))


def test_an_account_an_administrator_makes_a_manager_reads_no_case_until_a_manager_confirms(
    sam, people, north_cases, login
):
    mallory = UserFactory(username="mallory")
    membership = grant_in_admin(sam, mallory, people.north, Role.MANAGER)
    assert membership.is_pending and membership.confirmed_role == ""

    assert not Case.objects.visible_to(mallory).exists()
    client = login(mallory)
    for case in north_cases:
        assert client.get(reverse("case", args=[case.reference])).status_code == 404
    assert client.get(reverse("team_members")).status_code == 404  # not a manager yet either
    assert north_cases[0].reference not in client.get(reverse("case_list")).content.decode()

    page = login(people.morgan).get(reverse("team_members")).content.decode()
    assert "mallory" in page and "No access to any case" in page
    assert confirm_page(login(people.morgan), membership).status_code == 302

    assert set(Case.objects.visible_to(mallory)) == set(north_cases)
    membership.refresh_from_db()
    assert membership.confirmed_by == people.morgan and membership.confirmed_at is not None
    assert AuditEvent.objects.filter(
        action=AuditAction.MEMBERSHIP_CONFIRMED,
        actor=people.morgan,
        subject_user=mallory,
        team=people.north,
        fields=["role"],
    ).exists()


def test_a_role_raised_by_an_administrator_keeps_the_caseworkers_access_until_confirmed(
    people, north_cases, login
):
    blakes = Membership.objects.get(user=people.blake, team=people.north)
    blakes.role = Role.MANAGER  # what the admin's role box does
    blakes.save()
    blakes.refresh_from_db()
    assert blakes.confirmed_role == Role.CASEWORKER
    assert list(Case.objects.visible_to(people.blake)) == [north_cases[1]]  # own case only

    # Blake cannot confirm his own raise; another team's manager cannot either.
    assert confirm_page(login(people.blake), blakes).status_code == 404
    assert confirm_page(login(people.riley), blakes).status_code == 404
    with pytest.raises(PermissionDenied):
        membership_confirm(actor=people.blake, membership=blakes)
    assert "Another manager of the team confirms this" not in login(people.blake).get("/").content.decode()

    confirm_page(login(people.morgan), blakes)
    assert set(Case.objects.visible_to(people.blake)) == set(north_cases)


def test_lowering_a_role_needs_no_confirmation(people, north_cases):
    morgans = Membership.objects.get(user=people.morgan, team=people.north)
    morgans.role = Role.CASEWORKER
    morgans.save()
    morgans.refresh_from_db()
    assert morgans.confirmed_role == Role.CASEWORKER and not morgans.is_pending
    assert not Case.objects.visible_to(people.morgan).exists()


def test_a_membership_moved_to_another_person_or_team_must_be_confirmed_again(people, alex_case):
    alexs = Membership.objects.get(user=people.alex, team=people.north)
    alexs.team = people.south  # the admin inline's team box
    alexs.save()
    alexs.refresh_from_db()
    assert alexs.confirmed_role == "" and alexs.confirmed_by is None
    caseys = Membership.objects.get(user=people.casey, team=people.south)
    mallory = UserFactory(username="mallory")
    caseys.user = mallory  # the team page's person box, on a confirmed row
    caseys.save()
    assert not Case.objects.visible_to(mallory).exists()
    assert Membership.objects.get(pk=caseys.pk).confirmed_role == ""


def test_refusing_a_new_membership_removes_it_and_refusing_a_raise_restores_the_role(people, login):
    mallory = UserFactory(username="mallory")
    new = MembershipFactory(user=mallory, team=people.north, role=Role.MANAGER, confirmed_role="")
    assert confirm_page(login(people.morgan), new, "refuse").status_code == 302
    assert not Membership.objects.filter(pk=new.pk).exists()

    blakes = Membership.objects.get(user=people.blake, team=people.north)
    blakes.role = Role.MANAGER
    blakes.save()
    confirm_page(login(people.morgan), blakes, "refuse")
    blakes.refresh_from_db()
    assert (blakes.role, blakes.confirmed_role) == (Role.CASEWORKER, Role.CASEWORKER)
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.MEMBERSHIP_REFUSED, actor=people.morgan, team=people.north
        ).count()
        == 2
    )
    # Nothing is left to confirm or refuse twice.
    assert confirm_page(login(people.morgan), blakes).status_code == 404
    with pytest.raises(ValidationError):
        membership_refuse(actor=people.morgan, membership=blakes)


def test_only_managers_see_the_team_members_page_and_only_their_teams(people, login):
    mallory = UserFactory(username="mallory")
    MembershipFactory(user=mallory, team=people.south, confirmed_role="")
    assert login(people.alex).get(reverse("team_members")).status_code == 404
    assert login(people.sam).get(reverse("team_members")).status_code == 404
    north = login(people.morgan).get(reverse("team_members")).content.decode()
    assert "mallory" not in north and "alex" in north
    assert "mallory" in login(people.riley).get(reverse("team_members")).content.decode()


def test_a_manager_confirmed_with_an_unconfirmed_membership_elsewhere_has_no_access_there(people):
    # An administrator cannot use a confirmed manager's account to widen its reach either.
    riley_in_north = MembershipFactory(
        user=people.riley, team=people.north, role=Role.MANAGER, confirmed_role=""
    )
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    assert not Case.objects.visible_to(people.riley).filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        membership_confirm(actor=people.riley, membership=riley_in_north)


def test_an_administrator_confirms_the_first_manager_of_a_brand_new_team_flagged_to_its_managers(
    sam, people, login
):
    east = TeamFactory(name="East")
    dana = UserFactory(username="dana")
    grant_in_admin(sam, dana, east, Role.MANAGER)
    response = sam.post(
        reverse("admin:casework_team_changelist"),
        {"action": "confirm_first_manager", "_selected_action": [east.pk]},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=dana, team=east).confirmed_role == Role.MANAGER
    assert AuditEvent.objects.filter(
        action=AuditAction.FIRST_MANAGER_CONFIRMED_BY_ADMIN, actor=people.sam, subject_user=dana, team=east
    ).exists()
    client = login(dana)
    page = client.get(reverse("team_members")).content.decode()
    assert "was confirmed as the first manager of East by the administrator sam" in page
    assert "Administrator" in client.get(reverse("audit")).content.decode()


def test_an_administrator_cannot_confirm_a_manager_for_a_team_with_cases_or_confirmed_members(
    sam, people, north_cases
):
    mallory = UserFactory(username="mallory")
    north = MembershipFactory(user=mallory, team=people.north, role=Role.MANAGER, confirmed_role="")
    with pytest.raises(ValidationError):
        membership_confirm_first_manager(actor=people.sam, membership=north)

    # A team whose managers all left but which has cases: still refused.
    west = TeamFactory(name="West")
    CaseFactory(team=west, created_by=people.alex)
    west_manager = MembershipFactory(user=UserFactory(), team=west, role=Role.MANAGER, confirmed_role="")
    with pytest.raises(ValidationError):
        membership_confirm_first_manager(actor=people.sam, membership=west_manager)

    # A new team that already has a confirmed member: its manager confirms, not the administrator.
    east = TeamFactory(name="East")
    MembershipFactory(user=UserFactory(), team=east, role=Role.CASEWORKER)
    east_manager = MembershipFactory(user=UserFactory(), team=east, role=Role.MANAGER, confirmed_role="")
    response = sam.post(
        reverse("admin:casework_team_changelist"),
        {"action": "confirm_first_manager", "_selected_action": [east.pk]},
        follow=True,
    )
    assert "An administrator can confirm only the first manager of a new team" in response.content.decode()
    assert Membership.objects.get(pk=east_manager.pk).confirmed_role == ""
    assert Membership.objects.get(pk=north.pk).confirmed_role == ""
    assert not AuditEvent.objects.filter(action=AuditAction.FIRST_MANAGER_CONFIRMED_BY_ADMIN).exists()
    # And a manager cannot use the administrator's way round.
    with pytest.raises(PermissionDenied):
        membership_confirm_first_manager(actor=people.morgan, membership=north)


def test_the_admin_shows_whether_a_role_is_confirmed(sam, people):
    mallory = UserFactory(username="mallory")
    MembershipFactory(user=mallory, team=people.north, role=Role.MANAGER, confirmed_role="")
    page = sam.get(team_url(people.north)).content.decode()
    assert "no access to any case until a manager of the team confirms it" in page


def test_a_member_waiting_for_confirmation_is_not_offered_for_cases_and_cannot_open_one(
    people, alex_case, login
):
    mallory = UserFactory(username="mallory", first_name="Mallory")
    MembershipFactory(user=mallory, team=people.north, confirmed_role="")
    manager = login(people.morgan)
    assert "Mallory" not in manager.get(reverse("case_assign", args=[alex_case.reference])).content.decode()
    assert "Mallory" not in manager.get(reverse("case_share", args=[alex_case.reference])).content.decode()
    assert login(mallory).get(reverse("case_new")).status_code == 404


def set_password_in_admin(sam, user):
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    data = {
        "password1": "a-new-long-passphrase",
        "password2": "a-new-long-passphrase",
        "usable_password": "true",
    }
    assert sam.post(url, data).status_code == 302


def reset_two_factor_in_admin(sam, user):
    changelist = reverse("admin:casework_user_changelist")
    sam.post(changelist, {"action": "reset_two_factor", "_selected_action": [user.pk]})


@pytest.mark.parametrize("order", ["password first", "two-factor first"])
def test_an_administrator_who_resets_both_password_and_two_factor_cannot_sign_in_as_a_manager(
    sam, people, north_cases, order
):
    # The takeover: Sam sets Morgan's password and removes her authenticator, then could
    # sign in as her and set up his own. Her role must wait for another manager first.
    steps = [set_password_in_admin, reset_two_factor_in_admin]
    for step in steps if order == "password first" else reversed(steps):
        step(sam, people.morgan)

    assert not Case.objects.visible_to(people.morgan).exists()
    membership = Membership.objects.get(user=people.morgan, team=people.north)
    assert membership.confirmed_role == "" and membership.role == Role.MANAGER
    suspended = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_SUSPENDED)
    assert (suspended.actor, suspended.subject_user, suspended.team) == (
        people.sam,
        people.morgan,
        people.north,
    )


def test_a_lost_phone_alone_keeps_the_persons_access(sam, people, north_cases):
    reset_two_factor_in_admin(sam, people.alex)

    assert Case.objects.visible_to(people.alex).count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_SUSPENDED).exists()


def test_resets_before_the_persons_own_sign_in_do_not_add_up(sam, people, north_cases):
    from django.utils import timezone

    set_password_in_admin(sam, people.alex)
    people.alex.last_login = timezone.now()  # Alex signed in with the new password and her phone
    people.alex.save(update_fields=["last_login"])
    reset_two_factor_in_admin(sam, people.alex)

    assert Case.objects.visible_to(people.alex).count() == 1


def test_a_suspended_role_is_confirmed_again_by_another_manager(sam, people, north_cases):
    second = UserFactory(username="nia")
    MembershipFactory(user=second, team=people.north, role=Role.MANAGER)
    set_password_in_admin(sam, people.morgan)
    reset_two_factor_in_admin(sam, people.morgan)

    membership_confirm(actor=second, membership=Membership.objects.get(user=people.morgan, team=people.north))

    assert Case.objects.visible_to(people.morgan).count() == 2
