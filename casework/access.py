"""Who may do what. The read rule itself is Case.objects.visible_to(user); these
helpers apply it to one request and add the few write rules on top of it."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from casework import audit
from casework.models import Case, CaseShare, Membership, Team
from casework.models.cases import CaseQuerySet
from casework.vocabularies import AuditAction, Role


def managed_team_ids(user: AbstractBaseUser | AnonymousUser) -> set[int]:
    return set(Team.objects.managed_by(user).values_list("pk", flat=True))


def is_manager(user: AbstractBaseUser | AnonymousUser) -> bool:
    return Team.objects.managed_by(user).exists()


def manages(user: AbstractBaseUser | AnonymousUser, case: Case) -> bool:
    return case.team_id in managed_team_ids(user)


def require_case_manager(actor: AbstractBaseUser | AnonymousUser, case: Case) -> None:
    """For the services only a manager of the case's team may run."""
    if not manages(actor, case):
        raise PermissionDenied("Only a manager of the case's team can do this.")


def get_case_for_user(
    request: HttpRequest,
    reference: str,
    queryset: CaseQuerySet | None = None,
    *,
    view: AuditAction | None = AuditAction.CASE_VIEWED,
) -> Case:
    """The case with this reference if the user may see it; otherwise 404, never 403,
    so nobody learns that a case exists. Every refusal is audited.

    Every page of a case shows some of its data (the edit form every personal field), so a
    GET is recorded here as a view (`view`, naming the page), once for every page, whoever
    writes it later; a page recording something more precise passes its own action, or None
    when it records the view itself (the export download, only once it has succeeded)."""
    queryset = queryset if queryset is not None else Case.objects.all()
    case = queryset.visible_to(request.user).filter(reference=reference).first()
    if case is None:
        refused = Case.objects.filter(reference=reference).first()
        audit.record(action=AuditAction.ACCESS_REFUSED, actor=request.user, case=refused, request=request)
        raise Http404("No case found")
    if view is not None and request.method in ("GET", "HEAD"):
        audit.record(action=view, actor=request.user, case=case, fields=_page(request), request=request)
    return case


def _page(request: HttpRequest) -> list[str]:
    match = getattr(request, "resolver_match", None)
    return [match.url_name] if match is not None and match.url_name else []


def get_managed_case_for_user(
    request: HttpRequest, reference: str, *, view: AuditAction | None = AuditAction.CASE_VIEWED
) -> Case:
    """A case the user manages (as a manager of its team); 404 otherwise, even to its
    assignee: the manager-only pages do not exist for them."""
    case = get_case_for_user(request, reference, view=None)
    if not manages(request.user, case):
        raise Http404("Not found")
    if view is not None and request.method in ("GET", "HEAD"):
        audit.record(action=view, actor=request.user, case=case, fields=_page(request), request=request)
    return case


def require_manager(request: HttpRequest) -> set[int]:
    """The ids of the teams the user manages; 404 for anyone who manages none."""
    team_ids = managed_team_ids(request.user)
    if not team_ids:
        raise Http404("Not found")
    return team_ids


@dataclass(frozen=True)
class AccessSnapshot:
    """The access rule (CaseQuerySet.visible_to) for many people and cases at once, read in two
    queries, for the passes that ask "may this person still open that case?" item by item (a
    task's reminder, My work, the backlog): a task's assignee may have lost the case since it was
    given (their cover ended, the case was reassigned, they stopped managing the team)."""

    members: frozenset[tuple[int, int]]  # (user, team): confirmed, active, not an administrator
    managers: frozenset[tuple[int, int]]  # (user, team) among those, as manager
    shares: frozenset[tuple[int, int]]  # (user, case): cover that has not expired

    def may_open(self, user_id: int | None, *, case_id: int, team_id: int, assignee_id: int | None) -> bool:
        if user_id is None or (user_id, team_id) not in self.members:
            return False
        return (
            user_id == assignee_id or (user_id, team_id) in self.managers or (user_id, case_id) in self.shares
        )


def access_snapshot(*, team_ids=None, case_ids=None, today=None) -> AccessSnapshot:
    """The memberships (of these teams, or all) and live shares (of these cases, or all) that
    the access rule reads, as visible_to() reads them: confirmed roles of active staff who are not
    administrators; a share until its end date (checked here, so an expired one stops counting
    with no job running; `today`: the day the pass is for, by default today)."""
    memberships = Membership.objects.confirmed().filter(
        user__is_active=True, user__is_staff=False, user__is_superuser=False
    )
    shares = CaseShare.objects.filter(expires_on__gte=today or timezone.localdate())
    if team_ids is not None:
        memberships = memberships.filter(team_id__in=team_ids)
    if team_ids is not None:
        shares = shares.filter(content_object__team_id__in=team_ids)
    if case_ids is not None:
        shares = shares.filter(content_object_id__in=case_ids)
    members, managers = set(), set()
    for user_id, team_id, role in memberships.values_list("user_id", "team_id", "confirmed_role"):
        members.add((user_id, team_id))
        if role == Role.MANAGER:
            managers.add((user_id, team_id))
    return AccessSnapshot(
        frozenset(members), frozenset(managers), frozenset(shares.values_list("user_id", "content_object_id"))
    )
