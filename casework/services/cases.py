"""Every write to the case file. Each service checks its rule, validates, saves and
writes its audit entry in one transaction (DESIGN.md §4)."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential
from fernet_fields import EncryptedField

from casework import audit, clocks, hooks
from casework.access import managed_team_ids, manages
from casework.models import (
    AuditEvent,
    Case,
    CaseExploitation,
    CaseShare,
    Consent,
    DuplicateFlag,
    FormSubmission,
    Membership,
    Person,
    SubjectAccessExport,
    Team,
)
from casework.models.cases import new_case_reference
from casework.security import key_rotation
from casework.security.crypto import name_dob_index, phone_index
from casework.services import subject_access, versioning
from casework.vocabularies import (
    AuditAction,
    CaseStatus,
    ConsentDecision,
    ConsentPurpose,
    DuplicateResolution,
    Role,
)

# The case-level (statistics) fields a caseworker edits on the details form.
CASE_DETAIL_FIELDS = ("gender", "nationalities", "age_at_exploitation", "county_lines", "where_exploited")

ASSIGNEE_NOT_IN_TEAM = "Select someone who works in the case's team."
SHARE_END_IN_PAST = "The cover must end today or later."
SHARE_END_TOO_FAR = "Cover can last up to 90 days. Share it again to extend it."
SHARE_WITH_ASSIGNEE = "The case is already assigned to this person."
SHARE_NOT_IN_TEAM = "Choose a colleague who works in the case's team."
CLOSE_BEFORE_OPEN = "The closing date must be on or after the date the case was opened."
CLOSE_IN_FUTURE = "The closing date must be today or in the past."
NOT_A_TEAM_MEMBER = "You can only open cases in a team you work in."

logger = logging.getLogger(__name__)

ERASED = "The survivor's personal data has been erased; the case cannot be reopened or changed."

MAX_SHARE_DAYS = 90


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


def _flag_duplicates(*, actor, case: Case, request=None) -> tuple[str, ...]:
    """Flag every other case (any team) with the same name and date of birth, audited on
    both cases. The flag, not the other case, is what the managers of both teams are shown.
    Returns the references of the matches the actor may see (the only ones they are told)."""
    bidx = case.person.name_dob_bidx
    if not bidx:
        return ()
    matches = list(
        Person.objects.filter(name_dob_bidx=bidx).exclude(case=case).values_list("case_id", flat=True)
    )
    if not matches:
        return ()
    DuplicateFlag.objects.bulk_create(
        [DuplicateFlag(case=case, matched_case_id=matched_id) for matched_id in matches],
        ignore_conflicts=True,
    )
    for flagged in [case, *Case.objects.filter(pk__in=matches)]:
        audit.record(action=AuditAction.DUPLICATE_FLAGGED, actor=actor, case=flagged, request=request)
    return tuple(
        Case.objects.visible_to(actor)
        .filter(pk__in=matches)
        .order_by("reference")
        .values_list("reference", flat=True)
    )


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
    duplicates = _flag_duplicates(actor=actor, case=case, request=request)
    return OpenedCase(case=case, duplicate_references=duplicates)


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
        _flag_duplicates(actor=actor, case=case, request=request)
    return changed


NOT_YOUR_DUPLICATE = "Only a manager of one of the two cases' teams can settle this."


@transaction.atomic
def duplicate_settle(*, actor, flag: DuplicateFlag, same_person: bool, request=None) -> DuplicateFlag:
    """A manager's answer for their side of a possible duplicate: the case (or both, if they
    manage both teams) in a team they manage. The flag is settled once both sides have
    answered, and the two cases are linked only if both said "the same person": one team
    alone can neither link another team's case nor take the flag off that team's list.
    Answering a side already answered changes nothing. Each answer is audited on the
    answering side's case only: an entry on the other case would name this manager, and
    so their team, to the other team."""
    managed = managed_team_ids(actor)
    locked = DuplicateFlag.objects.select_for_update().select_related("case", "matched_case").get(pk=flag.pk)
    sides = [
        (side, case)
        for side, case in (("case", locked.case), ("matched", locked.matched_case))
        if case.team_id in managed
    ]
    if not sides:
        raise PermissionDenied(NOT_YOUR_DUPLICATE)
    answer = DuplicateResolution.SAME_PERSON if same_person else DuplicateResolution.NOT_SAME_PERSON
    now = timezone.now()
    answered = [(side, case) for side, case in sides if not getattr(locked, f"{side}_answer")]
    for side, _case in answered:
        setattr(locked, f"{side}_answer", answer)
        setattr(locked, f"{side}_answered_at", now)
        setattr(locked, f"{side}_answered_by", actor)
    if not answered:
        return locked
    if locked.case_answer and locked.matched_answer:
        both_same = locked.case_answer == locked.matched_answer == DuplicateResolution.SAME_PERSON
        locked.resolution = (
            DuplicateResolution.SAME_PERSON if both_same else DuplicateResolution.NOT_SAME_PERSON
        )
        locked.resolved_at = now
        locked.resolved_by = actor
    locked.full_clean()
    locked.save()
    for side, case in answered:
        audit.record(
            action=AuditAction.DUPLICATE_SETTLED,
            actor=actor,
            case=case,
            # The field's name: the answer itself is on the flag.
            fields=[f"{side}_answer"],
            request=request,
        )
    return locked


def _require_manager(actor, case: Case) -> None:
    if not manages(actor, case):
        raise PermissionDenied("Only a manager of the case's team can do this.")


@transaction.atomic
def case_assign(*, actor, case: Case, assignee, version: int | None = None, request=None) -> Case:
    """Assign (or, with assignee=None, unassign) a case. Managers only. `version` is the
    assignment's version when the form was opened: if another manager reassigned the case
    since, nothing is written and versioning.EditConflict says who and to whom."""
    _require_manager(actor, case)
    if (
        assignee is not None
        and not Membership.objects.confirmed().filter(user=assignee, team=case.team).exists()
    ):
        raise ValidationError({"assignee": ASSIGNEE_NOT_IN_TEAM})

    def apply(locked, values, _changed):
        locked.assignee = values["assignee"]
        locked.save(update_fields=["assignee", "assignment_version", "updated_at"])

    def audit_extra(_locked, previous):
        earlier = previous["assignee"]
        return {"subject_user": assignee, "previous_subject_user": earlier}

    versioning.save_changes(
        actor=actor,
        kind="assignment",
        record=case,
        case=case,
        expected_version=version,
        values={"assignee": assignee},
        apply=apply,
        audit_action=AuditAction.CASE_ASSIGNED,
        audit_fields=[],
        audit_extra=audit_extra,
        request=request,
    )
    case.assignee = assignee
    return case


@transaction.atomic
def case_share(*, actor, case: Case, colleague, expires_on: date, request=None) -> CaseShare:
    """Let a colleague in the case's team work on it until `expires_on` (inclusive).
    Sharing again with the same colleague moves the end date."""
    _require_manager(actor, case)
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError({"expires_on": SHARE_END_IN_PAST})
    if (expires_on - today).days > MAX_SHARE_DAYS:
        raise ValidationError({"expires_on": SHARE_END_TOO_FAR})
    if colleague.pk == case.assignee_id:
        raise ValidationError({"colleague": SHARE_WITH_ASSIGNEE})
    if not Membership.objects.confirmed().filter(user=colleague, team=case.team).exists():
        raise ValidationError({"colleague": SHARE_NOT_IN_TEAM})
    share, _created = CaseShare.objects.update_or_create(
        user=colleague,
        content_object=case,
        permission=_cover_permission(),
        defaults={"expires_on": expires_on, "granted_by": actor},
    )
    audit.record(
        action=AuditAction.CASE_SHARED, actor=actor, case=case, subject_user=colleague, request=request
    )
    return share


@transaction.atomic
def case_share_end(*, actor, share: CaseShare, request=None) -> None:
    case = share.content_object
    _require_manager(actor, case)
    colleague = share.user
    share.delete()
    audit.record(
        action=AuditAction.CASE_SHARE_ENDED, actor=actor, case=case, subject_user=colleague, request=request
    )


def _cover_permission() -> Permission:
    return Permission.objects.get(codename="cover_case", content_type__app_label="casework")


@transaction.atomic
def release_member_cases(*, actor, user, team_id: int, request=None) -> None:
    """Someone leaves a team: their cases in it become unassigned (the managers see them
    under "Unassigned cases") and their cover shares there end, each audited. visible_to()
    already refuses them those cases; this keeps the records saying so too."""
    cases = list(Case.objects.filter(team_id=team_id, assignee=user).select_for_update())
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(assignee=None, updated_at=timezone.now())
    for case in cases:
        audit.record(
            action=AuditAction.CASE_UNASSIGNED, actor=actor, case=case, subject_user=user, request=request
        )
    shares = list(
        CaseShare.objects.filter(user=user, content_object__team_id=team_id).select_related("content_object")
    )
    CaseShare.objects.filter(pk__in=[share.pk for share in shares]).delete()
    for share in shares:
        audit.record(
            action=AuditAction.CASE_SHARE_ENDED,
            actor=actor,
            case=share.content_object,
            subject_user=user,
            request=request,
        )
    # With the team, so its managers still see it once the person is no longer theirs.
    audit.record(
        action=AuditAction.MEMBERSHIP_REMOVED,
        actor=actor,
        subject_user=user,
        team_id=team_id,
        request=request,
    )


@transaction.atomic
def membership_remove(*, actor, membership: Membership, request=None) -> None:
    """Take someone out of a team (a manager of the team, or an administrator). The clean-up
    runs in the Membership delete signal (casework/signals.py), so a membership deleted in the
    admin is released in exactly the same way; here it is attributed to the actor."""
    if not (actor.is_staff or membership.team_id in managed_team_ids(actor)):
        raise PermissionDenied("Only a manager of the team or an administrator can do this.")
    membership.removed_by = actor
    membership.removal_request = request
    membership.delete()


MEMBERSHIP_NOT_PENDING = "This role has already been confirmed or refused."
FIRST_MANAGER_ONLY = (
    "An administrator can confirm only the first manager of a new team: a team with no cases and "
    "nobody confirmed in it yet. Every other role is confirmed by a manager of the team."
)


def _require_confirmer(actor, membership: Membership) -> None:
    # A confirmed manager of the team, never the person themself (a raised caseworker
    # cannot confirm their own raise). Administrators hold no team role, so never qualify.
    if membership.user_id == actor.pk or membership.team_id not in managed_team_ids(actor):
        raise PermissionDenied("Only another manager of the team can confirm or refuse this.")


def _locked_pending(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if not locked.is_pending:
        raise ValidationError(MEMBERSHIP_NOT_PENDING)
    return locked


def _confirm(locked: Membership, actor) -> Membership:
    locked.confirmed_role = locked.role
    locked.confirmed_by = actor
    locked.confirmed_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["confirmed_role", "confirmed_by", "confirmed_at"])
    return locked


@transaction.atomic
def membership_confirm(*, actor, membership: Membership, request=None) -> Membership:
    """A manager of the team confirms a role an administrator granted (or raised): only now
    does it give access to the team's cases."""
    _require_confirmer(actor, membership)
    locked = _confirm(_locked_pending(membership), actor)
    audit.record(
        action=AuditAction.MEMBERSHIP_CONFIRMED,
        actor=actor,
        subject_user=locked.user,
        team_id=locked.team_id,
        fields=["role"],
        request=request,
    )
    return locked


