"""Two of the survivor's protections in a prosecution, as pure functions (docs/domain.md,
"Criminal justice"):

- the Victims' Right to Review of a decision not to charge: asked for within three months of
  being told of the decision (CPS scheme from 5 June 2013; police scheme from 1 April 2015),
  and within 10 working days for a prompt review;
- the statutory defence for victims who offend (Modern Slavery Act 2015 s45, HTE (NI) Act
  2015 s22), which leaves out the offences in a schedule (MSA Schedule 4; NI Schedule 3). In
  Scotland there is no statutory defence: the Lord Advocate's instructions under HTE (Scotland)
  Act 2015 s8 set a presumption against prosecuting a victim. The page warns; it never refuses.
"""

from dataclasses import dataclass
from datetime import date

from casework.claim_deadlines import latest_in_force, months_beginning_with
from casework.clocks import add_working_days
from casework.vocabularies import Nation
from justice.vocabularies import OffenceGroup, PoliceForce


@dataclass(frozen=True)
class ReviewScheme:
    """A Victims' Right to Review scheme, for decisions made on or after `effective_from`."""

    effective_from: date
    months: int
    prompt_working_days: int  # asked for within these, the review is a prompt one
    source: str


# The earliest scheme (the CPS's) decides whether a decision can be reviewed at all; the police
# scheme (1 April 2015) has the same three months. A changed limit is a new row. The 10 working
# days for a prompt review are in the CPS's leaflet wording (five in the scheme's early years);
# the date the CPS moved from five to ten is unverified, so the row carries ten from the start.
VRR_SCHEMES: tuple[ReviewScheme, ...] = (
    ReviewScheme(date(2013, 6, 5), 3, 10, "CPS Victims' Right to Review scheme: decisions from 5 June 2013"),
)


def vrr_scheme(decided_on: date) -> ReviewScheme | None:
    """The review scheme a decision falls under (None: made before any scheme existed)."""
    return latest_in_force(VRR_SCHEMES, decided_on)


def vrr_deadline(decided_on: date, told_on: date | None = None) -> date | None:
    """The last day to ask for a review of a decision not to charge: three months beginning
    with the day the survivor was told (the decision date when that is not recorded: the
    earlier, safer date). None for a decision made before any scheme existed."""
    scheme = vrr_scheme(decided_on)
    if scheme is None:
        return None
    return months_beginning_with(told_on or decided_on, scheme.months)


def vrr_prompt_by(decided_on: date, told_on: date | None = None) -> date | None:
    """The last day to ask for a review and have a prompt one: 10 working days after the day
    the survivor was told (or the decision date), on the England and Wales calendar (the CPS
    and the forces of England and Wales). None before any scheme existed."""
    scheme = vrr_scheme(decided_on)
    if scheme is None:
        return None
    return add_working_days(told_on or decided_on, scheme.prompt_working_days, Nation.ENGLAND)


def defence_nation(police_force: str) -> str:
    """The nation whose law governs a prosecution, from the force that brought it (England and
    Wales share one law; the British Transport Police, NCA and GLAA are taken as England and
    Wales, the most common case)."""
    if police_force == PoliceForce.POLICE_SCOTLAND:
        return Nation.SCOTLAND
    if police_force == PoliceForce.PSNI:
        return Nation.NORTHERN_IRELAND
    return Nation.ENGLAND


# Groups of offences the schedules leave out of the defence (each schedule lists them by
# statute; the groups below are the ones MSA 2015 Schedule 4 lists, taken as NI's Schedule 3's).
EXCLUDED_GROUPS = frozenset(
    {
        OffenceGroup.MURDER,
        OffenceGroup.KIDNAPPING,
        OffenceGroup.ROBBERY,
        OffenceGroup.WOUNDING,
        OffenceGroup.SEXUAL,
        OffenceGroup.FIREARMS,
        OffenceGroup.SLAVERY,
        OffenceGroup.THREATS_TO_KILL,
        OffenceGroup.BLACKMAIL,
        OffenceGroup.BURGLARY,
        OffenceGroup.ARSON,
        OffenceGroup.RIOT,
        OffenceGroup.FACILITATION,
    }
)
SCHEDULES: dict[str, str] = {
    Nation.ENGLAND: "Modern Slavery Act 2015 section 45 does not apply to offences in its Schedule 4",
    Nation.NORTHERN_IRELAND: (
        "the Human Trafficking and Exploitation Act (Northern Ireland) 2015 section 22 defence does "
        "not apply to offences in its Schedule 3"
    ),
}

SCHEDULE_TITLES: dict[str, str] = {
    Nation.ENGLAND: "Modern Slavery Act 2015",
    Nation.NORTHERN_IRELAND: "Human Trafficking and Exploitation Act (Northern Ireland) 2015",
}


def defence_warning(police_force: str, offence_group: str) -> str:
    """A warning for a survivor prosecuted, or "" when there is nothing to warn of."""
    nation = defence_nation(police_force)
    if nation == Nation.SCOTLAND:
        return (
            "In Scotland there is no statutory defence. The Lord Advocate's instructions (Human "
            "Trafficking and Exploitation (Scotland) Act 2015 section 8) presume a credible victim "
            "is not prosecuted for an offence they were compelled to commit; for serious offences "
            "the presumption can be set aside. Ask the defence solicitor to raise it with the "
            "procurator fiscal."
        )
    if offence_group in EXCLUDED_GROUPS:
        return (
            f"This kind of offence is likely outside the statutory defence: {SCHEDULES[nation]}. "
            "Ask the defence solicitor to check the schedule; the prosecutor must still consider "
            "whether prosecuting a victim is in the public interest."
        )
    if offence_group == OffenceGroup.OTHER:
        schedule = "Schedule 3" if nation == Nation.NORTHERN_IRELAND else "Schedule 4"
        return (
            f"Check the charge against {schedule} ({SCHEDULE_TITLES[nation]}): the statutory defence "
            "does not cover the serious offences it lists."
        )
    return ""
