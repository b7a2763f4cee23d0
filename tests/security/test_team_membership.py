"""Access lasts only as long as team membership (security review, item 2): Blake, moved
from North to South, reads none of North's cases, by assignment or by a cover share, and is
no longer reminded about them; removing a membership unassigns and unshares, audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case, CaseShare, Membership
from casework.services.sharing import case_share
from casework.services.teams import membership_remove
from casework.vocabularies import AuditAction, Role
from tests.factories import CaseFactory, MembershipFactory, ReferralFactory
from tests.oversight.test_reminders import emails_to


@pytest.fixture
def blakes_case(people):
    """An open North case assigned to Blake, with an RG decision weeks overdue."""
    case = CaseFactory(team=people.north, assignee=people.blake, created_by=people.blake)
    ReferralFactory(case=case, submitted_on=date(2026, 10, 1))
    return case


def delete_memberships_in_sql(user, team):
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Membership._meta.db_table} WHERE user_id = %s AND team_id = %s",  # noqa: S608
            [user.pk, team.pk],
        )


def move_blake_to_south_without_cleanup(people):
    """The membership row goes, but nothing else is touched: what a raw SQL delete, an old
    backup restored over the memberships, or a bug elsewhere would leave behind. The access
    rule alone must then keep Blake out."""
    delete_memberships_in_sql(people.blake, people.north)
    MembershipFactory(user=people.blake, team=people.south, role=Role.CASEWORKER)


def test_an_assignee_who_left_the_team_sees_none_of_its_cases(people, blakes_case, login):
    move_blake_to_south_without_cleanup(people)
    assert Case.objects.get(pk=blakes_case.pk).assignee == people.blake  # stale, on purpose
    assert not Case.objects.visible_to(people.blake).filter(pk=blakes_case.pk).exists()
    client = login(people.blake)
    assert client.get(reverse("case", args=[blakes_case.reference])).status_code == 404
    assert client.get(reverse("case_edit", args=[blakes_case.reference])).status_code == 404
    assert blakes_case.reference not in client.get(reverse("case_list")).content.decode()


def test_a_cover_share_stops_when_the_colleague_leaves_the_team(people, alex_case, login):
    case_share(
        actor=people.morgan,
        case=alex_case,
        colleague=people.blake,
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    assert Case.objects.visible_to(people.blake).filter(pk=alex_case.pk).exists()
    move_blake_to_south_without_cleanup(people)
    assert CaseShare.objects.filter(user=people.blake).exists()  # stale, on purpose
    assert not Case.objects.visible_to(people.blake).filter(pk=alex_case.pk).exists()
    assert login(people.blake).get(reverse("case", args=[alex_case.reference])).status_code == 404


def test_someone_in_no_team_sees_no_case_even_if_assigned(people, blakes_case):
    for team in (people.north, people.south):
        delete_memberships_in_sql(people.blake, team)
    assert not Case.objects.visible_to(people.blake).exists()


def test_the_team_manager_still_sees_the_case(people, blakes_case):
    move_blake_to_south_without_cleanup(people)
    assert Case.objects.visible_to(people.morgan).filter(pk=blakes_case.pk).exists()


def test_reminders_follow_the_same_rule(people, blakes_case):
    day = date(2026, 11, 24)
    assert [e.kind for e in emails_to(people.blake, day)] == ["daily"]
    move_blake_to_south_without_cleanup(people)
    assert emails_to(people.blake, day) == []
    # The manager is still told: the case is still the team's.
    morgan = emails_to(people.morgan, day)
    assert blakes_case.reference in {item["reference"] for email in morgan for item in email.items}


def test_removing_a_membership_unassigns_and_unshares_with_an_audit_entry_each(
    people, blakes_case, alex_case
):
    share = case_share(
        actor=people.morgan,
        case=alex_case,
        colleague=people.blake,
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    south_case = CaseFactory(team=people.south, assignee=people.casey, created_by=people.casey)
    MembershipFactory(user=people.blake, team=people.south)
    south_own = CaseFactory(team=people.south, assignee=people.blake, created_by=people.blake)
    membership = Membership.objects.get(user=people.blake, team=people.north)

    membership_remove(actor=people.morgan, membership=membership)

    assert not Membership.objects.filter(user=people.blake, team=people.north).exists()
    blakes_case.refresh_from_db()
    assert blakes_case.assignee is None
    assert not CaseShare.objects.filter(pk=share.pk).exists()
    # Nothing outside the team moves.
    south_own.refresh_from_db()
    assert south_own.assignee == people.blake
    assert Case.objects.get(pk=south_case.pk).assignee == people.casey
    unassigned = AuditEvent.objects.get(action=AuditAction.CASE_UNASSIGNED, case=blakes_case)
    assert (unassigned.actor, unassigned.subject_user) == (people.morgan, people.blake)
    ended = AuditEvent.objects.get(action=AuditAction.CASE_SHARE_ENDED, case=alex_case)
    assert (ended.actor, ended.subject_user) == (people.morgan, people.blake)
    removed = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_REMOVED)
    assert (removed.actor, removed.subject_user, removed.case) == (people.morgan, people.blake, None)


def test_the_manager_sees_the_case_as_unassigned(people, blakes_case, login):
    membership_remove(
        actor=people.morgan, membership=Membership.objects.get(user=people.blake, team=people.north)
    )
    page = login(people.morgan).get(reverse("home")).content.decode()
    assert blakes_case.reference in page.split("Unassigned cases", 1)[1]


def test_only_a_manager_of_the_team_removes_a_member(people, blakes_case):
    membership = Membership.objects.get(user=people.blake, team=people.north)
    for actor in (people.alex, people.riley):
        with pytest.raises(PermissionDenied):
            membership_remove(actor=actor, membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_deleting_a_membership_elsewhere_also_unassigns_and_audits(people, blakes_case):
    """The admin's membership inline deletes the row itself: the same clean-up runs."""
    Membership.objects.get(user=people.blake, team=people.north).delete()
    blakes_case.refresh_from_db()
    assert blakes_case.assignee is None
    assert AuditEvent.objects.filter(action=AuditAction.CASE_UNASSIGNED, case=blakes_case).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.MEMBERSHIP_REMOVED, subject_user=people.blake
    ).exists()