@transaction.atomic
def membership_refuse(*, actor, membership: Membership, request=None) -> None:
    """A manager of the team refuses a role: a new membership is removed (through the same
    release as any removal); a raise goes back to the role that was confirmed."""
    _require_confirmer(actor, membership)
    locked = _locked_pending(membership)
    audit.record(
        action=AuditAction.MEMBERSHIP_REFUSED,
        actor=actor,
        subject_user=locked.user,
        team_id=locked.team_id,
        fields=["role"],
        request=request,
    )
    if locked.confirmed_role:
        locked.role = locked.confirmed_role
        locked.full_clean()
        locked.save(update_fields=["role"])
    else:
        locked.removed_by = actor
        locked.removal_request = request
        locked.delete()


def _admin_reset_since_last_sign_in(user, action) -> bool:
    events = AuditEvent.objects.filter(action=action, subject_user=user)
    if user.last_login is not None:
        events = events.filter(at__gt=user.last_login)
    return events.exists()


@transaction.atomic
def memberships_suspend_after_admin_resets(*, actor, user, request=None) -> int:
    """An administrator who has both set a person's password and reset their two-factor
    sign-in since that person last signed in could sign in as them. Their confirmed roles
    then wait, like a new grant, for a manager of each team to confirm them again (Team
    members page). A lost phone alone (two-factor reset, the person keeps their password)
    suspends nothing. Returns how many roles now wait."""
    both = _admin_reset_since_last_sign_in(
        user, AuditAction.PASSWORD_SET_BY_ADMIN
    ) and _admin_reset_since_last_sign_in(user, AuditAction.MFA_RESET)
    if not both:
        return 0
    suspended = 0
    for membership in Membership.objects.select_for_update().filter(user=user).confirmed():
        membership.confirmed_role, membership.confirmed_by, membership.confirmed_at = "", None, None
        membership.full_clean()
        membership.save(update_fields=["confirmed_role", "confirmed_by", "confirmed_at"])
        audit.record(
            action=AuditAction.MEMBERSHIP_SUSPENDED,
            actor=actor,
            subject_user=user,
            team_id=membership.team_id,
            fields=["role"],
            request=request,
        )
        suspended += 1
    return suspended


