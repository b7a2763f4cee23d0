"""Who a case is assigned to.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from casework.access import require_case_manager
from casework.models import Case, Membership
from casework.services import versioning
from casework.services.tasks import hand_over_lost_tasks
from casework.vocabularies import AuditAction

ASSIGNEE_NOT_IN_TEAM = "Select someone who works in the case's team."


@transaction.atomic
def case_assign(*, actor, case: Case, assignee, version: int | None = None, request=None) -> Case:
    """Assign (or, with assignee=None, unassign) a case. Managers only. `version` is the
    assignment's version when the form was opened: if another manager reassigned the case
    since, nothing is written and versioning.EditConflict says who and to whom."""
    require_case_manager(actor, case)
    if (
        assignee is not None
        and not Membership.objects.confirmed().filter(user=assignee, team=case.team).exists()
    ):
        raise ValidationError({"assignee": ASSIGNEE_NOT_IN_TEAM})

    def apply(locked, values, _changed):
        locked.assignee = values["assignee"]
        locked.save(update_fields=["assignee", "assignment_version", "updated_at"])

    def audit_extra(_locked, previous):
        earlier = previous["assignee"]
        return {"subject_user": assignee, "previous_subject_user": earlier}

    versioning.save_changes(
        actor=actor,
        kind="assignment",
        record=case,
        case=case,
        expected_version=version,
        values={"assignee": assignee},
        apply=apply,
        audit_action=AuditAction.CASE_ASSIGNED,
        audit_fields=[],
        audit_extra=audit_extra,
        request=request,
    )
    case.assignee = assignee
    # The previous assignee's open tasks on it go to the new one, unless they may still open it.
    hand_over_lost_tasks(actor=actor, case_ids=[case.pk], request=request)
    return case
