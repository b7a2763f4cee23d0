"""Possible duplicates: two cases with the same name and date of birth, settled by the managers of both teams.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.access import managed_team_ids
from casework.models import Case, DuplicateFlag, Person
from casework.vocabularies import AuditAction, DuplicateResolution


def flag_duplicates(*, actor, case: Case, request=None) -> tuple[str, ...]:
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
