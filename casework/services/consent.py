"""The survivor's consent decisions.

Each service checks its rule, validates, saves and writes its audit entry in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework import audit
from casework.models import Case, Consent
from casework.services import versioning
from casework.vocabularies import AuditAction, ConsentDecision, ConsentPurpose

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


# Consent as a data area (registered in casework/apps.py). The purpose, decision and dates
# stay after erasure (statistics); what was typed goes.
def consent_export(case: Case) -> list[dict]:
    return [
        {
            "purpose": consent.get_purpose_display(),
            "organisation": consent.organisation or "",
            "decision": consent.get_decision_display(),
            "decided_on": consent.decided_on,
            "withdrawn_on": consent.withdrawn_on,
            "notes": consent.notes,
        }
        for consent in case.consents.order_by("decided_on", "id")
    ]


def consent_erase(case: Case) -> None:
    case.consents.update(notes="")
    case.consents.filter(organisation__isnull=False).update(organisation="")
