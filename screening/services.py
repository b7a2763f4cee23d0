"""Every write to a screening interview, audited by section and question names, never by
answer."""

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.models import Case
from casework.services import versioning
from casework.services.consent import consent_record
from casework.vocabularies import ConsentDecision, ConsentPurpose
from screening import rules
from screening.models import ScreeningAmendment, ScreeningInterview
from screening.questions import CURRENT_VERSION, questionnaire
from screening.vocabularies import InterviewOutcome, InterviewStatus, ScreeningAction, SectionProgress

SECTIONS_LEFT = "Complete every section before completing the interview: {sections}."
NOTHING_CHANGED = "Nothing was changed."
COMPLETE, IN_PROGRESS = SectionProgress.COMPLETE, SectionProgress.IN_PROGRESS


@transaction.atomic
def interview_start(*, actor, case, request=None) -> ScreeningInterview:
    """Start an interview, or give the one already in progress: a case has at most one open
    interview, so a second tab (or an old page's button) leads to it instead of a twin."""
    Case.objects.select_for_update().filter(pk=case.pk).first()  # two starts at once queue here
    open_interview = case.screening_interviews.filter(status=InterviewStatus.DRAFT).first()
    if open_interview is not None:
        return open_interview
    interview = ScreeningInterview.objects.create(case=case, version=CURRENT_VERSION, started_by=actor)
    audit.record(action=ScreeningAction.STARTED, actor=actor, case=case, request=request)
    return interview


def _section_keys(interview: ScreeningInterview, section: str, answers: dict) -> list[str]:
    found = questionnaire(interview.version).section(section)
    keys = [q.key for q in found.questions] if found else []
    return keys + sorted(set(answers) - set(keys))


@transaction.atomic
def interview_save_section(
    *,
    actor,
    interview: ScreeningInterview,
    section: str,
    answers: dict,
    complete: bool,
    version: int | None = None,
    prefilled: dict | None = None,
    request=None,
) -> ScreeningInterview:
    """Save one section. `complete` when every required question was answered (the form
    checked it); otherwise the section stays in progress ("save and come back later").
    `version`: the interview's edit version when the form was opened; `prefilled`: the
    answers the page filled in for the person then (today's date, their name)."""
    # Locked first, so that two saves at once see each other's answer (consent ledger below).
    earlier = ScreeningInterview.objects.select_for_update().get(pk=interview.pk)
    rules.require_answerable(earlier)
    was_complete = earlier.progress.get(section) == COMPLETE
    decided_before = earlier.answers.get(section, {}).get("consent_given")
    progress = COMPLETE if complete else IN_PROGRESS
    keys = _section_keys(interview, section, answers)
    values = {f"{section}.{key}": answers.get(key) for key in keys}

    def snapshot(locked):
        current = locked.answers.get(section, {})
        return {f"{section}.{key}": current.get(key) for key in keys}

    def apply(locked, _values, changed):
        everything = locked.answers
        everything[section] = answers
        locked.answers = everything
        locked.progress = {**locked.progress, section: progress}
        locked.save(update_fields=["answers_json", "progress", "edit_version", "updated_at"])

    changed = versioning.save_changes(
        actor=actor,
        kind="screening",
        record=interview,
        case=interview.case,
        expected_version=version,
        values=values,
        snapshot=snapshot,
        apply=apply,
        audit_action=ScreeningAction.SECTION_SAVED,
        audit_prefix=False,
        opened={f"{section}.{key}": value for key, value in (prefilled or {}).items()},
        request=request,
    )
    interview = ScreeningInterview.objects.get(pk=interview.pk)
    if not changed:
        # The same answers again: only the section's progress may move (and it is audited).
        if interview.progress.get(section) != progress:
            interview.progress = {**interview.progress, section: progress}
            interview.save(update_fields=["progress", "updated_at"])
        audit.record(action=ScreeningAction.SECTION_SAVED, actor=actor, case=interview.case, request=request)
    # Into the consent ledger once per decision: saving the section again with the same answer
    # (a double click, Back and save) must not add a second identical consent.
    decided = answers.get("consent_given")
    if (
        section == "consent"
        and complete
        and decided in ("yes", "no")
        and not (was_complete and decided_before == decided)
    ):
        _record_interview_consent(actor, interview, answers, request)
    return interview


