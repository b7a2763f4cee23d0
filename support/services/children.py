"""Recording, correcting and deleting a child's guardian, age dispute and local authority lead
(docs/domain.md, Children). Impossible records are refused with a message keyed to the field."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from support.models import AgeDispute, ChildGuardian, LocalAuthorityLead
from support.rules.dates import check_past
from support.vocabularies import AgeDisputeOutcome, SupportAuditAction

ASSESSED_ON_NEEDED = (
    "Enter the date of the age assessment, or choose \u201cWaiting for the age assessment\u201d."
)
NO_ASSESSMENT_YET = "Leave the assessment date blank while waiting for the age assessment."
ASSESSED_BEFORE_RAISED = "The age assessment cannot be before the date the dispute was raised."
AUTHORITY_NEEDED = "Enter the name of the local authority."


def _audit(action, actor, case, fields, request):
    # Field names only: never the names, areas or contacts themselves.
    audit.record(action=action, actor=actor, case=case, fields=fields, request=request)


def _check_dispute(*, raised_on, outcome, assessed_on, **_) -> None:
    check_past("raised_on", raised_on)
    check_past("assessed_on", assessed_on)
    if outcome == AgeDisputeOutcome.PENDING and assessed_on is not None:
        raise ValidationError({"assessed_on": NO_ASSESSMENT_YET})
    if outcome != AgeDisputeOutcome.PENDING and assessed_on is None:
        raise ValidationError({"assessed_on": ASSESSED_ON_NEEDED})
    if assessed_on is not None and raised_on is not None and assessed_on < raised_on:
        raise ValidationError({"assessed_on": ASSESSED_BEFORE_RAISED})


def _check_lead(*, authority, since, **_) -> None:
    check_past("since", since)
    if not (authority or "").strip():
        raise ValidationError({"authority": AUTHORITY_NEEDED})


@transaction.atomic
def guardian_record(
    *, actor, case, referred_on: date, service: str, area: str = "", request=None
) -> ChildGuardian:
    check_past("referred_on", referred_on)
    guardian = ChildGuardian(
        case=case, referred_on=referred_on, service=service, area=(area or "").strip(), recorded_by=actor
    )
    guardian.full_clean()
    guardian.save()
    _audit(SupportAuditAction.CHILD_GUARDIAN_RECORDED, actor, case, ["child_guardian"], request)
    return guardian


@transaction.atomic
def age_dispute_record(
    *,
    actor,
    case,
    raised_on: date,
    outcome: str = AgeDisputeOutcome.PENDING,
    assessed_on: date | None = None,
    request=None,
) -> AgeDispute:
    _check_dispute(raised_on=raised_on, outcome=outcome, assessed_on=assessed_on)
    dispute = AgeDispute(
        case=case, raised_on=raised_on, outcome=outcome, assessed_on=assessed_on, recorded_by=actor
    )
    dispute.full_clean()
    dispute.save()
    _audit(SupportAuditAction.AGE_DISPUTE_RECORDED, actor, case, ["age_dispute"], request)
    return dispute


@transaction.atomic
def local_authority_lead_record(
    *, actor, case, authority: str, since: date, social_worker: str = "", request=None
) -> LocalAuthorityLead:
    _check_lead(authority=authority, since=since)
    lead = LocalAuthorityLead(
        case=case,
        authority=authority.strip(),
        social_worker=(social_worker or "").strip(),
        since=since,
        recorded_by=actor,
    )
    lead.full_clean()
    lead.save()
    _audit(SupportAuditAction.LOCAL_AUTHORITY_LEAD_RECORDED, actor, case, ["local_authority_lead"], request)
    return lead


# Corrections: the same rules, through casework.services.versioning (the earlier values and
# the reason kept in the record's history).


def _save(actor, kind, record, version, reason, values, request):
    return versioning.correct(
        kind,
        record,
        actor=actor,
        case=record.case,
        version=version,
        reason=reason,
        values=values,
        request=request,
    )


@transaction.atomic
def guardian_change(*, actor, guardian: ChildGuardian, version: int, reason: str, request=None, **values):
    check_past("referred_on", values.get("referred_on"))
    if "area" in values:
        values["area"] = (values["area"] or "").strip()
    return _save(actor, "child_guardian", guardian, version, reason, values, request)


@transaction.atomic
def age_dispute_change(*, actor, dispute: AgeDispute, version: int, reason: str, request=None, **values):
    _check_dispute(**values)
    return _save(actor, "age_dispute", dispute, version, reason, values, request)


@transaction.atomic
def local_authority_lead_change(
    *, actor, lead: LocalAuthorityLead, version: int, reason: str, request=None, **values
):
    _check_lead(**values)
    values["authority"] = values["authority"].strip()
    values["social_worker"] = (values.get("social_worker") or "").strip()
    return _save(actor, "local_authority_lead", lead, version, reason, values, request)


@transaction.atomic
def children_record_delete(*, actor, kind: str, record, version: int, reason: str, request=None) -> bool:
    """Delete a guardian referral, an age dispute or a local authority lead recorded in error."""
    return versioning.remove(
        kind, record, actor=actor, case=record.case, version=version, reason=reason, request=request
    )


def children_erase_personal_data(case) -> None:
    """At the end of retention: the guardian's area, the local authority's name and the social
    worker's contact go; dates and vocabularies stay for the statistics."""
    ChildGuardian.objects.filter(case=case).update(area="")
    LocalAuthorityLead.objects.filter(case=case).update(authority="", social_worker="")
