"""Reads with a rule. Every case read starts from Case.objects.visible_to(user)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from casework.access import managed_team_ids
from casework.models import AuditEvent, Case, CaseShare, DuplicateFlag, Membership, Person, Team, User
from casework.security.crypto import name_dob_index
from casework.vocabularies import AgeAtExploitation, AuditAction, CaseStatus, DuplicateResolution

LIST_PAGE_SIZE = 50


def visible_cases(user, *, status: str | None = CaseStatus.OPEN) -> QuerySet[Case]:
    """The cases a user may see, with what a list row shows and nothing more: the
    person's name is decrypted, their other encrypted fields are never loaded."""
    cases = Case.objects.visible_to(user).select_related("team", "assignee", "person")
    if status:
        cases = cases.filter(status=status)
    return cases.only(
        "reference",
        "status",
        "opened_on",
        "team__name",
        "assignee__username",
        "assignee__first_name",
        "assignee__last_name",
        "person__given_names",
        "person__family_name",
    ).order_by("-opened_on", "-id")


def case_search(user, *, reference: str = "", full_name: str = "", date_of_birth=None) -> QuerySet[Case]:
    """Exact-match search inside what the user may see: by reference, or by name and
    date of birth through the blind index (no decryption, no LIKE over ciphertext)."""
    cases = visible_cases(user, status=None)
    if reference:
        return cases.filter(reference=reference)
    bidx = name_dob_index(full_name, "", date_of_birth)
    return cases.filter(person__name_dob_bidx=bidx) if bidx else cases.none()


# What the header of every page of a case shows of the survivor (case_base.html: the name), and
# what is_possibly_child() reads (the consent page and the apps' panels ask it).
HEADER_PERSON_FIELDS = frozenset({"given_names", "family_name", "date_of_birth", "estimated_age"})
# The Overview's "The survivor": the header's fields (age too), the recorded risks, pronouns,
# languages and the safe contact.
OVERVIEW_PERSON_FIELDS = HEADER_PERSON_FIELDS | {
    "risk_flags",
    "pronouns",
    "languages",
    "interpreter_needed",
    "phone",
    "safe_to_call",
    "safe_to_text",
    "safe_to_leave_voicemail",
    "safe_contact_times",
}


def _person_fields_except(shown: frozenset[str]) -> list[str]:
    return [
        f"person__{field.name}"
        for field in Person._meta.concrete_fields
        if not field.primary_key and field.name not in shown
    ]


# These querysets are given to get_case_for_user, which applies the access rule (visible_to)
# and the reference: once per page, not again here.


def case_header() -> QuerySet[Case]:
    """A page of a case that shows the survivor only in its header (an area's page, Contacts,
    Tasks, Consent): the person's other encrypted fields are never loaded, so not decrypted."""
    return Case.objects.select_related("team", "assignee", "person").defer(
        *_person_fields_except(HEADER_PERSON_FIELDS)
    )


def case_overview() -> QuerySet[Case]:
    """The Overview: the header's fields and what "The survivor" shows, nothing more."""
    return Case.objects.select_related("team", "assignee", "person").defer(
        *_person_fields_except(OVERVIEW_PERSON_FIELDS)
    )


def case_detail() -> QuerySet[Case]:
    """Personal details and their form: every field of the survivor."""
    return Case.objects.select_related("team", "assignee", "person", "created_by").prefetch_related(
        "exploitations"
    )


def live_shares(case: Case) -> QuerySet[CaseShare]:
    return case.shares.filter(expires_on__gte=timezone.localdate()).select_related("user")