@transaction.atomic
def membership_confirm_first_manager(*, actor, membership: Membership, request=None) -> Membership:
    """The one confirmation an administrator gives: the first manager of a brand new team,
    which has nobody yet who could confirm anyone. Refused once the team has anyone confirmed
    in it or any case, so it can never open existing survivor records; recorded under its
    own action, which the team's audit trail and Team members page show prominently."""
    if not actor.is_administrator:
        raise PermissionDenied(FIRST_MANAGER_ONLY)
    # The team row lock makes two administrators confirming at once take turns. No
    # confirmed member means nobody can have opened a case meanwhile (case_open needs one).
    Team.objects.select_for_update().get(pk=membership.team_id)
    locked = _locked_pending(membership)
    has_member = Membership.objects.confirmed().filter(team_id=locked.team_id).exists()
    if locked.role != Role.MANAGER or has_member or Case.objects.filter(team_id=locked.team_id).exists():
        raise ValidationError(FIRST_MANAGER_ONLY)
    _confirm(locked, actor)
    audit.record(
        action=AuditAction.FIRST_MANAGER_CONFIRMED_BY_ADMIN,
        actor=actor,
        subject_user=locked.user,
        team_id=locked.team_id,
        fields=["role"],
        request=request,
    )
    return locked


@transaction.atomic
def case_close(*, actor, case: Case, closed_on: date, reason: str, request=None) -> Case:
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": CLOSE_BEFORE_OPEN})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": CLOSE_IN_FUTURE})
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.closure_reason = reason
    case.retention_until = clocks.add_months(closed_on, 12 * settings.RETENTION_YEARS)
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "closure_reason", "retention_until", "updated_at"])
    audit.record(
        action=AuditAction.CASE_CLOSED,
        actor=actor,
        case=case,
        fields=["status", "closed_on", "closure_reason"],
        request=request,
    )
    return case


