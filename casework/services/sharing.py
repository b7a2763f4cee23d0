"""Cover: a manager lets a colleague in the case's team work on a case for a while.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from datetime import date

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.access import require_case_manager
from casework.models import Case, CaseShare, Membership
from casework.services.tasks import hand_over_lost_tasks
from casework.vocabularies import AuditAction

SHARE_END_IN_PAST = "The cover must end today or later."

SHARE_END_TOO_FAR = "Cover can last up to 90 days. Share it again to extend it."

SHARE_WITH_ASSIGNEE = "The case is already assigned to this person."

SHARE_NOT_IN_TEAM = "Choose a colleague who works in the case's team."

MAX_SHARE_DAYS = 90


@transaction.atomic
def case_share(*, actor, case: Case, colleague, expires_on: date, request=None) -> CaseShare:
    """Let a colleague in the case's team work on it until `expires_on` (inclusive).
    Sharing again with the same colleague moves the end date."""
    require_case_manager(actor, case)
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": SHARE_END_IN_PAST})
    if (expires_on - today).days > MAX_SHARE_DAYS:
        raise ValidationError({"expires_on": SHARE_END_TOO_FAR})
    if colleague.pk == case.assignee_id:
        raise ValidationError({"colleague": SHARE_WITH_ASSIGNEE})
    if not Membership.objects.confirmed().filter(user=colleague, team=case.team).exists():
        raise ValidationError({"colleague": SHARE_NOT_IN_TEAM})
    share, _created = CaseShare.objects.update_or_create(
        user=colleague,
        content_object=case,
        permission=_cover_permission(),
        defaults={"expires_on": expires_on, "granted_by": actor},
    )
    audit.record(
        action=AuditAction.CASE_SHARED, actor=actor, case=case, subject_user=colleague, request=request
    )
    return share


@transaction.atomic
def case_share_end(*, actor, share: CaseShare, request=None) -> None:
    case = share.content_object
    require_case_manager(actor, case)
    colleague = share.user
    share.delete()
    audit.record(
        action=AuditAction.CASE_SHARE_ENDED, actor=actor, case=case, subject_user=colleague, request=request
    )
    # Their open tasks on it go to its assignee, unless they may still open it (as a manager).
    hand_over_lost_tasks(actor=actor, case_ids=[case.pk], request=request)


def _cover_permission() -> Permission:
    return Permission.objects.get(codename="cover_case", content_type__app_label="casework")
