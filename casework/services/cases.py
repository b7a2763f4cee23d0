"""Opening a case and editing the survivor's details.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casework import audit
from casework.models import Case, CaseExploitation, Membership, Person, Team
from casework.models.cases import new_case_reference
from casework.security.crypto import name_dob_index, phone_index
from casework.services import versioning
from casework.services.duplicates import flag_duplicates
from casework.services.retention import erased_values
from casework.vocabularies import AuditAction, RiskFlag

# The case-level (statistics) fields a caseworker edits on the details form.
CASE_DETAIL_FIELDS = ("gender", "nationalities", "age_at_exploitation", "county_lines", "where_exploited")


NOT_A_TEAM_MEMBER = "You can only open cases in a team you work in."


@dataclass(frozen=True)
class OpenedCase:
    case: Case
    # References of matching cases the person who opened it may see: only those are told
    # to them. Matches elsewhere go to the managers alone (DuplicateFlag), so opening a case
    # cannot be used to learn that a named person is known to another team.
    duplicate_references: tuple[str, ...] = ()

    @property
    def possible_duplicate(self) -> bool:
        return bool(self.duplicate_references)


def _apply_details(case: Case, person: Person, details: dict) -> set[str]:
    """Copy the form's values onto the case and person; return the names of fields that changed."""
    changed = set()
    for name in CASE_DETAIL_FIELDS:
        if name in details and getattr(case, name) != details[name]:
            setattr(case, name, details[name])
            changed.add(name)
    for name in Person.EDITABLE_FIELDS:
        if name in details and getattr(person, name) != details[name]:
            setattr(person, name, details[name])
            changed.add(name)
    person.name_dob_bidx = name_dob_index(person.given_names, person.family_name, person.date_of_birth)
    person.phone_bidx = phone_index(person.phone)
    return changed


def _sync_exploitation_types(case: Case, kinds) -> bool:
    wanted = set(kinds)
    current = set(case.exploitations.values_list("kind", flat=True))
    if wanted == current:
        return False
    case.exploitations.exclude(kind__in=wanted).delete()
    CaseExploitation.objects.bulk_create(
        [CaseExploitation(case=case, kind=kind) for kind in sorted(wanted - current)]
    )
    return True


@transaction.atomic
def case_open(*, actor, team: Team, details: dict, request=None) -> OpenedCase:
    """Open a case in one of the actor's teams; the actor becomes its assignee."""
    if not Membership.objects.confirmed().filter(user=actor, team=team).exists():
        raise PermissionDenied(NOT_A_TEAM_MEMBER)
    case = Case(team=team, assignee=actor, created_by=actor)
    person = Person()
    _apply_details(case, person, details)
    while Case.objects.filter(reference=case.reference).exists():  # ~1 in 10^6 at 100k cases
        case.reference = new_case_reference()
    case.full_clean()
    case.save()
    person.case = case
    person.full_clean()
    person.save()
    _sync_exploitation_types(case, details.get("exploitation_types", ()))
    audit.record(action=AuditAction.CASE_CREATED, actor=actor, case=case, request=request)
    matches = flag_duplicates(actor=actor, case=case, request=request)
    return OpenedCase(case=case, duplicate_references=matches)


def details_snapshot(case: Case, person: Person | None = None) -> dict:
    """The survivor's details as the details form edits them (service-level names), read
    from the database (the case's own fields too: the caller's copy may be stale)."""
    person = person or case.person
    case = Case.objects.get(pk=case.pk)
    values = {name: getattr(person, name) for name in Person.EDITABLE_FIELDS}
    for name in CASE_DETAIL_FIELDS:
        values[name] = getattr(case, name)
    values["nationalities"] = [getattr(c, "code", c) for c in case.nationalities]
    values["exploitation_types"] = sorted(case.exploitations.values_list("kind", flat=True))
    return values


@transaction.atomic
def case_update_details(*, actor, case: Case, details: dict, version: int, request=None) -> set[str]:
    """Save the edited details if nobody saved them since the form was opened (`version`);
    otherwise nothing is written and versioning.EditConflict says who changed what. The
    audit entry names the fields changed, never their values."""
    details = dict(details)
    if "exploitation_types" in details:
        details["exploitation_types"] = sorted(details["exploitation_types"])
    if "risk_flags" in details:
        details["risk_flags"] = sorted(details["risk_flags"])
    person = case.person
    old_bidx = person.name_dob_bidx

    def snapshot(locked_person):
        return {
            name: value for name, value in details_snapshot(case, locked_person).items() if name in details
        }

    def apply(locked_person, values, changed):
        case.person = locked_person
        _apply_details(case, locked_person, {name: values[name] for name in changed})
        if "exploitation_types" in changed:
            _sync_exploitation_types(case, values["exploitation_types"])
        case.full_clean()
        locked_person.full_clean()
        case.save(update_fields=[*CASE_DETAIL_FIELDS, "updated_at"])
        locked_person.save()

    changed = versioning.save_changes(
        actor=actor,
        kind="person",
        record=person,
        case=case,
        expected_version=version,
        values=details,
        snapshot=snapshot,
        apply=apply,
        audit_action=AuditAction.CASE_UPDATED,
        request=request,
    )
    if changed and case.person.name_dob_bidx != old_bidx:
        flag_duplicates(actor=actor, case=case, request=request)
    return changed


def person_blind_indexes_refresh() -> int:
    """Recompute every person's blind indexes (after BLIND_INDEX_KEY changes)."""
    updated = 0
    for person in Person.objects.iterator(chunk_size=500):
        person.name_dob_bidx = name_dob_index(person.given_names, person.family_name, person.date_of_birth)
        person.phone_bidx = phone_index(person.phone)
        person.save(update_fields=["name_dob_bidx", "phone_bidx"])
        updated += 1
    return updated


# The survivor's details as a data area (registered in casework/apps.py): exported for
# subject access and erased at the end of retention by the same object.
def person_export(case: Case) -> list[dict]:
    person = Person.objects.filter(case=case).first()
    if person is None:
        return [{"erased": "The survivor's personal data was erased at the end of its retention period."}]
    data = {name: getattr(person, name) for name in Person.EDITABLE_FIELDS}
    data["risk_flags"] = [RiskFlag(flag).label for flag in person.risk_flags if flag in RiskFlag.values]
    return [data]


def person_erase(case: Case) -> None:
    # Overwrite, then delete: the row's last version holds blanks, not the survivor's data
    # (README, "What erasure removes", says what PostgreSQL still keeps and for how long).
    Person.objects.filter(case=case).update(**erased_values(Person))
    Person.objects.filter(case=case).delete()