def _record_interview_consent(actor, interview, answers, request) -> None:
    """The interview's consent question also goes in the case's consent ledger."""
    details = interview.answers.get("details", {})
    day = (
        date.fromisoformat(details["interview_date"])
        if details.get("interview_date")
        else timezone.localdate()
    )
    consent_record(
        actor=actor,
        case=interview.case,
        purpose=ConsentPurpose.SCREENING_INTERVIEW,
        decision=ConsentDecision.GIVEN if answers["consent_given"] == "yes" else ConsentDecision.REFUSED,
        decided_on=min(day, timezone.localdate()),
        notes="Recorded with the screening interview.",
        request=request,
    )


def sections_left(interview: ScreeningInterview) -> list[str]:
    return [
        section.title
        for section in questionnaire(interview.version).sections
        if interview.progress.get(section.slug) != COMPLETE
    ]


@transaction.atomic
def interview_complete(*, actor, interview: ScreeningInterview, request=None) -> ScreeningInterview:
    interview = ScreeningInterview.objects.select_for_update().get(pk=interview.pk)
    rules.require_answerable(interview)
    left = sections_left(interview)
    if left:
        raise ValidationError(SECTIONS_LEFT.format(sections=", ".join(left)))
    interview.status = InterviewStatus.COMPLETED
    interview.completed_at = timezone.now()
    interview.outcome = interview.answers.get("assessment", {}).get("outcome", "")
    interview.full_clean()
    interview.save(update_fields=["status", "completed_at", "outcome", "updated_at"])
    audit.record(action=ScreeningAction.COMPLETED, actor=actor, case=interview.case, request=request)
    return interview


@transaction.atomic
def interview_amend(
    *,
    actor,
    interview: ScreeningInterview,
    section: str,
    answers: dict,
    reason: str,
    version: int | None = None,
    request=None,
) -> ScreeningAmendment:
    """Correct a completed interview. The earlier answers of the changed questions are kept
    in the amendment, so the history shows what was said before. Refused (EditConflict) if
    someone corrected the same section since the form was opened."""
    rules.require_amendable(ScreeningInterview.objects.get(pk=interview.pk))
    keys = _section_keys(interview, section, answers)
    made = []

    def snapshot(locked):
        current = locked.answers.get(section, {})
        return {f"{section}.{key}": current.get(key) for key in keys}

    def apply(locked, _values, changed):
        everything = locked.answers
        before = everything.get(section, {})
        names = [name.split(".", 1)[1] for name in changed]
        made.append(
            ScreeningAmendment.objects.create(
                interview=locked,
                section=section,
                fields=names,
                reason=reason,
                previous_json=json.dumps({key: before.get(key) for key in names}, ensure_ascii=False),
                amended_by=actor,
            )
        )
        everything[section] = answers
        locked.answers = everything
        if section == "assessment":
            locked.outcome = answers.get("outcome", locked.outcome)
        locked.save(update_fields=["answers_json", "outcome", "edit_version", "updated_at"])

    changed = versioning.save_changes(
        actor=actor,
        kind="screening",
        record=interview,
        case=interview.case,
        expected_version=version,
        values={f"{section}.{key}": answers.get(key) for key in keys},
        reason=reason,
        snapshot=snapshot,
        apply=apply,
        audit_action=ScreeningAction.AMENDED,
        audit_prefix=False,
        request=request,
    )
    if not changed:
        raise ValidationError(NOTHING_CHANGED)
    return made[0]


@transaction.atomic
def interview_stop(*, actor, interview: ScreeningInterview, reason: str, note: str = "", request=None):
    """Stop the interview (the survivor is distressed, unsafe or declines), keeping what was
    recorded."""
    interview = ScreeningInterview.objects.select_for_update().get(pk=interview.pk)
    rules.require_answerable(interview)
    interview.status = InterviewStatus.STOPPED
    interview.stopped_at = timezone.now()
    interview.stop_reason = reason
    interview.stop_note = note
    interview.outcome = InterviewOutcome.STOPPED
    interview.full_clean()
    interview.save()
    audit.record(
        action=ScreeningAction.STOPPED,
        actor=actor,
        case=interview.case,
        # The field names only: why it stopped (distressed, unsafe...) is the survivor's state.
        fields=["stop_reason", "stop_note"] if note else ["stop_reason"],
        request=request,
    )
    return interview
