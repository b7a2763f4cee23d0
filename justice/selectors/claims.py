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


def case_facts(case) -> tuple[date | None, str]:
    """What a case's claims' time limits read besides the claim: the survivor's date of birth
    and the nation of the current referral (England when there is none). For one case page;
    My work reads them for many claims at once (justice/panels.py)."""
    person = getattr(case, "person", None)
    date_of_birth = person.date_of_birth if person is not None else None
    current = Referral.objects.filter(case_id=case.pk, is_current=True)
    return date_of_birth, current.values_list("nation", flat=True).first() or Nation.ENGLAND


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


def child_rule_birth_date(claim: Claim, date_of_birth: date | None) -> date | None:
    """The date of birth a claim's time limit reads: the one on the survivor's details for a
    CICA or civil claim, whether or not the claim's "under 18 then" box is ticked (the box
    matters only while no date of birth is recorded); none for a tribunal claim."""
    return date_of_birth if claim.kind in (ClaimKind.CICA, ClaimKind.CIVIL) else None


def claim_deadline(
    claim: Claim, *, date_of_birth: date | None = None, nation: str = Nation.ENGLAND
) -> date | None:
    """The last day to bring the claim (None: no time limit), from the claim and the case's
    facts passed in (no query)."""
    return clocks.claim_deadline(
        claim.kind,
        counts_from(claim),
        acas_day_a=claim.acas_day_a,
        acas_day_b=claim.acas_day_b,
        date_of_birth=child_rule_birth_date(claim, date_of_birth),
        reported_on=claim.first_reported_on,
        nation=nation,
        six_months_from=settings.EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM,
    )


def extension_pending_or_granted(claim: Claim) -> bool:
    """A CICA claim whose late application CICA is considering, or has let in: not overdue."""
    return claim.extension_outcome in (ExtensionOutcome.WAITING, ExtensionOutcome.GRANTED)


def _tribunal_rule(claim: Claim) -> list[str]:
    start = counts_from(claim)
    months = claim_deadlines.tribunal_months(start, settings.EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM)
    words = "three" if months == 3 else "six"
    series = " (the last in the series)" if claim.period_ended_on else ""
    lines = [f"Employment tribunal: {words} months beginning with the act on {long_date(start)}{series}."]
    limit = claim_deadlines.months_beginning_with(start, months)
    if claim.acas_day_a and claim.acas_day_a > limit:
        lines.append(
            f"ACAS early conciliation began on {long_date(claim.acas_day_a)}, after the limit had passed "
            f"({long_date(limit)}), so it gives no extension (Employment Rights Act 1996 section 207B). "
            "A tribunal accepts a late claim only if it was not reasonably practicable to claim in "
            "time: ask a solicitor or adviser now."
        )
    elif claim.acas_day_a and claim.acas_day_b:
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


def _age_notes(claim: Claim, start: date, date_of_birth: date | None, nation: str | None = None) -> list[str]:
    """Where the "under 18 then" box and the date of birth say different things: the date of
    birth decides when it is recorded, and the page says which was used."""
    if date_of_birth is None:
        if claim.uses_date_of_birth:
            return [
                "The survivor was under 18 then, but their date of birth is not recorded, so the adult "
                "rule is used: record it on their details."
            ]
        return []
    child = claim_deadlines.was_child(claim.kind, start, date_of_birth, nation)
    if claim.uses_date_of_birth and not child:
        return [
            f"The claim says the survivor was under 18 then, but the date of birth on their details "
            f"({long_date(date_of_birth)}) makes them an adult on {long_date(start)}, so the adult rule "
            "is used. If the date of birth is wrong, correct it on their details."
        ]
    if child and not claim.uses_date_of_birth:
        return [
            f"The date of birth on their details ({long_date(date_of_birth)}) makes the survivor under 18 "
            f"on {long_date(start)}, so the child rule is used."
        ]
    return []


def _cica_rule(claim: Claim, date_of_birth: date | None) -> list[str]:
    start = counts_from(claim)
    lines = _age_notes(claim, start, date_of_birth)
    if not claim_deadlines.was_child(claim.kind, start, date_of_birth):
        lines.append(f"CICA: two years from the incident on {long_date(start)}.")
    elif date_of_birth is not None:
        eighteenth = claim_deadlines.birthday(date_of_birth, 18)
        if claim.first_reported_on is None:
            lines.append(
                "CICA: a child at the incident. Reported to the police before their 18th birthday, "
                "CICA must have the application before their 20th birthday (the date shown, as no "
                "report is recorded). If it has never been reported, a claim is still possible "
                "within two years of the first report: report it to the police and record the date."
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
        if claim.extension_outcome == ExtensionOutcome.WAITING:
            lines.append("While CICA considers it, My work does not list this claim as overdue.")
        elif claim.extension_outcome == ExtensionOutcome.GRANTED:
            lines.append(
                "CICA accepted the late application, so My work no longer lists this deadline: "
                "follow CICA's own dates."
            )
    else:
        lines.append(
            "After the deadline, CICA can extend it only in exceptional circumstances: record the request."
        )
    return lines


SIX_YEAR_CLAIMS = "Some claims (contract, unpaid wages) allow six years (ask a solicitor); this one is safer."
SCOTTISH_CHILDHOOD_ABUSE = (
    "Civil claim: abuse suffered as a child has no time limit in Scotland (Prescription and "
    "Limitation (Scotland) Act 1973 section 17A), so no deadline is shown or listed on My work."
)
SCOTTISH_OTHER_CLAIMS = (
    "A claim for something other than the abuse (unpaid wages, for example) has limits: ask a solicitor."
)


def _civil_rule(claim: Claim, date_of_birth: date | None, nation: str) -> list[str]:
    notes = _age_notes(claim, claim.incident_on, date_of_birth, nation)
    if claim_deadlines.was_child(claim.kind, claim.incident_on, date_of_birth, nation):
        if nation == Nation.SCOTLAND:
            return [*notes, SCOTTISH_CHILDHOOD_ABUSE, SCOTTISH_OTHER_CLAIMS]
        age = claim_deadlines.age_of_majority(claim.kind, nation)
        of_age = claim_deadlines.birthday(date_of_birth, age) if date_of_birth else None
        first = (
            f"Civil claim: a child at the incident, so three years beginning with their {age}th birthday"
            f"{f' ({long_date(of_age)})' if of_age else ''}: the last day is the day before the third "
            "anniversary (the safer reading)."
        )
    else:
        first = (
            f"Civil claim: three years beginning with the incident on {long_date(claim.incident_on)} "
            "(personal injury): the last day is the day before the third anniversary (the safer reading)."
        )
    return [*notes, first, SIX_YEAR_CLAIMS]


def claim_rule(claim: Claim, *, date_of_birth: date | None = None, nation: str = Nation.ENGLAND) -> list[str]:
    """The rule behind a claim's deadline, sentence by sentence, as the case page says it, from
    the claim and the case's facts (case_facts)."""
    used = child_rule_birth_date(claim, date_of_birth)
    if claim.kind == ClaimKind.EMPLOYMENT_TRIBUNAL:
        return _tribunal_rule(claim)
    if claim.kind == ClaimKind.CICA:
        return _cica_rule(claim, used)
    return _civil_rule(claim, used, nation)