def test_moving_a_membership_to_another_team_releases_the_old_teams_cases(people, blakes_case):
    """Changing the team of a membership row (the admin inline's team box) is a removal too."""
    membership = Membership.objects.get(user=people.blake, team=people.north)
    membership.team = people.south
    membership.save()
    blakes_case.refresh_from_db()
    assert blakes_case.assignee is None
    assert not Case.objects.visible_to(people.blake).filter(pk=blakes_case.pk).exists()


def test_removal_through_the_admin_unassigns(people, blakes_case, client):
    client.force_login(people.sam)
    membership = Membership.objects.get(user=people.blake, team=people.north)
    url = reverse("admin:casework_team_change", args=[people.north.pk])
    form = client.get(url)
    assert form.status_code == 200
    members = list(Membership.objects.filter(team=people.north).order_by("pk"))
    data = {
        "name": "North",
        "nation": "ENG",
        "contact_gap_days": "14",
        "memberships-TOTAL_FORMS": str(len(members) + 1),
        "memberships-INITIAL_FORMS": str(len(members)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(members):
        data |= {
            f"memberships-{index}-id": str(member.pk),
            f"memberships-{index}-team": str(people.north.pk),
            f"memberships-{index}-user": str(member.user_id),
            f"memberships-{index}-role": member.role,
        }
        if member.pk == membership.pk:
            data[f"memberships-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    blakes_case.refresh_from_db()
    assert blakes_case.assignee is None
    assert AuditEvent.objects.filter(
        action=AuditAction.MEMBERSHIP_REMOVED, subject_user=people.blake
    ).exists()
