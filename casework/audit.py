"""Writing the audit trail. Every service calls record(); nothing else writes AuditEvent."""

from collections.abc import Iterable

from casework.models import AuditEvent
from casework.vocabularies import AuditAction
from justice.models import MilestoneKind


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the peer that connected; behind a proxy the deployment sets it
    # from the trusted proxy's header (gunicorn --forwarded-allow-ips), never from
    # a client-supplied header here.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: AuditAction,
    actor=None,
    case=None,
    subject_user=None,
    previous_subject_user=None,
    team=None,
    team_id=None,
    fields: Iterable[str] = (),
    request=None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        case=case,
        subject_user=subject_user,
        previous_subject_user=previous_subject_user,
        team_id=team.pk if team is not None else team_id,
        fields=sorted(fields),
        ip_address=client_ip(request),
    )


# One action covers every record of the criminal-justice journey; the record it names says
# which, in the words a manager reads on the audit page.
_JUSTICE_RECORDS = {
    "proceeding": "Recorded a criminal proceeding",
    "claim": "Recorded a compensation claim",
    "engagement": "Recorded the survivor's engagement",
}


def action_words(event: AuditEvent) -> str:
    """What happened, in words: the action's label, made exact where one action covers
    several kinds of record."""
    if event.action == AuditAction.JUSTICE_RECORDED and event.fields:
        first = event.fields[0]
        if first in _JUSTICE_RECORDS:
            return _JUSTICE_RECORDS[first]
        if first in MilestoneKind.values:
            return "Recorded a step in a proceeding"
    return event.get_action_display()
