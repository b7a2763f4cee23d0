from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework import clocks
from casework.hooks import WorkItem
from casework.models import Person
from casework.ui.dates import long_date
from casework.vocabularies import Nation
from justice.models import Claim, Milestone
from justice.rights import defence_warning, vrr_deadline, vrr_prompt_by, vrr_scheme
from justice.rules import HEARINGS
from justice.selectors.claims import case_facts, claim_deadline, claim_rule, extension_pending_or_granted
from justice.selectors.proceedings import hearing_before_rg
from justice.vocabularies import (
    ClaimKind,
    ClaimOutcome,
    Engagement,
    MilestoneKind,
    MilestoneOutcome,
    ProceedingKind,
)
from support.models import Referral

# What a claim's deadline is worked out from (justice/selectors/claims.py).
CLAIM_DEADLINE_FIELDS = (
    "kind",
    "incident_on",
    "period_ended_on",
    "uses_date_of_birth",
    "first_reported_on",
    "acas_day_a",
    "acas_day_b",
    "extension_outcome",
)
CLAIM_WARNING_DAYS = 60
# Claims whose time limit can depend on age: the survivor's date of birth is read for them.
AGE_RULE_KINDS = (ClaimKind.CICA, ClaimKind.CIVIL)
# A claim as a sentence names it ("Civil claim must be made by ...", never "Civil claim claim").
CLAIM_NAMES = {
    ClaimKind.CICA: "CICA claim",
    ClaimKind.EMPLOYMENT_TRIBUNAL: "Employment tribunal claim",
    ClaimKind.CIVIL: "Civil claim",
}
# A review is asked for within three months of being told: decisions older than this are past it.
REVIEW_LOOKBACK_DAYS = 130

# What the survivor is entitled to at each stage (Victims' Code 2021; MSA s46 special measures).
ENTITLEMENTS = {
    MilestoneKind.REPORTED: (
        "Victims' Code rights 2 and 3: the crime recorded without unjustified delay, and "
        "information when reporting."
    ),
    MilestoneKind.CHARGING_DECISION: (
        "Right 6: to be told of the charging decision (1 working day for enhanced rights), and "
        "of the right to ask for a review of a decision not to charge."
    ),
    MilestoneKind.FIRST_APPEARANCE: (
        "Special measures: slavery and trafficking complainants are automatically eligible (MSA s46)."
    ),
    MilestoneKind.TRIAL_LISTED: (
        "Right 8: information about the trial; a Victim Personal Statement can be made (right 7)."
    ),
    MilestoneKind.VERDICT: "Right 9: information about the outcome and any appeal.",
    MilestoneKind.SENTENCE: (
        "Right 11: information about the offender; ask the court to consider a reparation order."
    ),
}


def review_due(proceeding, milestones) -> dict | None:
    """A victim's decision not to charge that has not been asked to be reviewed: when it was
    made and told, and the last day to ask (None before the scheme existed)."""
    if proceeding.kind != ProceedingKind.VICTIM_WITNESS:
        return None
    decisions = [m for m in milestones if m.kind == MilestoneKind.CHARGING_DECISION]
    if not decisions or decisions[-1].outcome != MilestoneOutcome.NO_FURTHER_ACTION:
        return None
    decision = decisions[-1]
    if any(m.kind == MilestoneKind.VRR_REQUESTED and m.on >= decision.on for m in milestones):
        return None
    return {
        "decided_on": decision.on,
        "told_on": decision.survivor_told_on,
        "deadline": vrr_deadline(decision.on, decision.survivor_told_on),
        "prompt_by": vrr_prompt_by(decision.on, decision.survivor_told_on),
        "scheme": vrr_scheme(decision.on),
    }


def deadline_tag(deadline: date | None, today: date) -> str:
    """ "overdue" for a last day that has passed, "soon" within clocks.CLOSING_SOON_DAYS (the
    one window the NRM panel and My work use), else "": the panel's red and orange tags."""
    if deadline is None:
        return ""
    if deadline < today:
        return "overdue"
    return "soon" if clocks.is_closing_soon(deadline, today) else ""


def justice_panel_context(request, case) -> dict:
    proceedings = list(case.proceedings.prefetch_related("milestones"))
    today = timezone.localdate()
    rows = []
    for proceeding in proceedings:
        milestones = list(proceeding.milestones.all())
        upcoming = [m for m in milestones if m.on >= today and m.kind in HEARINGS]
        latest = milestones[-1].kind if milestones else MilestoneKind.REPORTED
        review = review_due(proceeding, milestones)
        rows.append(
            {
                "proceeding": proceeding,
                "milestones": milestones,
                "next_hearing": upcoming[0] if upcoming else None,
                # The Victims' Code is the survivor's as a victim: never shown on their prosecution.
                "entitlement": (
                    ENTITLEMENTS.get(latest, "") if proceeding.kind == ProceedingKind.VICTIM_WITNESS else ""
                ),
                "hearing_before_rg": hearing_before_rg(proceeding),
                "review": review,
                "review_tag": deadline_tag(review["deadline"], today) if review else "",
                "defence_warning": (
                    defence_warning(proceeding.police_force, proceeding.offence_group)
                    if proceeding.kind == ProceedingKind.DEFENDANT
                    else ""
                ),
            }
        )
    claims = list(case.claims.all())
    date_of_birth, nation = case_facts(case) if claims else (None, Nation.ENGLAND)
    rows_of_claims = []
    for claim in claims:
        deadline = claim_deadline(claim, date_of_birth=date_of_birth, nation=nation)
        owed = claim.outcome == ClaimOutcome.PENDING and not claim.submitted_on
        rows_of_claims.append(
            {
                "claim": claim,
                "deadline": deadline,
                "rule": claim_rule(claim, date_of_birth=date_of_birth, nation=nation),
                # Not overdue while CICA considers, or has granted, more time (as on My work).
                "tag": (
                    deadline_tag(deadline, today) if owed and not extension_pending_or_granted(claim) else ""
                ),
            }
        )
    claims = rows_of_claims
    return {
        "proceedings": rows,
        "claims": claims,
        "today": today,
        # The template compares stored codes with these, never with string literals.
        "Engagement": Engagement,
        "ProceedingKind": ProceedingKind,
        "ClaimOutcome": ClaimOutcome,
    }


