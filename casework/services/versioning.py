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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from casework import audit
from casework.models.revisions import RecordRevision
from casework.ui.dates import long_date
from casework.vocabularies import AuditAction, RevisionChange

RECORD_GONE = "Someone deleted this record while you were editing it. Nothing was saved."
REASON_NEEDED = "Enter why this is being corrected: a recorded value is changed or removed"
NOTHING_CHANGED = "Nothing was changed."
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, models.Model):
            return o.pk
        return super().default(o)


def canon(value):
    """A value as JSON would hold it, so values compare the same whatever their Python type
    (a date and its ISO string, a Decimal and its text, a user and their id)."""
    if isinstance(value, Decimal):
        value = value.normalize()
    if isinstance(value, str):
        value = value.replace("\r\n", "\n")  # a browser sends a textarea's lines with CR LF
    return json.loads(json.dumps(value, cls=_Encoder))


@dataclass(frozen=True)
class RecordKind:
    """A kind of record that can be edited: how to name it and its fields for people."""

    key: str
    title: str  # "NRM referral"
    models: tuple  # the models its fields live on, first the versioned one
    labels: dict  # field name -> label, in form order
    choices: dict = field(default_factory=dict)  # field name -> {code: label} for lists
    version_attr: str = "version"  # the model's version column
    in_case_history: bool = True  # False: the record shows its history on its own page

    def label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        for model in self.models:
            try:
                return str(model._meta.get_field(name).verbose_name).capitalize()
            except FieldDoesNotExist:
                continue
        return name.replace("_", " ").capitalize()

    def _model_field(self, name):
        for model in self.models:
            try:
                return model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
        return None

    def display(self, name: str, value, found: dict | None = None) -> str:
        """A value as a caseworker reads it (labels for codes, long dates). `found`: the
        records the values point at, looked up beforehand ({(model, pk): record})."""
        if value in (None, "", [], ()):
            return "Not recorded"
        if name in self.choices:
            names = self.choices[name]
            if isinstance(value, dict):  # screening indicators: {code ticked: its evidence}
                return "; ".join(
                    f"{names.get(code, code)}: {evidence}" if evidence else str(names.get(code, code))
                    for code, evidence in value.items()
                )
            values = value if isinstance(value, list | tuple) else [value]
            return ", ".join(str(names.get(canon(v), v)) for v in values)
        model_field = self._model_field(name)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if model_field is not None and model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.ForeignKey):
            pk = value.pk if isinstance(value, models.Model) else value
            related = model_field.related_model
            # Looked up beforehand for a history page; one query when displaying a single value.
            target = found.get((related, pk)) if found is not None else related.objects.filter(pk=pk).first()
            return getattr(target, "display_name", str(target)) if target else "Not recorded"
        if isinstance(value, datetime):
            return long_date(timezone.localtime(value).date())
        if isinstance(value, date):
            return long_date(value)
        if isinstance(model_field, models.DateField) and isinstance(value, str):
            try:
                return long_date(date.fromisoformat(value))
            except ValueError:
                return value
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            # A date kept as text (a screening answer): shown as every other date is.
            try:
                return long_date(date.fromisoformat(value))
            except ValueError:
                return value
        return str(value)


KINDS: dict[str, RecordKind] = {}


def register_kind(
    key: str,
    *,
    title: str,
    models: tuple,
    form_class=None,
    labels=None,
    choices=None,
    version_attr="version",
    in_case_history=True,
) -> RecordKind:
    """Name a kind of record for people: its title and its fields' labels (the form's)."""
    form_labels = {}
    if form_class is not None:
        form_labels = {name: f.label for name, f in form_class.base_fields.items() if f.label}
    labels = {**form_labels, **(labels or {})}
    kind = RecordKind(
        key=key,
        title=title,
        models=tuple(models),
        labels=labels,
        choices=choices or {},
        version_attr=version_attr,
        in_case_history=in_case_history,
    )
    KINDS[key] = kind
    return kind


@dataclass(frozen=True)
class ConflictField:
    name: str
    label: str
    current: Any  # the value now saved (Python), for the form
    current_text: str
    mine_text: str
    # The person had changed this field too: the form keeps their value and shows the saved
    # one beside it. Otherwise the form takes the saved value (keeping theirs would undo it).
    mine_kept: bool


