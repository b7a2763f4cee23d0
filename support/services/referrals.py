"""Recording, correcting and deleting an NRM referral or a Duty to Notify report. Impossible
records are refused with a message a caseworker understands, keyed to the form field it concerns."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.security.crypto import blind_index, normalise_text
from casework.selectors.cases import consent_in_force
from casework.services import versioning
from casework.ui.dates import long_date
from casework.vocabularies import ConsentDecision, ConsentPurpose, Nation
from support.models import Decision, PublicOrderDisqualification, Referral, SupportPeriod, Withdrawal
from support.rules import nrm_status
from support.rules.children import child_panel_refusal, eighteenth_birthday
from support.rules.dates import check_past, not_after
from support.rules.nrm_status import latest_referral
from support.rules.referrals import other_first_responder
from support.services.support_periods import SUPPORT_BEFORE_REFERRAL
from support.vocabularies import (
    AgeDisputeOutcome,
    AgeGroup,
    CompetentAuthority,
    ExploitationAge,
    ReferralKind,
    SupportAuditAction,
)

DTN_FOR_CHILD = (
    "A Duty to Notify report cannot be made for a child. Children are referred to the NRM, "
    "and need no consent."
)
DTN_OUTSIDE_ENGLAND_WALES = "The Duty to Notify applies only in England and Wales."
CONSENT_NEEDED = (
    "An adult must consent to an NRM referral. Record their consent in the consent ledger first; "
    "if they decline, make a Duty to Notify report instead."
)
REFERRAL_BEFORE_CONSENT = (
    "The referral is dated before the consent to it ({day}). Check the date submitted, or the date "
    "of the consent."
)
CHILD_NEEDS_SCA = (
    "A child's case is decided by the Single Competent Authority, or by the devolved child "
    "decision-making panel in a pilot area."
)
AUTHORITY_NEEDED = "Select the competent authority."
CHILD_BUT_ADULT_BY_BIRTH = (
    "The date of birth recorded ({dob}) makes the person 18 or over on the referral date: refer them "
    "as an adult, or record an age dispute first if their age is in doubt."
)
HAS_DECISIONS = "Delete this referral's decisions, withdrawal and disqualification first."
HAS_RE_REFERRAL = "A re-referral follows this referral: delete the re-referral first."


def nrm_reference_index(reference: str) -> str:
    return blind_index("nrm.reference", normalise_text(reference).replace(" ", ""))


def _check_child_by_birth(case, *, age_at_referral, submitted_on):
    """A referral marked "Child" for someone whose recorded date of birth makes them an adult on
    the referral date is refused, unless their age is disputed (an age dispute is recorded)."""
    person = getattr(case, "person", None)
    dob = person.date_of_birth if person is not None else None
    if age_at_referral != AgeGroup.CHILD or dob is None or case.age_disputes.exists():
        return
    if submitted_on >= eighteenth_birthday(dob):
        raise ValidationError({"age_at_referral": CHILD_BUT_ADULT_BY_BIRTH.format(dob=long_date(dob))})


def _check_child_panel(case, *, competent_authority, child_panel_area, age_at_referral, submitted_on):
    person = getattr(case, "person", None)
    refusal = child_panel_refusal(
        competent_authority=competent_authority,
        area=child_panel_area,
        age_at_referral=age_at_referral,
        submitted_on=submitted_on,
        date_of_birth=person.date_of_birth if person is not None else None,
        age_disputed=competent_authority == CompetentAuthority.CHILD_PANEL
        and case.age_disputes.filter(outcome=AgeDisputeOutcome.PENDING, raised_on__lte=submitted_on).exists(),
    )
    if refusal is not None:
        field, message = refusal
        raise ValidationError({field: message})


def _check_referral(
    case, *, kind, submitted_on, age_at_referral, nation, competent_authority, child_panel_area=""
):
    """The rules of a referral, the same when recorded and when corrected. Returns the
    consent it rests on (an adult's NRM referral) and the competent authority."""
    check_past("submitted_on", submitted_on)
    _check_child_by_birth(case, age_at_referral=age_at_referral, submitted_on=submitted_on)
    consent = None
    if kind == ReferralKind.DUTY_TO_NOTIFY:
        if age_at_referral == AgeGroup.CHILD:
            raise ValidationError({"kind": DTN_FOR_CHILD})
        if nation not in (Nation.ENGLAND, Nation.WALES):
            raise ValidationError({"kind": DTN_OUTSIDE_ENGLAND_WALES})
        competent_authority = ""
    else:
        if not competent_authority:
            raise ValidationError({"competent_authority": AUTHORITY_NEEDED})
        if age_at_referral == AgeGroup.CHILD and competent_authority == CompetentAuthority.IECA:
            raise ValidationError({"competent_authority": CHILD_NEEDS_SCA})
        _check_child_panel(
            case,
            competent_authority=competent_authority,
            child_panel_area=child_panel_area,
            age_at_referral=age_at_referral,
            submitted_on=submitted_on,
        )
        if age_at_referral == AgeGroup.ADULT:
            consent = consent_in_force(case, ConsentPurpose.NRM_REFERRAL)
            if consent is None or consent.decision != ConsentDecision.GIVEN:
                raise ValidationError({"kind": CONSENT_NEEDED})
            if consent.decided_on > submitted_on:
                day = long_date(consent.decided_on)
                raise ValidationError({"submitted_on": REFERRAL_BEFORE_CONSENT.format(day=day)})

    return consent, competent_authority


@transaction.atomic
def referral_record(
    *,
    actor,
    case,
    kind: str,
    submitted_on: date,
    first_responder: str,
    age_at_referral: str,
    nation: str,
    competent_authority: str = "",
    first_responder_other: str | None = "",
    referred_by=None,
    nrm_reference: str = "",
    working_day_calendar: str = Nation.ENGLAND,
    age_at_exploitation: str = ExploitationAge.NOT_SPECIFIED,
    child_panel_area: str = "",
    request=None,
) -> Referral:
    versioning.lock(case)  # one referral at a time: the re-referral rule reads the others
    first_responder_other = other_first_responder(first_responder, first_responder_other)
    consent, competent_authority = _check_referral(
        case,
        kind=kind,
        submitted_on=submitted_on,
        age_at_referral=age_at_referral,
        nation=nation,
        competent_authority=competent_authority,
        child_panel_area=child_panel_area,
    )
    if competent_authority != CompetentAuthority.CHILD_PANEL:
        child_panel_area = ""
    previous = latest_referral(case)
    refusal = nrm_status.referral_refusal(previous)
    if refusal is not None:
        raise ValidationError(refusal)

    if previous is not None:
        Referral.objects.filter(case=case, is_current=True).update(is_current=False)
    referral = Referral(
        case=case,
        kind=kind,
        submitted_on=submitted_on,
        first_responder=first_responder,
        first_responder_other=first_responder_other,
        referred_by=referred_by,
        nrm_reference=nrm_reference.strip(),
        nrm_reference_bidx=nrm_reference_index(nrm_reference) if nrm_reference.strip() else "",
        age_at_referral=age_at_referral,
        age_at_exploitation=age_at_exploitation,
        consent=consent,
        competent_authority=competent_authority,
        child_panel_area=child_panel_area,
        nation=nation,
        working_day_calendar=working_day_calendar,
        previous_referral=previous,
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    audit.record(
        action=SupportAuditAction.NRM_REFERRAL_RECORDED,
        actor=actor,
        case=case,
        fields=[kind],
        request=request,
    )
    return referral


def _check_support_after(case, referral: Referral, submitted_on: date) -> None:
    """Support starts on or after the case's first referral (support_periods._check_period):
    a referral's date cannot be corrected past a period of support that rests on it."""
    others = Referral.objects.filter(case=case).exclude(pk=referral.pk).order_by("submitted_on").first()
    first = min(submitted_on, others.submitted_on) if others is not None else submitted_on
    if SupportPeriod.objects.filter(case=case, start_on__lt=first).exists():
        raise ValidationError({"submitted_on": SUPPORT_BEFORE_REFERRAL.format(day=long_date(first))})


@transaction.atomic
def referral_change(*, actor, referral: Referral, version: int, reason: str, request=None, **values) -> set:
    case = versioning.lock(referral.case)  # the support periods' rule reads the referral dates
    versioning.lock(referral)
    values["first_responder_other"] = other_first_responder(
        values.get("first_responder", referral.first_responder), values.get("first_responder_other")
    )
    values["nrm_reference"] = (values.get("nrm_reference") or "").strip()
    consent, values["competent_authority"] = _check_referral(
        case,
        kind=referral.kind,
        submitted_on=values["submitted_on"],
        age_at_referral=values["age_at_referral"],
        nation=values["nation"],
        competent_authority=values.get("competent_authority", ""),
        child_panel_area=values.get("child_panel_area", ""),
    )
    if "child_panel_area" in values and values["competent_authority"] != CompetentAuthority.CHILD_PANEL:
        values["child_panel_area"] = ""
    _check_support_after(case, referral, values["submitted_on"])
    withdrawal = Withdrawal.objects.filter(referral=referral).first()
    not_after(
        values["submitted_on"],
        [(f"{d.get_kind_display()} decision", d.decided_on) for d in referral.decisions.all()]
        + [("Withdrawal", withdrawal.withdrawn_on if withdrawal else None)],
        "submitted_on",
    )

    def apply(locked, new, changed):
        for name in changed:
            setattr(locked, name, new[name])
        locked.nrm_reference_bidx = nrm_reference_index(locked.nrm_reference) if locked.nrm_reference else ""
        locked.consent = consent
        locked.full_clean()
        locked.save()

    return versioning.save_changes(
        actor=actor,
        kind="referral",
        record=referral,
        case=case,
        expected_version=version,
        values=values,
        reason=reason,
        apply=apply,
        request=request,
    )


@transaction.atomic
def referral_delete(*, actor, referral: Referral, version: int, reason: str, request=None) -> bool:
    versioning.lock(referral.case)
    if not Referral.objects.filter(pk=referral.pk).exists():
        return False  # already deleted (a double submission)
    referral = versioning.lock(referral)
    if (
        referral.decisions.exists()
        or Withdrawal.objects.filter(referral=referral).exists()
        or PublicOrderDisqualification.objects.filter(referral=referral).exists()
    ):
        raise ValidationError(HAS_DECISIONS)
    if Referral.objects.filter(previous_referral=referral).exists():
        raise ValidationError(HAS_RE_REFERRAL)
    case, previous, was_current = referral.case, referral.previous_referral_id, referral.is_current
    deleted = versioning.remove(
        "referral", referral, actor=actor, case=case, version=version, reason=reason, request=request
    )
    if deleted and was_current and previous:
        # The referral before it is the case's current one again.
        Referral.objects.filter(pk=previous).update(is_current=True)
    return deleted


@transaction.atomic
def referral_record_delete(*, actor, kind: str, record, version: int, reason: str, request=None) -> bool:
    """Delete a disqualification or a withdrawal recorded in error."""
    versioning.lock(record.referral)
    return versioning.remove(
        kind, record, actor=actor, case=record.referral.case, version=version, reason=reason, request=request
    )


def referral_blind_indexes_refresh() -> int:
    """Recompute every NRM reference's blind index (after BLIND_INDEX_KEY changes)."""
    updated = 0
    for referral in Referral.objects.iterator(chunk_size=500):
        referral.nrm_reference_bidx = (
            nrm_reference_index(referral.nrm_reference) if referral.nrm_reference else ""
        )
        referral.save(update_fields=["nrm_reference_bidx"])
        updated += 1
    return updated


def nrm_erase_personal_data(case) -> None:
    """At the end of retention: the NRM reference, names and free-text notes go; the dates,
    outcomes and vocabularies stay for the statistics."""
    Referral.objects.filter(case=case).update(nrm_reference="", nrm_reference_bidx="")
    Decision.objects.filter(referral__case=case).update(notes="")
    PublicOrderDisqualification.objects.filter(referral__case=case).update(notes="")
    Withdrawal.objects.filter(referral__case=case).update(notes="")
    # A name where one was given (NULL means none, and an "other" must stay named).
    Referral.objects.filter(case=case, first_responder_other__isnull=False).update(first_responder_other="")
