"""Edit conflicts: what someone saved since a form was opened, and who, told to the person
whose save was refused (casework/services/versioning.py writes nothing then)."""

import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from casework.models.revisions import RecordRevision
from casework.services.record_kinds import KINDS, RecordKind, canon
from casework.ui.dates import long_date


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


def sharing_kinds(kind: RecordKind) -> list[str]:
    """The kinds edited through the same versioned model (a proceeding and its engagement)."""
    return [key for key, other in KINDS.items() if other.models[0] is kind.models[0]]


def conflict_since(
    kind: RecordKind, record, expected_version: int, values: dict, now: dict, actor=None, opened=None
) -> EditConflict | None:
    """The conflict between the person's values and what was saved since they opened the form,
    or None when their values agree with every field changed meanwhile (a double submission,
    or the same edit made twice), which loses nobody's text."""
    since = list(
        RecordRevision.objects.filter(
            record_kind__in=sharing_kinds(kind), record_id=record.pk, version__gt=expected_version
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
            current_text=kind.display(name, now[name], row=now),
            mine_text=kind.display(name, values[name], row=values),
            mine_kept=canon(values[name]) != baseline.get(name, canon(values[name])) if since else True,
        )
        for name in changed_since
    ]
    at = max((r.changed_at for r in since), default=None)
    return EditConflict(kind=kind, who=who, at=at, fields=fields, version=getattr(record, kind.version_attr))


def who_since(kind: str, record, version: int, actor) -> list[str]:
    names = []
    for revision in RecordRevision.objects.filter(
        record_kind__in=sharing_kinds(KINDS[kind]), record_id=record.pk, version__gt=version
    ).select_related("changed_by"):
        if _name(revision.changed_by, actor) not in names:
            names.append(_name(revision.changed_by, actor))
    return names
