"""What a task can be about: the records of its case of the kinds that allow it
(record_kinds.register_kind(..., task_subject_case=..., task_subject_name=...)), named from
dates and vocabularies only, their encrypted columns never loaded."""

from fernet_fields import EncryptedField

from casework.models import Case, Task
from casework.services.record_kinds import KINDS, RecordKind, task_subject_kinds

PER_KIND = 50  # the latest of each kind are offered: a task is about something current


def records(kind: RecordKind):
    """The kind's records, their encrypted fields never loaded (nor decrypted)."""
    model = kind.models[0]
    encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
    return model._default_manager.defer(*encrypted)


def _name(kind: RecordKind, record) -> str:
    assert kind.task_subject_name is not None  # task_subject_kinds() have one
    return kind.task_subject_name(record)


def task_subject_choices(case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    """The case's records a task can be about, grouped by kind for a select's optgroups: one
    query per kind that allows it (a fixed number, whatever the case holds)."""
    groups = []
    for kind in task_subject_kinds():
        found = records(kind).filter(**{kind.task_subject_case: case}).order_by("-pk")[:PER_KIND]
        options = [(f"{kind.key}:{record.pk}", _name(kind, record)) for record in found]
        if options:
            groups.append((kind.title, options))
    return groups


def task_subject_names(tasks: list[Task], case: Case) -> dict[int, str]:
    """{task id: what it is about, in words} for the tasks of `case` about something. One query
    per kind the tasks are about: at most len(task_subject_kinds()), however many tasks. Only
    records of the case are named (a task can only be about one, checked when saved; checked
    again here). A record deleted since is said to be."""
    wanted: dict[str, set[int]] = {}
    for task in tasks:
        if task.about_kind and task.about_id is not None and task.case_id == case.pk:
            wanted.setdefault(task.about_kind, set()).add(task.about_id)
    found: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        kind = KINDS.get(key)
        if kind is not None and kind.task_subject_name is not None:
            for record in records(kind).filter(pk__in=ids, **{kind.task_subject_case: case}):
                found[(key, record.pk)] = _name(kind, record)
    names = {}
    for task in tasks:
        if task.about_kind and task.case_id == case.pk:
            kind = KINDS.get(task.about_kind)
            title = kind.title if kind else "A record"
            names[task.pk] = found.get((task.about_kind, task.about_id), f"{title} (since deleted)")
    return names


def subject_name(key: str, pk) -> str:
    """One record's name ("kind", id as kept in a task's history): for the history and conflict
    pages, which name what a task was about rather than show an id."""
    kind = KINDS.get(key)
    if kind is None or kind.task_subject_name is None or not str(pk).isdecimal():
        return "A record of the case"
    record = records(kind).filter(pk=int(pk)).first()
    return _name(kind, record) if record is not None else f"{kind.title} (since deleted)"
