"""The kinds of record that can be edited (register_kind, from each app's hooks), and how
their fields and values are named for people: in conflicts, the history and the export."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from casework.ui.dates import long_date

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
    # A task can be about a record of this kind (tasks.Task.about_kind/about_id): the lookup
    # from the record to its case, "case" or through a parent ("referral__case"), and the
    # record's name for people, from its plain columns only ("NRM referral submitted 2 March
    # 2026": its encrypted ones are not loaded).
    task_subject_case: str = ""
    task_subject_name: Callable[[Any], str] | None = None
    # A document can be attached to a record of this kind (documents.Document.about_kind/
    # about_id), found and named as a task's subject is (so it needs task_subject_case too).
    document_subject: bool = False
    # Field name -> how a value of it reads, where neither a choice nor the model says:
    # display(value, row), row the record's other values when known (a task's about_id is
    # named with its about_kind).
    displays: dict = field(default_factory=dict)
    # A task about a record of this kind was added, changed, cancelled, done, reopened or handed
    # over: on_task_change(about_ids, event), the ids of the records of this kind it was about
    # (two when it moved from one to another: told once), event a TaskEvent; called by
    # casework.services.tasks in the same transaction. Lets the record's own app react (the
    # support plan makes a new version when an action changes) without casework importing it.
    on_task_change: Callable[[set[int], str], None] | None = None

    def label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        for model in self.models:
            try:
                return str(model._meta.get_field(name).verbose_name).capitalize()
            except FieldDoesNotExist:
                continue
        return name.replace("_", " ").capitalize()

    def model_field(self, name):
        for model in self.models:
            try:
                return model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
        return None

    def display(self, name: str, value, found: dict | None = None, row: dict | None = None) -> str:
        """A value as a caseworker reads it (labels for codes, long dates). `found`: the
        records the values point at, looked up beforehand ({(model, pk): record})."""
        if value in (None, "", [], ()):
            return "Not recorded"
        if name in self.displays:
            return self.displays[name](value, row or {})
        if name in self.choices:
            names = self.choices[name]
            if isinstance(value, dict):  # screening indicators: {code ticked: its evidence}
                return "; ".join(
                    f"{names.get(code, code)}: {evidence}" if evidence else str(names.get(code, code))
                    for code, evidence in value.items()
                )
            values = value if isinstance(value, list | tuple) else [value]
            return ", ".join(str(names.get(canon(v), v)) for v in values)
        model_field = self.model_field(name)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if model_field is not None and model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.ForeignKey):
            pk = value.pk if isinstance(value, models.Model) else value
            related = model_field.related_model
            # Looked up beforehand for a history page; one query when displaying a single value.
            target = (
                found.get((related, pk))
                if found is not None
                else related._default_manager.filter(pk=pk).first()
            )
            return getattr(target, "display_name", str(target)) if target else "Not recorded"
        if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            try:  # kept as ISO text in the history (UTC): shown as the UK date and time
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
        if isinstance(value, datetime):
            local = timezone.localtime(value)
            if isinstance(model_field, models.DateTimeField):
                return f"{long_date(local.date())}, {local:%H:%M}"
            return long_date(local.date())
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


class TaskEvent(StrEnum):
    """What happened to a task, told to the kind of record it is about (on_task_change)."""

    RECORDED = "recorded"
    CHANGED = "changed"  # its title, details, due date, owner or subject corrected
    CANCELLED = "cancelled"
    DONE = "done"
    REOPENED = "reopened"
    HANDED_OVER = "handed_over"  # its owner lost access to the case: given to the case's assignee


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
    task_subject_case="",
    task_subject_name=None,
    displays=None,
    document_subject=False,
    on_task_change=None,
) -> RecordKind:
    """Name a kind of record for people: its title and its fields' labels (the form's). A kind
    a task can be about gives both `task_subject_case` (the lookup to its case, checked here,
    at startup) and `task_subject_name(record)`."""
    if bool(task_subject_case) != (task_subject_name is not None):
        raise ImproperlyConfigured(f"{key}: a task subject needs both its case lookup and its name")
    if on_task_change is not None and not task_subject_case:
        raise ImproperlyConfigured(f"{key}: on_task_change needs the kind to be a task subject")
    if document_subject and not task_subject_case:
        raise ImproperlyConfigured(f"{key}: a document subject needs a case lookup and a name")
    if task_subject_case:
        _check_case_lookup(models[0], task_subject_case)
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
        task_subject_case=task_subject_case,
        task_subject_name=task_subject_name,
        displays=displays or {},
        document_subject=document_subject,
        on_task_change=on_task_change,
    )
    KINDS[key] = kind
    return kind


def _check_case_lookup(model, lookup: str) -> None:
    """The lookup leads from the model, through foreign keys, to a case: refused at startup
    otherwise (a typo would let a task be about a record of any case)."""
    for name in lookup.split("__"):
        try:
            model = model._meta.get_field(name).related_model
        except FieldDoesNotExist:
            model = None
        if model is None:
            raise ImproperlyConfigured(f"{lookup}: not a lookup through foreign keys")
    if model._meta.label != "casework.Case":
        raise ImproperlyConfigured(f"{lookup} leads to {model._meta.label}, not to a case")


def task_subject_kinds() -> list[RecordKind]:
    return [kind for kind in KINDS.values() if kind.task_subject_case]


def document_subject_kinds() -> list[RecordKind]:
    return [kind for kind in KINDS.values() if kind.document_subject]