def shared_with_me(user, visible: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Open cases shared with me for cover (not my own), from `visible` when the caller already
    has visible_cases(user) (My work), so the access rule's queries run once."""
    return (
        (visible_cases(user) if visible is None else visible)
        .filter(shares__user=user, shares__expires_on__gte=timezone.localdate())
        .exclude(assignee=user)
    )


def unassigned_team_cases(user) -> QuerySet[Case]:
    managed = Team.objects.managed_by(user)
    return visible_cases(user).filter(assignee__isnull=True, team__in=managed)


def duplicate_flags_for_manager(user) -> QuerySet[DuplicateFlag]:
    """Possible duplicates waiting for this manager's answer: a side (a case) in a team they
    manage that has not answered yet. Once their side has answered the flag leaves their
    list, whatever the other side does."""
    managed = Team.objects.managed_by(user)
    return (
        DuplicateFlag.objects.filter(resolved_at__isnull=True)
        .filter(
            Q(case__team__in=managed, case_answer="") | Q(matched_case__team__in=managed, matched_answer="")
        )
        .select_related("case__team", "matched_case__team")
    )


@dataclass(frozen=True)
class DuplicateRow:
    """What a manager is told about one possible duplicate on "My work"."""

    flag: DuplicateFlag
    mine: list  # the case(s) of the pair in teams they manage
    other: Case | None  # the case in another team, None when both are theirs
    other_visible: bool  # they may open it (and see its reference)
    # The other case's team, only when the other case is the newer one: its managers can
    # then be contacted. The newer case's managers are not told the older case's team.
    other_team: str = ""


def duplicate_rows_for_manager(user) -> list[DuplicateRow]:
    managed = set(managed_team_ids(user))
    flags = list(duplicate_flags_for_manager(user))
    ids = {flag.case_id for flag in flags} | {flag.matched_case_id for flag in flags}
    visible = set(Case.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for flag in flags:
        mine = [case for case in (flag.case, flag.matched_case) if case.team_id in managed]
        others = [case for case in (flag.case, flag.matched_case) if case.team_id not in managed]
        other = others[0] if others else None
        rows.append(
            DuplicateRow(
                flag=flag,
                mine=mine,
                other=other,
                other_visible=other is not None and other.pk in visible,
                other_team=other.team.name if other is not None and other.pk == flag.case_id else "",
            )
        )
    return rows


def team_staff(user) -> QuerySet[User]:
    """Everyone in the teams the user manages (for the audit filter)."""
    managed = Team.objects.managed_by(user)
    return User.objects.filter(memberships__team__in=managed).distinct().order_by("username")


def managed_memberships(user) -> QuerySet[Membership]:
    """The memberships of the teams the user manages (confirmed there), for the Team members
    page: who is in them, and what waits for a manager's confirmation."""
    managed = Team.objects.managed_by(user)
    return (
        Membership.objects.filter(team__in=managed)
        .select_related("user", "team", "confirmed_by")
        .order_by("team__name", "user__username")
    )


def first_managers_confirmed_by_administrators(user) -> QuerySet[AuditEvent]:
    """The one confirmation an administrator may give, shown to the team's managers."""
    managed = Team.objects.managed_by(user)
    return (
        AuditEvent.objects.filter(action=AuditAction.FIRST_MANAGER_CONFIRMED_BY_ADMIN, team__in=managed)
        .select_related("actor", "subject_user", "team")
        .order_by("-at")
    )


def team_audit_events(user, *, case_reference="", actor=None, date_from=None, date_to=None):
    """The audit trail of the teams a user manages: events about their cases, the
    sign-ins and refusals of their staff, and what administrators did to their staff's
    accounts and to the teams' memberships."""
    managed = Team.objects.managed_by(user)
    # Everyone in the teams, confirmed or not: a person waiting for confirmation is exactly
    # whose sign-ins and account changes the managers should see.
    staff = Membership.objects.filter(team__in=managed).values("user_id")
    events = AuditEvent.objects.filter(
        Q(case__team__in=managed)
        | Q(team__in=managed)
        | Q(case__isnull=True, team__isnull=True, actor__in=staff)
        | Q(case__isnull=True, team__isnull=True, subject_user__in=staff)
    )
    if case_reference:
        events = events.filter(case__reference=case_reference)
    if actor is not None:
        events = events.filter(actor=actor)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.select_related("actor", "case", "subject_user", "team").order_by("-at", "-id")


def age_in_years(person, on=None) -> int | None:
    on = on or timezone.localdate()
    if person.date_of_birth:
        dob = person.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return person.estimated_age


def is_possibly_child(case: Case) -> bool:
    """Under 18, or of unknown age and possibly under 18: such a person is presumed a child
    (Modern Slavery Act s51) and an NRM referral needs no consent."""
    person = getattr(case, "person", None)  # None once erased at the end of retention
    age = age_in_years(person) if person is not None else None
    if age is not None:
        return age < 18
    return case.age_at_exploitation != AgeAtExploitation.ADULT


def consent_ledger(case: Case):
    return case.consents.select_related("recorded_by").order_by("purpose", "-decided_on", "-id")


def consent_in_force(case: Case, purpose: str):
    """The latest decision for a purpose that has not been withdrawn, or None."""
    return case.consents.in_force().filter(purpose=purpose).order_by("-decided_on", "-id").first()


def expired_cases(user) -> QuerySet[Case]:
    """Closed cases of the teams a user manages whose retention period has run out and whose
    personal data has not yet been erased."""
    managed = Team.objects.managed_by(user)
    return expired_cases_all().filter(
        pk__in=Case.objects.visible_to(user).filter(team__in=managed).values("pk")
    )


def expired_cases_all() -> QuerySet[Case]:
    """For the purge_expired command, which acts for the organisation, not for a user."""
    return (
        Case.objects.filter(erased_at__isnull=True, retention_until__lt=timezone.localdate())
        .select_related("team")
        .order_by("retention_until", "id")
    )


def linked_cases(user, case: Case) -> list[Case]:
    """Cases a manager settled as the same person as this one, that the user may see."""
    flags = DuplicateFlag.objects.filter(resolution=DuplicateResolution.SAME_PERSON).filter(
        Q(case=case) | Q(matched_case=case)
    )
    other_ids = [f.matched_case_id if f.case_id == case.pk else f.case_id for f in flags]
    if not other_ids:
        return []
    return list(Case.objects.visible_to(user).filter(pk__in=other_ids).select_related("team"))
