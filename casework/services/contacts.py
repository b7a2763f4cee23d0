"""Logging a contact with a survivor, and correcting or deleting one logged in error.

A correction keeps the earlier values (the note included, encrypted) in the contact's history
with the reason (casework/services/versioning.py). The audit entry names the record, never
what the note says."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.access import require_case_manager
from casework.models import Case, Contact
from casework.selectors.contacts import staff_choices
from casework.services import versioning
from casework.vocabularies import AuditAction, ContactKind

IN_FUTURE = "The contact must be now or in the past."
BEFORE_CASE = "The contact cannot be before the case was opened."
STAFF_NOT_ON_CASE = "Choose staff who work on this case."
LANGUAGE_NEEDED = "Enter the language the interpreter used"
ATTEMPT_HAS_NO_DURATION = "An attempt that did not reach anyone has no duration: leave it blank."
CONCERN_NOT_SEEN = (
    "A manager has not seen this safeguarding concern yet. It stays until one of the team's "
    "managers marks it seen on their My work."
)

# What a person fills in; the rest (who recorded it, when) the service sets.
FIELDS = (
    "happened_at",
    "kind",
    "duration_minutes",
    "others_present",
    "interpreter_used",
    "interpreter_language",
    "place",
    "note",
    "safeguarding_concern",
    "survivor_distressed",
    "exploiter_contact_reported",
)


def _check(case: Case, fields: dict, staff, contact: Contact | None = None) -> None:
    happened_at: datetime = fields["happened_at"]
    if happened_at > timezone.now():
        raise ValidationError({"happened_at": IN_FUTURE})
    if timezone.localtime(happened_at).date() < case.opened_on:
        raise ValidationError({"happened_at": BEFORE_CASE})
    allowed = set(staff_choices(case, contact).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in staff):
        raise ValidationError({"staff": STAFF_NOT_ON_CASE})
    if fields.get("interpreter_used") and not fields.get("interpreter_language", "").strip():
        raise ValidationError({"interpreter_language": LANGUAGE_NEEDED})
    if fields["kind"] == ContactKind.ATTEMPTED and fields.get("duration_minutes"):
        raise ValidationError({"duration_minutes": ATTEMPT_HAS_NO_DURATION})


def _tidy(fields: dict) -> dict:
    if (fields.get("interpreter_language") or "").strip():
        fields["interpreter_used"] = True  # a language typed says an interpreter was used
    return fields


@transaction.atomic
def contact_record(*, actor, case: Case, staff=(), request=None, **fields) -> Contact:
    fields = _tidy(fields)
    staff = list(staff)
    _check(case, fields, staff)
    contact = Contact(case=case, recorded_by=actor, **fields)
    contact.full_clean()
    contact.save()
    contact.staff.set(staff)
    audit.record(
        action=AuditAction.CONTACT_RECORDED, actor=actor, case=case, fields=["contact"], request=request
    )
    return contact


@transaction.atomic
def contact_record_with_follow_up(
    *, actor, case: Case, follow_up_title: str = "", follow_up_due_on=None, request=None, **fields
) -> Contact:
    """Log a contact and, if asked, a follow-up task for the person logging it: both or neither
    (a refused task undoes the contact, so the form comes back with nothing half-saved)."""
    contact = contact_record(actor=actor, case=case, request=request, **fields)
    if follow_up_title:
        from casework.services.tasks import task_record  # tasks and contacts stay separate modules

        task_record(
            actor=actor,
            case=case,
            title=follow_up_title,
            due_on=follow_up_due_on,
            assignee=actor,
            about=f"contact:{contact.pk}",  # a follow-up is about the contact it follows
        )
    return contact


def _staff_names(people) -> list[str]:
    return sorted(person.display_name for person in people)


@transaction.atomic
def contact_change(
    *, actor, contact: Contact, version: int, reason: str, staff=(), request=None, **fields
) -> set:
    """Correct a contact. Who took part is compared and kept in the history by name."""
    fields = _tidy(fields)
    staff = list(staff)
    _check(contact.case, fields, staff, contact)
    locked = versioning.lock(contact)
    unticked = locked.safeguarding_concern and not fields.get("safeguarding_concern", True)
    if unticked and locked.safeguarding_seen_at is None:
        raise ValidationError({"safeguarding_concern": CONCERN_NOT_SEEN})
    values = {**fields, "staff": _staff_names(staff)}

    def snapshot(record: Contact) -> dict:
        return {**{name: getattr(record, name) for name in fields}, "staff": _staff_names(record.staff.all())}

    def apply(record: Contact, new_values: dict, changed: list[str]) -> None:
        for name in changed:
            if name != "staff":
                setattr(record, name, new_values[name])
        if not record.safeguarding_concern:  # taken off after a manager saw it
            record.safeguarding_seen_by, record.safeguarding_seen_at = None, None
        record.full_clean()
        record.save()
        if "staff" in changed:
            record.staff.set(staff)

    return versioning.save_changes(
        actor=actor,
        kind="contact",
        record=contact,
        case=contact.case,
        expected_version=version,
        values=values,
        reason=reason,
        snapshot=snapshot,
        apply=apply,
        request=request,
    )


@transaction.atomic
def contact_delete(*, actor, contact: Contact, version: int, reason: str, request=None) -> bool:
    """Delete a contact logged in error. Its history keeps who took part and who saw a concern
    (they are not columns of the row). A concern no manager has seen cannot be deleted."""
    locked = Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if locked is None:
        return False
    if locked.safeguarding_concern and locked.safeguarding_seen_at is None:
        raise ValidationError(CONCERN_NOT_SEEN)
    seen_by, seen_at = locked.safeguarding_seen_by, locked.safeguarding_seen_at
    return versioning.delete_record(
        actor=actor,
        kind="contact",
        record=contact,
        case=contact.case,
        expected_version=version,
        reason=reason,
        request=request,
        also_held={
            "staff": _staff_names(locked.staff.all()),
            "concern_seen": f"{seen_by.display_name}, {timezone.localtime(seen_at):%-d %B %Y, %H:%M}"
            if seen_by and seen_at
            else "",
        },
    )


def contact_export(case: Case) -> list[dict]:
    """Every contact, for the subject access export, oldest first."""
    return [
        {
            "when": timezone.localtime(contact.happened_at).strftime("%Y-%m-%d %H:%M"),
            "kind": contact.get_kind_display(),
            "duration_minutes": contact.duration_minutes,
            "staff": [person.display_name for person in contact.staff.all()],
            "others_present": contact.others_present,
            "interpreter_used": contact.interpreter_used,
            "interpreter_language": contact.interpreter_language,
            "place": contact.get_place_display(),
            "note": contact.note,
            "safeguarding_concern": contact.safeguarding_concern,
            "survivor_distressed": contact.survivor_distressed,
            "exploiter_contact_reported": contact.exploiter_contact_reported,
        }
        for contact in case.contacts.order_by("happened_at", "id").prefetch_related("staff")
    ]


def contact_erase(case: Case) -> None:
    """At the end of retention the words go; when, what kind and where stay for the figures."""
    case.contacts.update(note="", others_present="", interpreter_language="")


@transaction.atomic
def safeguarding_seen(*, actor, contact: Contact, request=None) -> bool:
    """A manager of the case's team has read a safeguarding concern: it leaves the managers'
    "My work" and their emails. False if someone already had (a second click)."""
    require_case_manager(actor, contact.case)
    updated = Contact.objects.filter(
        pk=contact.pk, safeguarding_concern=True, safeguarding_seen_at__isnull=True
    ).update(safeguarding_seen_by=actor, safeguarding_seen_at=timezone.now())
    if updated:
        audit.record(
            action=AuditAction.SAFEGUARDING_SEEN,
            actor=actor,
            case=contact.case,
            fields=["contact"],
            request=request,
        )
    return bool(updated)
