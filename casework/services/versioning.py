"""No silent overwrite, and a history of every change: the one mechanism every edit service
uses (survivor details, consent, NRM records, support, justice).

An edit form carries the version its record had when the form was opened (a hidden field).
`save_changes` writes only if the row still has that version; the version is bumped by a
conditional UPDATE ... WHERE version = N inside the transaction, so two saves racing cannot
both pass on PostgreSQL (row lock, WHERE re-checked) or SQLite (one writer at a time). If
someone saved in between and the person's values differ from what is now saved in a field
the other person changed, nothing is written and `EditConflict` says who changed which
fields and when, with the values now saved, so the form comes back with both.

Every change writes a `RecordRevision` with the earlier values (encrypted), the reason for a
correction, who and when. That is the record's history, and it is what tells the second
editor what the first one changed. The audit entry names the fields, never values."""

import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.models.revisions import RecordRevision
from casework.services.conflicts import EditConflict, conflict_since, who_since
from casework.services.record_kinds import KINDS, canon
from casework.vocabularies import AuditAction, RevisionChange

RECORD_GONE = "Someone deleted this record while you were editing it. Nothing was saved."
REASON_NEEDED = "Enter why this is being corrected: a recorded value is changed or removed"
NOTHING_CHANGED = "Nothing was changed."


def _blank(value) -> bool:
    return canon(value) in (None, "", [], {})


def _snapshot(record, names) -> dict:
    return {name: getattr(record, name) for name in names}


def lock(record):
    """Lock a record's row for the rest of the transaction and return it as now saved.

    Rules between records (no CG without a positive RG, no verdict without a charge) are
    checked against the other records, then one is written. Each service that creates,
    changes or deletes a record first locks the parent the rule is about (the referral, the
    proceeding, the case), so two saves at once are checked one after the other, never
    both against the state before either."""
    locked = type(record).objects.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        raise ValidationError(RECORD_GONE)
    return locked


def raise_if_conflict(kind: str, locked, *, version: int, values: dict, actor=None) -> None:
    """The conflict check of `save_changes`, for a service to run before its own rules: someone
    who opened the form before another person's save gets the conflict page (both versions side
    by side), not a rule's message about a value they never touched. `locked`: from lock()."""
    record_kind = KINDS[kind]
    if getattr(locked, record_kind.version_attr) == version:
        return
    conflict = conflict_since(record_kind, locked, version, values, _snapshot(locked, values), actor)
    if conflict is not None:
        raise conflict


