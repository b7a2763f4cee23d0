"""What the case page and My work read of a claim: its last day, and the rule that gave it in
a caseworker's words (docs/domain.md, "Compensation and claims")."""

from datetime import date

from django.conf import settings

from casework import claim_deadlines, clocks
from casework.ui.dates import long_date
from casework.vocabularies import Nation
from justice.models import Claim
from justice.vocabularies import ClaimKind, ExtensionOutcome
from support.models import Referral


def _date_of_birth(claim: Claim) -> date | None:
    if not claim.uses_date_of_birth:
        return None
    person = getattr(claim.case, "person", None)
    return person.date_of_birth if person is not None else None


def _nation(claim: Claim) -> str:
    """The nation of the case's current referral (England when there is none)."""
    current = Referral.objects.filter(case_id=claim.case_id, is_current=True)
    nation = current.values_list("nation", flat=True).first()
    return nation or Nation.ENGLAND


def counts_from(claim: Claim) -> date:
    """The day the time limit counts from. A series of deductions from wages counts from the
    last (ERA 1996 s23(3)); a period of abuse from its first day, unless the setting says the
    CICA scheme counts from its last (unverified)."""
    if claim.period_ended_on is None:
        return claim.incident_on
    if claim.kind == ClaimKind.EMPLOYMENT_TRIBUNAL:
        return claim.period_ended_on
    if claim.kind == ClaimKind.CICA and settings.CICA_ABUSE_PERIOD_COUNTS_FROM_END:
        return claim.period_ended_on
    return claim.incident_on


def claim_deadline(claim: Claim) -> date:
    date_of_birth = _date_of_birth(claim)
    needs_nation = claim.kind == ClaimKind.CIVIL and date_of_birth is not None
    return clocks.claim_deadline(
        claim.kind,
        counts_from(claim),
        acas_day_a=claim.acas_day_a,
        acas_day_b=claim.acas_day_b,
        date_of_birth=date_of_birth,
        reported_on=claim.first_reported_on,
        nation=_nation(claim) if needs_nation else None,
    )


def _was_child(claim: Claim, date_of_birth: date | None, nation: str = Nation.ENGLAND) -> bool:
    of_age = 16 if (claim.kind == ClaimKind.CIVIL and nation == Nation.SCOTLAND) else 18
    return date_of_birth is not None and counts_from(claim) < claim_deadlines.birthday(date_of_birth, of_age)


def _tribunal_rule(claim: Claim) -> list[str]:
    start = counts_from(claim)
    months = claim_deadlines.tribunal_months(start, settings.EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM)
    words = "three" if months == 3 else "six"
    series = " (the last in the series)" if claim.period_ended_on else ""
    lines = [f"Employment tribunal: {words} months beginning with the act on {long_date(start)}{series}."]
    if claim.acas_day_a and claim.acas_day_b:
        lines.append(
            f"ACAS early conciliation ({long_date(claim.acas_day_a)} to {long_date(claim.acas_day_b)}) "
            "stops the clock, and leaves at least a month after the certificate."
        )
    elif claim.acas_day_a:
        lines.append(
            f"ACAS was contacted on {long_date(claim.acas_day_a)}: record the certificate date (Day B) "
            "to extend the deadline."
        )
    else:
        lines.append("Contact ACAS for early conciliation first: it stops the clock.")
    return lines


def _cica_rule(claim: Claim) -> list[str]:
    date_of_birth = _date_of_birth(claim)
    start = counts_from(claim)
    lines = []
    if claim.uses_date_of_birth and date_of_birth is None:
        lines.append(
            "The survivor's date of birth is not recorded, so the adult rule is used: record it on "
            "their details."
        )
    if not _was_child(claim, date_of_birth):
        lines.append(f"CICA: two years from the incident on {long_date(start)}.")
    elif date_of_birth is not None:
        eighteenth = claim_deadlines.birthday(date_of_birth, 18)
        if claim.first_reported_on is None:
            lines.append(
                "CICA: a child at the incident. Reported to the police before their 18th birthday, "
                "CICA must have the application before their 20th birthday; reported later, two "
                "years from the first report. No report is recorded, so the earlier date is shown."
            )
        elif claim.first_reported_on < eighteenth:
            lines.append(
                f"CICA: a child at the incident, first reported to the police on "
                f"{long_date(claim.first_reported_on)}, before their 18th birthday: CICA must have "
                "the application before their 20th birthday."
            )
        else:
            lines.append(
                f"CICA: a child at the incident, first reported to the police on "
                f"{long_date(claim.first_reported_on)}, after their 18th birthday: two years from "
                "that report."
            )
    if claim.period_ended_on and start == claim.incident_on:
        lines.append(
            f"A period of abuse ({long_date(claim.incident_on)} to {long_date(claim.period_ended_on)}): "
            "counted from its first day, the safer date."
        )
    if claim.extension_asked_on:
        lines.append(
            f"More time asked for on {long_date(claim.extension_asked_on)} (exceptional circumstances): "
            f"{ExtensionOutcome(claim.extension_outcome).label.lower()}."
        )
    else:
        lines.append(
            "After the deadline, CICA can extend it only in exceptional circumstances: record the request."
        )
    return lines


SIX_YEAR_CLAIMS = "Some claims (contract, unpaid wages) allow six years (ask a solicitor); this one is safer."


def _civil_rule(claim: Claim) -> list[str]:
    date_of_birth = _date_of_birth(claim)
    nation = _nation(claim) if date_of_birth is not None else Nation.ENGLAND
    if _was_child(claim, date_of_birth, nation):
        age = 16 if nation == Nation.SCOTLAND else 18
        first = f"Civil claim: a child at the incident, so three years from their {age}th birthday."
    else:
        first = f"Civil claim: three years from {long_date(claim.incident_on)} (personal injury)."
    return [first, SIX_YEAR_CLAIMS]


def claim_rule(claim: Claim) -> list[str]:
    """The rule behind a claim's deadline, sentence by sentence, as the case page says it."""
    if claim.kind == ClaimKind.EMPLOYMENT_TRIBUNAL:
        return _tribunal_rule(claim)
    if claim.kind == ClaimKind.CICA:
        return _cica_rule(claim)
    return _civil_rule(claim)