@transaction.atomic
def case_reopen(*, actor, case: Case, request=None) -> Case:
    _require_manager(actor, case)
    if case.erased_at is not None:
        raise ValidationError(ERASED)
    case.status = CaseStatus.OPEN
    case.closed_on = None
    case.closure_reason = ""
    case.retention_until = None
    case.full_clean()
    case.save(update_fields=["status", "closed_on", "closure_reason", "retention_until", "updated_at"])
    audit.record(action=AuditAction.CASE_REOPENED, actor=actor, case=case, fields=["status"], request=request)
    return case


CONSENT_IN_FUTURE = "The date must be today or in the past."
CONSENT_NOT_GIVEN = "Only consent that was given can be withdrawn."
CONSENT_ALREADY_WITHDRAWN = "This consent has already been withdrawn."
ORGANISATION_NEEDED = "Enter the organisation's name"
WITHDRAWN_BEFORE_GIVEN = "Consent cannot be withdrawn before the date it was given."


@transaction.atomic
def consent_record(
    *,
    actor,
    case: Case,
    purpose: str,
    decision: str,
    decided_on: date,
    organisation="",
    notes="",
    request=None,
) -> Consent:
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": CONSENT_IN_FUTURE})
    sharing = purpose == ConsentPurpose.ORGANISATION_SHARING
    if sharing and not organisation.strip():
        raise ValidationError({"organisation": ORGANISATION_NEEDED})
    consent = Consent(
        case=case,
        purpose=purpose,
        decision=decision,
        decided_on=decided_on,
        organisation=organisation.strip() if sharing else None,  # NULL for every other purpose
        notes=notes,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit.record(
        action=AuditAction.CONSENT_RECORDED, actor=actor, case=case, fields=[purpose], request=request
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor, consent: Consent, withdrawn_on: date, version: int | None = None, request=None
) -> Consent:
    if consent.decision != ConsentDecision.GIVEN:
        raise ValidationError(CONSENT_NOT_GIVEN)
    if consent.withdrawn_on is not None:
        raise ValidationError(CONSENT_ALREADY_WITHDRAWN)
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": CONSENT_IN_FUTURE})
    if withdrawn_on < consent.decided_on:
        raise ValidationError({"withdrawn_on": WITHDRAWN_BEFORE_GIVEN})
    versioning.save_changes(
        actor=actor,
        kind="consent",
        record=consent,
        case=consent.case,
        expected_version=version,
        values={"withdrawn_on": withdrawn_on},
        audit_action=AuditAction.CONSENT_WITHDRAWN,
        audit_fields=[consent.purpose],
        request=request,
    )
    return consent


def person_blind_indexes_refresh() -> int:
    """Recompute every person's blind indexes (after BLIND_INDEX_KEY changes)."""
    updated = 0
    for person in Person.objects.iterator(chunk_size=500):
        person.name_dob_bidx = name_dob_index(person.given_names, person.family_name, person.date_of_birth)
        person.phone_bidx = phone_index(person.phone)
        person.save(update_fields=["name_dob_bidx", "phone_bidx"])
        updated += 1
    return updated


def erased_values(model) -> dict:
    """A blank for every encrypted field of a model (and its blind indexes): what erasure
    writes over a row before deleting it."""
    values = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedField):
            values[field.name] = None if field.null else field.get_default()
        elif field.name.endswith("_bidx"):
            values[field.name] = ""
    return values


