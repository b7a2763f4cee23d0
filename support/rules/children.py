"""Children in the NRM (docs/domain.md, Children): who may decide a child's case, and the
presumption of age. Pure functions over dates and vocabularies; the pilot areas are dated data.

The devolved decision-making pilot: since June 2021 multi-agency panels in some local
authorities decide the NRM cases of children referred there, instead of the Single Competent
Authority. A new site is a new row with the date it joined (and `left_on` if it stops), never
a branch in the code."""

from dataclasses import dataclass
from datetime import date, timedelta

from casework.ui.dates import long_date
from support.vocabularies import AgeDisputeOutcome, AgeGroup, CompetentAuthority

PILOT_GUIDANCE = (
    "Home Office, Devolving child decision making pilot programme: general guidance "
    "(https://www.gov.uk/government/publications/piloting-devolving-decision-making-for-child-victims-of-modern-slavery)"
)
PILOT_ANNEX = (
    "Home Office, NRM statistics July to September 2023, Annex: analysis of the devolved "
    "decision-making pilot, Table 1 (pilot site areas by phase)"
)


@dataclass(frozen=True)
class PilotArea:
    key: str  # stored on the referral
    name: str
    nation: str
    joined_on: date
    source: str
    left_on: date | None = None


# Phase 1 began in June 2021 (the day is not published: the guidance is dated 14 June 2021);
# phase 2 added ten sites between February and April 2023, 20 sites and 30 local authorities
# in England, Scotland and Wales in all. Only the sites read in the published table are listed
# (docs/domain.md: the rest of the list is unverified); "Another pilot local authority" covers
# a site not listed here until its row is added.
PILOT_AREAS: tuple[PilotArea, ...] = (
    PilotArea("hull", "Hull City Council", "eng", date(2021, 6, 14), PILOT_ANNEX),
    PilotArea(
        "barking_dagenham", "London Borough of Barking and Dagenham", "eng", date(2021, 6, 14), PILOT_ANNEX
    ),
    PilotArea(
        "islington_camden",
        "London Boroughs of Islington and Camden",
        "eng",
        date(2021, 6, 14),
        PILOT_ANNEX,
    ),
)
OTHER_PILOT_AREA = "other"
OTHER_PILOT_AREA_LABEL = "Another pilot local authority (not listed here)"
PILOT_START = date(2021, 6, 14)
# Only children more than 100 days away from their 18th birthday are in scope of the pilot.
PILOT_DAYS_BEFORE_18 = 100

NOT_A_CHILD = "The devolved child decision-making panel decides only children's cases."
BEFORE_PILOT = "The devolved child decision-making pilot started in June 2021."
AREA_NEEDED = "Select the local authority of the devolved decision-making pilot."
AREA_NOT_IN_PILOT = "{name} had not joined the devolved decision-making pilot by the date submitted."
AREA_NOT_FOR_OTHERS = "Only a case for the devolved child decision-making panel has a pilot local authority."
NEAR_18 = (
    "The child turns 18 within 100 days of the referral: the Single Competent Authority decides, "
    "not the devolved panel."
)
AGE_UNCERTAIN = (
    "The child's age is disputed: while it is uncertain, the Single Competent Authority decides, "
    "not the devolved panel."
)


def pilot_areas(on: date) -> list[PilotArea]:
    """The pilot's local authorities on a date."""
    return [
        area for area in PILOT_AREAS if area.joined_on <= on and (area.left_on is None or on < area.left_on)
    ]


def pilot_area_choices() -> list[tuple[str, str]]:
    return [(area.key, area.name) for area in PILOT_AREAS] + [(OTHER_PILOT_AREA, OTHER_PILOT_AREA_LABEL)]


def pilot_area_name(key: str) -> str:
    return dict(pilot_area_choices()).get(key, "")


def child_panel_refusal(
    *,
    competent_authority: str,
    area: str,
    age_at_referral: str,
    submitted_on: date,
    date_of_birth: date | None = None,
    age_disputed: bool = False,
) -> tuple[str, str] | None:
    """Why this referral cannot go to the devolved child panel, as (field, message), or None."""
    if competent_authority != CompetentAuthority.CHILD_PANEL:
        return ("child_panel_area", AREA_NOT_FOR_OTHERS) if area else None
    if age_at_referral != AgeGroup.CHILD:
        return "competent_authority", NOT_A_CHILD
    if submitted_on < PILOT_START:
        return "competent_authority", BEFORE_PILOT
    if age_disputed:
        return "competent_authority", AGE_UNCERTAIN
    if date_of_birth is not None and submitted_on >= eighteenth_birthday(date_of_birth) - timedelta(
        days=PILOT_DAYS_BEFORE_18
    ):
        return "competent_authority", NEAR_18
    if not area:
        return "child_panel_area", AREA_NEEDED
    if area != OTHER_PILOT_AREA and area not in {a.key for a in pilot_areas(submitted_on)}:
        return "child_panel_area", AREA_NOT_IN_PILOT.format(name=pilot_area_name(area) or "That area")
    return None


def eighteenth_birthday(date_of_birth: date) -> date:
    """A 29 February birthday is reached on 1 March in a year that has none (as UK law counts
    a leap-day birthday: Family Law Reform Act 1969 s9, the anniversary of the date of birth)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:
        return date(date_of_birth.year + 18, 3, 1)


@dataclass(frozen=True)
class AgePosition:
    """How the person's age stands for support: `presumed_child` when, under MSA 2015 s51,
    they are treated as a child until their age is assessed."""

    presumed_child: bool
    disputed_since: date | None = None
    assessed_on: date | None = None
    outcome: str = ""


def age_position(disputes, *, possibly_child: bool) -> AgePosition:
    """From the case's age disputes (latest raised last) and whether there are reasonable
    grounds to believe the person may be under 18."""
    latest = max(disputes, key=lambda d: (d.raised_on, d.pk or 0), default=None)
    if latest is None:
        return AgePosition(presumed_child=possibly_child)
    if latest.outcome == AgeDisputeOutcome.PENDING:
        # Disputed and not yet assessed: presumed a child (s51), whatever the estimate says.
        return AgePosition(presumed_child=True, disputed_since=latest.raised_on)
    return AgePosition(
        presumed_child=latest.outcome == AgeDisputeOutcome.CHILD,
        disputed_since=latest.raised_on,
        assessed_on=latest.assessed_on,
        outcome=latest.outcome,
    )


def turned_18_note(referral, date_of_birth: date | None, today: date, cg_awaited: bool) -> str:
    """A person referred as a child who has turned 18 since: the child rules stay as recorded
    (nothing is switched silently), with a prompt to check what applies now (docs/domain.md,
    Children: turning 18)."""
    if referral is None or referral.age_at_referral != AgeGroup.CHILD or date_of_birth is None:
        return ""
    birthday = eighteenth_birthday(date_of_birth)
    if not (referral.submitted_on < birthday <= today):
        return ""
    note = (
        f"Referred as a child; turned 18 on {long_date(birthday)}. From their 18th birthday adult support "
        "(in England and Wales, the Victim Care Contract) may apply: check with the local authority "
        "(leaving-care duties) and the competent authority."
    )
    if cg_awaited:
        note += (
            " With the CG decision still awaited, they are asked to consent to stay in the NRM as an adult."
        )
    return note