class EditConflict(Exception):
    """Someone saved the record after the form was opened. Nothing was written."""

    def __init__(self, *, kind: RecordKind, who: list[str], at, fields: list[ConflictField], version: int):
        self.kind, self.who, self.at, self.fields, self.version = kind, who, at, fields, version
        super().__init__("Edit conflict")

    @property
    def message(self) -> str:
        who = " and ".join(self.who) or "Someone"
        labels = [f.label for f in self.fields]
        what = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else "".join(labels)
        when = timezone.localtime(self.at) if self.at else None
        at = f" at {when:%H:%M} on {long_date(when.date())}" if when else ""
        return (
            f"{who} changed {what or 'this record'}{at}, while you were editing. Nothing has been "
            "saved yet. Check the values below and save again."
        )


def _name(user, actor) -> str:
    if actor is not None and user.pk == actor.pk:
        return "You (in another tab or window)"
    return user.display_name


def _blank(value) -> bool:
    return canon(value) in (None, "", [], {})


def _sharing(kind: RecordKind) -> list[str]:
    """The kinds edited through the same versioned model (a proceeding and its engagement)."""
    return [key for key, other in KINDS.items() if other.models[0] is kind.models[0]]


def _snapshot(record, names) -> dict:
    return {name: getattr(record, name) for name in names}


def _conflict(
    kind: RecordKind, record, expected_version: int, values: dict, now: dict, actor=None, opened=None
) -> EditConflict | None:
    """The conflict between the person's values and what was saved since they opened the form,
    or None when their values agree with every field changed meanwhile (a double submission,
    or the same edit made twice), which loses nobody's text."""
    since = list(
        RecordRevision.objects.filter(
            record_kind__in=_sharing(kind), record_id=record.pk, version__gt=expected_version
        ).select_related("changed_by")
    )
    original: dict = {}
    who: list[str] = []
    for revision in sorted(since, key=lambda r: r.version):
        for name, value in json.loads(revision.previous_json or "{}").items():
            original.setdefault(name, value)
        name = _name(revision.changed_by, actor)
        if name not in who:
            who.append(name)
    changed_since = [name for name in values if name in original] if since else list(values)
    clashing = [name for name in changed_since if canon(values[name]) != canon(now[name])]
    # The person's own edit is a value that differs from what their form showed when opened:
    # the saved value then, or what the page filled in for them (today's date).
    baseline = {**original, **{name: canon(value) for name, value in (opened or {}).items()}}
    if not clashing:
        return None
    fields = [
        ConflictField(
            name=name,
            label=kind.label(name),
            current=now[name],
            current_text=kind.display(name, now[name]),
            mine_text=kind.display(name, values[name]),
            mine_kept=canon(values[name]) != baseline.get(name, canon(values[name])) if since else True,
        )
        for name in changed_since
    ]
    at = max((r.changed_at for r in since), default=None)
    return EditConflict(kind=kind, who=who, at=at, fields=fields, version=getattr(record, kind.version_attr))


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


@transaction.atomic
def save_changes(
    *,
    actor,
    kind: str,
    record,
    case,
    expected_version: int,
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
        conflict = _conflict(record_kind, locked, expected_version, values, now, actor, opened)
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
    *, actor, kind: str, record, case, expected_version: int, reason: str, request=None
) -> bool:
    """Delete a record recorded in error, keeping every value it held (encrypted) in its
    history with the reason. False if it was already deleted (a double submission)."""
    record_kind = KINDS[kind]
    model = type(record)
    locked = model.objects.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        return False
    attr = record_kind.version_attr
    # Everything the record held, not only what its form shows (who recorded it, its links).
    now = _snapshot(locked, _held(model))
    if getattr(locked, attr) != expected_version:
        raise EditConflict(
            kind=record_kind,
            who=_who_since(kind, locked, expected_version, actor),
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


def _who_since(kind: str, record, version: int, actor) -> list[str]:
    names = []
    for revision in RecordRevision.objects.filter(
        record_kind__in=_sharing(KINDS[kind]), record_id=record.pk, version__gt=version
    ).select_related("changed_by"):
        if _name(revision.changed_by, actor) not in names:
            names.append(_name(revision.changed_by, actor))
    return names


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
            model_field = kind._model_field(name)
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
                    (kind.label(name), kind.display(name, previous.get(name), found))
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
