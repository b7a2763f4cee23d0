"""A case's history of changes and corrections (the RecordRevisions versioning writes): as
people read it, in the subject access export, and removed at the end of retention."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from casework import audit
from casework.models.revisions import RecordRevision
from casework.services.record_kinds import KINDS
from casework.ui.dates import long_date
from casework.vocabularies import AuditAction, RevisionChange

VALUES_REMOVED = "The earlier values were removed: they had been entered on the wrong case."


@dataclass(frozen=True)
class HistoryRow:
    id: int
    title: str
    change: str
    changes: list  # (label, earlier value as text)
    reason: str
    by: str
    at: datetime
    removed: str = ""  # why the earlier values are no longer shown (entered on the wrong case)


def case_revisions(case):
    """The revisions the case's history page shows, newest first. A record with a page of
    its own (a screening interview: its amendments) is left out."""
    own = [key for key, kind in KINDS.items() if kind.in_case_history]
    return case.revisions.filter(record_kind__in=own).select_related("changed_by", "values_removed_by")


def _found(revisions) -> dict:
    """The records the earlier values point at (a user, a referral), one query per model,
    so that a long history is not one query per value."""
    wanted: dict = {}
    for revision in revisions:
        kind = KINDS.get(revision.record_kind)
        if kind is None:
            continue
        for name, value in json.loads(revision.previous_json or "{}").items():
            model_field = kind.model_field(name)
            if isinstance(model_field, models.ForeignKey) and value is not None:
                wanted.setdefault(model_field.related_model, set()).add(value)
    found = {}
    for model, pks in wanted.items():
        for pk, record in model.objects.in_bulk(list(pks)).items():
            found[(model, pk)] = record
    return found


def history_rows(revisions) -> list[HistoryRow]:
    """Revisions as people read them, with the earlier values."""
    revisions = list(revisions)
    found = _found(revisions)
    rows = []
    for revision in revisions:
        kind = KINDS.get(revision.record_kind)
        if kind is None:
            continue
        previous = json.loads(revision.previous_json or "{}")
        removed = ""
        if revision.values_removed_at is not None:
            removed = f"{VALUES_REMOVED} ({revision.values_removed_by.display_name}, " + (
                f"{long_date(timezone.localtime(revision.values_removed_at).date())})"
            )
        rows.append(
            HistoryRow(
                id=revision.pk,
                title=kind.title,
                change=revision.get_change_display(),
                changes=[]
                if removed
                else [
                    (kind.label(name), kind.display(name, previous.get(name), found, row=previous))
                    for name in revision.fields
                ],
                reason=revision.reason,
                by=revision.changed_by.display_name,
                at=revision.changed_at,
                removed=removed,
            )
        )
    return rows


@transaction.atomic
def remove_wrong_case_values(*, actor, revision: RecordRevision, request=None) -> bool:
    """Values of another person typed on this case and then corrected: the correction kept
    them as earlier values, which would show them to this case's survivor (their subject
    access export) and to everyone reading the case. Overwrite them and the reason (which
    may name the other person); the revision stays as a bare fact: which fields changed,
    who changed them and when, and who removed the values. False if already removed.
    The caller checks the actor manages the case's team."""
    locked = RecordRevision.objects.select_for_update().get(pk=revision.pk)
    if locked.values_removed_at is not None:
        return False
    locked.previous_json = "{}"
    locked.reason = ""
    locked.values_removed_at = timezone.now()
    locked.values_removed_by = actor
    locked.save(update_fields=["previous_json", "reason", "values_removed_at", "values_removed_by"])
    audit.record(
        action=AuditAction.RECORD_CORRECTED,
        actor=actor,
        case=locked.case,
        fields=[locked.record_kind, "values_removed_at"],  # which kind of record, never what
        request=request,
    )
    return True


def erase_history(case) -> None:
    """At the end of retention the earlier values go with everything else (overwritten, then
    deleted, like every erased row: README, "What erasure removes")."""
    revisions = RecordRevision.objects.filter(case=case)
    revisions.update(previous_json="{}", reason="")
    revisions.delete()


def history_export_section(case):
    """The history, for the subject access export: the earlier values are data held too,
    including a screening interview's earlier draft answers (kept to tell a second editor
    what changed). A screening correction is exported with the interview (its amendment
    holds the earlier answers), and values removed as another person's are not exported."""
    revisions = case.revisions.filter(values_removed_at__isnull=True).exclude(
        record_kind__in=[key for key, kind in KINDS.items() if not kind.in_case_history],
        change=RevisionChange.CORRECTED,
    )
    return [
        {
            "record": f"{row.change}: {row.title}",
            "by": row.by,
            "at": row.at,
            "reason": row.reason,
            "earlier_values": [f"{label}: {before}" for label, before in row.changes],
        }
        for row in history_rows(revisions.select_related("changed_by"))
    ]
