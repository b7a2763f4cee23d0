"""Team roles: confirming, refusing, suspending and removing them, and what leaving a team releases.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.access import managed_team_ids
from casework.models import AuditEvent, Case, CaseShare, Membership, Task, Team
from casework.services.tasks import hand_over_lost_tasks
from casework.vocabularies import AuditAction, Role, TaskStatus


@transaction.atomic
def release_member_cases(*, actor, user, team_id: int, request=None) -> None:
    """Someone leaves a team: their cases in it become unassigned (the managers see them
    under "Unassigned cases") and their cover shares there end, each audited. visible_to()
    already refuses them those cases; this keeps the records saying so too."""
    cases = list(Case.objects.filter(team_id=team_id, assignee=user).select_for_update())
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(assignee=None, updated_at=timezone.now())
    for case in cases:
        audit.record(
            action=AuditAction.CASE_UNASSIGNED, actor=actor, case=case, subject_user=user, request=request
        )
    shares = list(
        CaseShare.objects.filter(user=user, content_object__team_id=team_id).select_related("content_object")
    )
    CaseShare.objects.filter(pk__in=[share.pk for share in shares]).delete()
    for share in shares:
        audit.record(
            action=AuditAction.CASE_SHARE_ENDED,
            actor=actor,
            case=share.content_object,
            subject_user=user,
            request=request,
        )
    # Their open tasks on the team's cases go to each case's assignee (none on the cases just
    # unassigned: those stay until a manager assigns the case, and the reminders go to its people).
    held = Task.objects.filter(assignee=user, case__team_id=team_id, status=TaskStatus.OPEN)
    hand_over_lost_tasks(actor=actor, case_ids=held.values("case_id"), leaving=user, request=request)
    # With the team, so its managers still see it once the person is no longer theirs.
    audit.record(
        action=AuditAction.MEMBERSHIP_REMOVED,
        actor=actor,
        subject_user=user,
        team_id=team_id,
        request=request,
    )


@transaction.atomic
def membership_remove(*, actor, membership: Membership, request=None) -> None:
    """Take someone out of a team (a manager of the team, or an administrator). The clean-up
    runs in the Membership delete signal (casework/signals.py), so a membership deleted in the
    admin is released in exactly the same way; here it is attributed to the actor."""
    if not (actor.is_staff or membership.team_id in managed_team_ids(actor)):
        raise PermissionDenied("Only a manager of the team or an administrator can do this.")
    membership.removed_by = actor
    membership.removal_request = request
    membership.delete()


def _audit_role(action, *, actor, user, team_id, request) -> None:
    # A role's change is audited on the team with the person it is about, naming the field only.
    audit.record(
        action=action, actor=actor, subject_user=user, team_id=team_id, fields=["role"], request=request
    )


MEMBERSHIP_NOT_PENDING = "This role has already been confirmed or refused."


FIRST_MANAGER_ONLY = (
    "An administrator can confirm only the first manager of a new team: a team with no cases and "
    "nobody confirmed in it yet. Every other role is confirmed by a manager of the team."
)


def _require_confirmer(actor, membership: Membership) -> None:
    # A confirmed manager of the team, never the person themself (a raised caseworker
    # cannot confirm their own raise). Administrators hold no team role, so never qualify.
    if membership.user_id == actor.pk or membership.team_id not in managed_team_ids(actor):
        raise PermissionDenied("Only another manager of the team can confirm or refuse this.")


def _locked_pending(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if not locked.is_pending:
        raise ValidationError(MEMBERSHIP_NOT_PENDING)
    return locked


def _confirm(locked: Membership, actor) -> Membership:
    locked.confirmed_role = locked.role
    locked.confirmed_by = actor
    locked.confirmed_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["confirmed_role", "confirmed_by", "confirmed_at"])
    return locked


@transaction.atomic
def membership_confirm(*, actor, membership: Membership, request=None) -> Membership:
    """A manager of the team confirms a role an administrator granted (or raised): only now
    does it give access to the team's cases."""
    _require_confirmer(actor, membership)
    locked = _confirm(_locked_pending(membership), actor)
    _audit_role(
        AuditAction.MEMBERSHIP_CONFIRMED,
        actor=actor,
        user=locked.user,
        team_id=locked.team_id,
        request=request,
    )
    return locked


@transaction.atomic
def membership_refuse(*, actor, membership: Membership, request=None) -> None:
    """A manager of the team refuses a role: a new membership is removed (through the same
    release as any removal); a raise goes back to the role that was confirmed."""
    _require_confirmer(actor, membership)
    locked = _locked_pending(membership)
    _audit_role(
        AuditAction.MEMBERSHIP_REFUSED, actor=actor, user=locked.user, team_id=locked.team_id, request=request
    )
    if locked.confirmed_role:
        locked.role = locked.confirmed_role
        locked.full_clean()
        locked.save(update_fields=["role"])
    else:
        locked.removed_by = actor
        locked.removal_request = request
        locked.delete()


def _admin_reset_since_last_sign_in(user, action) -> bool:
    events = AuditEvent.objects.filter(action=action, subject_user=user)
    if user.last_login is not None:
        events = events.filter(at__gt=user.last_login)
    return events.exists()


@transaction.atomic
def memberships_suspend_after_admin_resets(*, actor, user, request=None) -> int:
    """An administrator who has both set a person's password and reset their two-factor
    sign-in since that person last signed in could sign in as them. Their confirmed roles
    then wait, like a new grant, for a manager of each team to confirm them again (Team
    members page). A lost phone alone (two-factor reset, the person keeps their password)
    suspends nothing. Returns how many roles now wait."""
    both = _admin_reset_since_last_sign_in(
        user, AuditAction.PASSWORD_SET_BY_ADMIN
    ) and _admin_reset_since_last_sign_in(user, AuditAction.MFA_RESET)
    if not both:
        return 0
    suspended = 0
    for membership in Membership.objects.select_for_update().filter(user=user).confirmed():
        membership.confirmed_role, membership.confirmed_by, membership.confirmed_at = "", None, None
        membership.full_clean()
        membership.save(update_fields=["confirmed_role", "confirmed_by", "confirmed_at"])
        _audit_role(
            AuditAction.MEMBERSHIP_SUSPENDED,
            actor=actor,
            user=user,
            team_id=membership.team_id,
            request=request,
        )
        suspended += 1
    return suspended


@transaction.atomic
def membership_confirm_first_manager(*, actor, membership: Membership, request=None) -> Membership:
    """The one confirmation an administrator gives: the first manager of a brand new team,
    which has nobody yet who could confirm anyone. Refused once the team has anyone confirmed
    in it or any case, so it can never open existing survivor records; recorded under its
    own action, which the team's audit trail and Team members page show prominently."""
    if not actor.is_administrator:
        raise PermissionDenied(FIRST_MANAGER_ONLY)
    # The team row lock makes two administrators confirming at once take turns. No
    # confirmed member means nobody can have opened a case meanwhile (case_open needs one).
    Team.objects.select_for_update().get(pk=membership.team_id)
    locked = _locked_pending(membership)
    has_member = Membership.objects.confirmed().filter(team_id=locked.team_id).exists()
    if locked.role != Role.MANAGER or has_member or Case.objects.filter(team_id=locked.team_id).exists():
        raise ValidationError(FIRST_MANAGER_ONLY)
    _confirm(locked, actor)
    _audit_role(
        AuditAction.FIRST_MANAGER_CONFIRMED_BY_ADMIN,
        actor=actor,
        user=locked.user,
        team_id=locked.team_id,
        request=request,
    )
    return locked
