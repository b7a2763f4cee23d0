"""What a task can be about: the records of its case of the kinds that allow it
(record_kinds.register_kind(..., task_subject=True)), named without survivor text."""

from django.core.exceptions import ValidationError
from fernet_fields import EncryptedField

from casework.models import Case, Task
from casework.services.record_kinds import KINDS, RecordKind, task_subject_kinds

ABOUT_NOT_ON_CASE = "Choose a record of this case, or nothing in particular"
PER_KIND = 50  # the latest of each kind are offered: a task is about something current


def _records(kind: RecordKind):
    """The kind's records, their encrypted fields never loaded (nor decrypted): a record's
    name (its __str__) is built from dates and vocabularies only."""
    model = kind.models[0]
    encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
    return model._default_manager.defer(*encrypted)


def task_subject_choices(case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    """The case's records a task can be about, grouped by kind for a select's optgroups."""
    groups = []
    for kind in task_subject_kinds():
        records = _records(kind).filter(**{kind.task_subject_case: case}).order_by("-pk")[:PER_KIND]
        options = [(f"{kind.key}:{record.pk}", str(record)) for record in records]
        if options:
            groups.append((kind.title, options))
    return groups


def task_subject(case: Case, value: str) -> tuple[str, int | None]:
    """A posted "kind:id" as (kind, id), checked to be a record of this case; ("", None) for
    nothing in particular."""
    if not value:
        return "", None
    key, _, pk = value.partition(":")
    kind = KINDS.get(key)
    if kind is None or not kind.task_subject_case or not pk.isdigit():
        raise ValidationError({"about": ABOUT_NOT_ON_CASE})
    if not _records(kind).filter(pk=int(pk), **{kind.task_subject_case: case}).exists():
        raise ValidationError({"about": ABOUT_NOT_ON_CASE})
    return key, int(pk)


def task_subject_names(tasks: list[Task]) -> dict[int, str]:
    """{task id: what it is about, in words} for the tasks about something: one query per kind
    among them. A record deleted since is said to be."""
    wanted: dict[str, set[int]] = {}
    for task in tasks:
        if task.about_kind:
            wanted.setdefault(task.about_kind, set()).add(task.about_id)
    found: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        kind = KINDS.get(key)
        if kind is not None:
            for record in _records(kind).filter(pk__in=ids):
                found[(key, record.pk)] = f"{kind.title}: {record}"
    names = {}
    for task in tasks:
        if task.about_kind:
            kind = KINDS.get(task.about_kind)
            title = kind.title if kind else "A record"
            names[task.pk] = found.get((task.about_kind, task.about_id), f"{title} (since deleted)")
    return names
