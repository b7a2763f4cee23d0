"""Writing the audit trail. Every service calls record(); nothing else writes AuditEvent."""

from collections.abc import Iterable

from casework.models import AuditEvent


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the peer that connected; behind a proxy the deployment sets it
    # from the trusted proxy's header (gunicorn --forwarded-allow-ips), never from
    # a client-supplied header here.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,  # a code an app declared (hooks.AppHooks.audit_actions)
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