def justice_work_items(cases, today: date) -> list[WorkItem]:
    """Hearings closing soon (clocks.CLOSING_SOON_DAYS); claim deadlines within 60 days with no
    claim submitted; decisions not to charge that can still be reviewed. Hearings and decisions
    are milestones, read together in one query."""
    hearings, reviews = [], []
    for milestone in _owed_milestones(cases, today):
        if milestone.kind in HEARINGS:
            hearings.append(
                WorkItem(
                    due_on=milestone.on,
                    reference=milestone.proceeding.case.reference,
                    kind="hearing_soon",
                    text=f"{milestone.get_kind_display()} on {long_date(milestone.on)}",
                    group=f"Hearings in the next {clocks.CLOSING_SOON_DAYS} days",
                )
            )
        elif (review := _review_item(milestone, today)) is not None:
            reviews.append(review)
    return hearings + _claim_work_items(cases, today) + reviews


def _owed_milestones(cases, today: date):
    """Hearings in the next CLOSING_SOON_DAYS, and a victim's latest charging decision when it is
    not to charge and no review has been asked for (read as _review_item says)."""
    hearing = Q(kind__in=HEARINGS, on__gte=today, on__lte=today + timedelta(days=clocks.CLOSING_SOON_DAYS))
    asked = Milestone.objects.filter(
        proceeding=OuterRef("proceeding"), kind=MilestoneKind.VRR_REQUESTED, on__gte=OuterRef("on")
    )
    # Milestones are ordered by (on, id): a later charging decision replaces this one.
    superseded = Milestone.objects.filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id")),
        proceeding=OuterRef("proceeding"),
        kind=MilestoneKind.CHARGING_DECISION,
    )
    not_to_charge = (
        Q(
            proceeding__kind=ProceedingKind.VICTIM_WITNESS,
            kind=MilestoneKind.CHARGING_DECISION,
            outcome=MilestoneOutcome.NO_FURTHER_ACTION,
            counts_from__gte=today - timedelta(days=REVIEW_LOOKBACK_DAYS),
        )
        & ~Exists(asked)
        & ~Exists(superseded)
    )
    return (
        Milestone.objects.filter(proceeding__case__in=cases)
        .alias(counts_from=Coalesce("survivor_told_on", "on"))
        .filter(hearing | not_to_charge)
        .select_related("proceeding__case")
        .only("kind", "on", "survivor_told_on", "proceeding__case__reference")
    )


def _claim_work_items(cases, today: date) -> list[WorkItem]:
    """Pending claims whose last day is within CLAIM_WARNING_DAYS (or past), in a fixed number
    of queries however many claims: the current referral's nation is annotated, and dates of
    birth are read (and decrypted) only for claims that use one. Left out: claims with no time
    limit, and CICA claims whose extension is waiting or granted."""
    nation = Referral.objects.filter(case_id=OuterRef("case_id"), is_current=True).values("nation")[:1]
    claims = list(
        Claim.objects.filter(case__in=cases, submitted_on__isnull=True, outcome=ClaimOutcome.PENDING)
        .select_related("case")
        .only(*CLAIM_DEADLINE_FIELDS, "case__reference")
        .annotate(current_nation=Subquery(nation))
    )
    uses_birth = {claim.case_id for claim in claims if claim.kind in AGE_RULE_KINDS}
    births = (
        dict(Person.objects.filter(case_id__in=uses_birth).values_list("case_id", "date_of_birth"))
        if uses_birth
        else {}
    )
    items = []
    for claim in claims:
        if extension_pending_or_granted(claim):
            continue
        deadline = claim_deadline(
            claim,
            date_of_birth=births.get(claim.case_id),
            nation=claim.current_nation or Nation.ENGLAND,
        )
        if deadline is not None and (deadline - today).days <= CLAIM_WARNING_DAYS:
            items.append(
                WorkItem(
                    due_on=deadline,
                    reference=claim.case.reference,
                    kind="claim_deadline",
                    text=f"{CLAIM_NAMES[claim.kind]} must be made by {long_date(deadline)}",
                    overdue=deadline < today,
                    group="Claim deadlines closing",
                )
            )
    return items


def _review_item(decision, today: date) -> WorkItem | None:
    """A victim's latest charging decision, when it is not to charge, while the Victims' Right
    to Review can still be asked for and has not been (once the three months from being told
    have passed, it leaves My work). The case page reads the same latest decision."""
    deadline = vrr_deadline(decision.on, decision.survivor_told_on)
    if deadline is None or deadline < today:
        return None
    return WorkItem(
        due_on=deadline,
        reference=decision.proceeding.case.reference,
        kind="review_deadline",
        text=f"Review of the decision not to charge: ask by {long_date(deadline)}",
        group="Reviews of decisions not to charge",
    )