@transaction.atomic
def case_erase_personal_data(*, actor, case: Case, request=None) -> Case:
    """Irreversibly erase what identifies the survivor once the retention period has run out.
    The case row keeps its identifiers, dates and statistics vocabularies; the audit trail
    keeps its bare events (who did what, when), which never held personal data."""
    today = timezone.localdate()
    if case.retention_until is None or case.retention_until >= today:
        raise ValidationError("This case's retention period has not ended.")
    if case.erased_at is not None:
        return case
    # Overwrite, then delete: the row's last version holds blanks, not the survivor's data
    # (README, "What erasure removes", says what PostgreSQL still keeps and for how long).
    Person.objects.filter(case=case).update(**erased_values(Person))
    Person.objects.filter(case=case).delete()
    # A subject access export still waiting holds everything in the case (encrypted):
    # overwritten, then deleted, like the rest.
    SubjectAccessExport.objects.filter(case=case).update(content=b"")
    SubjectAccessExport.objects.filter(case=case).delete()
    case.consents.update(notes="")
    case.consents.filter(organisation__isnull=False).update(organisation="")
    for area in hooks.data_areas():
        area.erase(case)
    case.erased_at = timezone.now()
    case.save(update_fields=["erased_at", "updated_at"])
    audit.record(action=AuditAction.PERSONAL_DATA_ERASED, actor=actor, case=case, request=request)
    # The overwrite and delete leave dead row versions holding the old ciphertext until
    # VACUUM (PostgreSQL): queue it for when this commits, whichever page or command erased.
    if connection.vendor == "postgresql":
        transaction.on_commit(_queue_vacuum)
    return case


def _queue_vacuum() -> None:
    from casework import tasks  # tasks imports this module

    try:
        tasks.vacuum_erased_tables.delay()
    except Exception:  # the broker is down: the erasure stands; the next purge_expired vacuums
        logger.exception("VACUUM after an erasure could not be queued")