@transaction.atomic
def save_changes(
    *,
    actor,
    kind: str,
    record,
    case,
    expected_version: int | None,
    values: dict,
    reason: str | None = None,
    snapshot: Callable | None = None,
    apply: Callable | None = None,
    audit_action=AuditAction.RECORD_CORRECTED,
    audit_fields=None,
    audit_prefix=True,
    audit_extra=None,
    opened=None,
    request=None,
) -> set[str]:
    """Write `values` onto `record` if nobody saved it since `expected_version`; return the
    names of the fields that changed (empty: nothing written). Raises EditConflict.

    `expected_version` None: the caller holds no form, only the record it just read (a
    seeder, a command); the record's own version is then expected.
    `snapshot(record)` gives the current values (default: the attributes named in `values`);
    `apply(record, values, changed)` writes them (default: setattr, full_clean, save);
    `audit_extra(record, previous)` gives more for the audit entry (who a case went to and
    from), from the saved record and the earlier values; `opened` the values a form showed
    that were not saved ones (filled in for the person), so leaving them is not an edit."""
    record_kind = KINDS[kind]
    model = type(record)
    attr = record_kind.version_attr
    if expected_version is None:
        expected_version = getattr(record, attr)
    locked = model.objects.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        raise ValidationError(RECORD_GONE)
    now = (snapshot or (lambda r: _snapshot(r, values)))(locked)
    current_version = getattr(locked, attr)
    if current_version != expected_version:
        conflict = conflict_since(record_kind, locked, expected_version, values, now, actor, opened)
        if conflict is not None:
            raise conflict
    changed = [name for name in values if canon(values[name]) != canon(now[name])]
    if not changed:
        return set()
    # A correction (reason not None) needs a reason when it changes or removes something
    # recorded; filling in a blank (an NRM reference that arrived later) needs none.
    if reason is not None and not reason.strip() and any(not _blank(now[name]) for name in changed):
        raise ValidationError({"reason": REASON_NEEDED})
    # The conditional UPDATE is what makes a race safe: only one of two saves matches.
    claimed = model.objects.filter(pk=locked.pk, **{attr: current_version}).update(
        **{attr: current_version + 1}
    )
    if not claimed:
        raise EditConflict(kind=record_kind, who=[], at=None, fields=[], version=current_version)
    setattr(locked, attr, current_version + 1)
    if apply is not None:
        apply(locked, values, changed)
    else:
        for name in changed:
            setattr(locked, name, values[name])
        locked.full_clean()
        locked.save()
    RecordRevision.objects.create(
        case=case,
        record_kind=kind,
        record_id=locked.pk,
        version=current_version + 1,
        change=RevisionChange.CORRECTED if reason and reason.strip() else RevisionChange.CHANGED,
        fields=changed,
        previous_json=json.dumps({name: canon(now[name]) for name in changed}, ensure_ascii=False),
        reason=reason or "",
        changed_by=actor,
    )
    if audit_fields is None:
        prefixed = audit_prefix and audit_action != AuditAction.CASE_UPDATED
        audit_fields = [f"{kind}.{n}" for n in changed] if prefixed else changed
    extra = audit_extra(locked, now) if audit_extra is not None else {}
    audit.record(action=audit_action, actor=actor, case=case, fields=audit_fields, request=request, **extra)
    if apply is None:  # the caller's object reflects what was saved
        for name in changed:
            setattr(record, name, values[name])
    setattr(record, attr, current_version + 1)
    return set(changed)


@transaction.atomic
def delete_record(
    *, actor, kind: str, record, case, expected_version: int, reason: str, request=None, also_held=None
) -> bool:
    """Delete a record recorded in error, keeping every value it held (encrypted) in its
    history with the reason. False if it was already deleted (a double submission).
    `also_held`: values kept outside the row's own columns (who took part in a contact)."""
    record_kind = KINDS[kind]
    model = type(record)
    locked = model.objects.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        return False
    attr = record_kind.version_attr
    # Everything the record held, not only what its form shows (who recorded it, its links).
    now = {**_snapshot(locked, _held(model)), **(also_held or {})}
    if getattr(locked, attr) != expected_version:
        raise EditConflict(
            kind=record_kind,
            who=who_since(kind, locked, expected_version, actor),
            at=None,
            fields=[],
            version=getattr(locked, attr),
        )
    RecordRevision.objects.create(
        case=case,
        record_kind=kind,
        record_id=locked.pk,
        version=getattr(locked, attr),
        change=RevisionChange.DELETED,
        fields=list(now),
        previous_json=json.dumps({name: canon(v) for name, v in now.items()}, ensure_ascii=False),
        reason=reason,
        changed_by=actor,
    )
    locked.delete()
    audit.record(action=AuditAction.RECORD_DELETED, actor=actor, case=case, fields=[kind], request=request)
    return True


def correct(kind: str, record, *, actor, case, version: int, reason: str, values: dict, request=None) -> set:
    """A "Change" page's correction (the services' one call): the fields that changed."""
    return save_changes(
        actor=actor,
        kind=kind,
        record=record,
        case=case,
        expected_version=version,
        values=values,
        reason=reason,
        request=request,
    )


def remove(kind: str, record, *, actor, case, version: int, reason: str, request=None) -> bool:
    """A "Delete" page's deletion of a record made in error (the services' one call)."""
    return delete_record(
        actor=actor,
        kind=kind,
        record=record,
        case=case,
        expected_version=version,
        reason=reason,
        request=request,
    )


def _held(model) -> list[str]:
    """The fields a record holds: not its id, version or blind indexes (not editable)."""
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]