def erased_tables_vacuum() -> list[str]:
    """VACUUM every table holding encrypted values (PostgreSQL), so the dead row versions an
    erasure leaves behind, still holding the old ciphertext, are removed now rather than when
    autovacuum next passes. VACUUM cannot run inside a transaction: returns the tables done,
    none when there is nothing to do or it cannot run here."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    tables = sorted({model._meta.db_table for model, _fields in key_rotation.encrypted_fields()})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
    return tables


EXPORT_DOWNLOAD_MINUTES = 15


class ExportAlreadyPrepared(Exception):
    """The export form was sent again with the token of an export already prepared."""


@transaction.atomic
def case_export(*, actor, case: Case, request=None, form_token=None) -> tuple[SubjectAccessExport, str]:
    """Prepare a subject access export for one download by the manager who asked for it.
    Returns the export and the ZIP's password, which is shown once and never stored.

    `form_token` is the form's one-time token (casework/submission.py): a second POST of the
    same form (a double click, Back and confirm again) raises ExportAlreadyPrepared instead of
    making a second export, also when both arrive at once (the claim's unique index). One
    export waits per manager and case: asking again replaces one not yet downloaded, whose
    password may never have been seen."""
    claim = None
    if form_token is not None:
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(token=form_token, user=actor)
        except IntegrityError:
            raise ExportAlreadyPrepared from None
    waiting = SubjectAccessExport.objects.filter(case=case, requested_by=actor, downloaded_at__isnull=True)
    if waiting.exists():
        waiting.update(content=b"")  # overwritten before deletion, as erasure does
        waiting.delete()
    content, password = subject_access.encrypted_zip(case)
    export = SubjectAccessExport.objects.create(
        token=uuid.uuid4(), case=case, requested_by=actor, content=content
    )
    if claim is not None:
        claim.record_kind, claim.record_id = export._meta.label_lower, export.pk
        claim.save(update_fields=["record_kind", "record_id"])
    audit.record(action=AuditAction.CASE_EXPORTED, actor=actor, case=case, request=request)
    return export, password


@transaction.atomic
def passkey_remove(*, actor, credential_id: int, request=None) -> None:
    """Remove one of the actor's own passkeys (the view has checked a fresh code first).
    Raises WebAuthnCredential.DoesNotExist for anyone else's."""
    credential = WebAuthnCredential.objects.select_for_update().get(pk=credential_id, user=actor)
    credential.delete()
    audit.record(
        action=AuditAction.MFA_RESET, actor=actor, subject_user=actor, fields=["passkey"], request=request
    )


def exports_purge_expired() -> int:
    """Delete the exports past their download window or already downloaded. Run by beat
    and at most once a minute from requests (casework.security.middleware.ExpiredExportsMiddleware).
    Checks before deleting, so a request with nothing to purge only reads (no write lock on SQLite)."""
    since = timezone.now() - timedelta(minutes=EXPORT_DOWNLOAD_MINUTES)
    expired = SubjectAccessExport.objects.filter(Q(created_at__lt=since) | Q(downloaded_at__isnull=False))
    if not expired.exists():
        return 0
    expired.update(content=b"")  # overwritten before deletion, as erasure does
    deleted, _ = expired.delete()
    return deleted


def form_submissions_purge() -> int:
    """Delete create-once claims (casework/submission.py) older than FORM_SUBMISSION_KEEP_HOURS.
    Run by beat: past that, a resubmission is no longer a double click or a retry."""
    since = timezone.now() - timedelta(hours=settings.FORM_SUBMISSION_KEEP_HOURS)
    deleted, _ = FormSubmission.objects.filter(created_at__lt=since).delete()
    return deleted


@transaction.atomic
def case_export_download(*, actor, case: Case, token, request=None) -> bytes | None:
    """The ZIP, once, to the manager who asked for it, within EXPORT_DOWNLOAD_MINUTES."""
    since = timezone.now() - timedelta(minutes=EXPORT_DOWNLOAD_MINUTES)
    export = (
        SubjectAccessExport.objects.select_for_update()
        .filter(token=token, case=case, requested_by=actor, downloaded_at__isnull=True, created_at__gte=since)
        .first()
    )
    if export is None:
        return None
    content = bytes(export.content)
    export.content = b""
    export.downloaded_at = timezone.now()
    export.save(update_fields=["content", "downloaded_at"])
    audit.record(action=AuditAction.CASE_EXPORT_DOWNLOADED, actor=actor, case=case, request=request)
    return content
