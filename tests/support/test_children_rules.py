"""Children in the NRM: who may decide a child's case (the devolved decision-making pilot,
dated data) and the presumption of age (Modern Slavery Act 2015 s51). Dates worked by hand."""

from dataclasses import dataclass
from datetime import date

import pytest

from support.rules import children
from support.rules.children import age_position, child_panel_refusal, eighteenth_birthday, pilot_areas

PANEL = "dcdm"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2021, 6, 13), set()),  # the day before the pilot's first sites (June 2021)
        (date(2021, 6, 14), {"hull", "barking_dagenham", "islington_camden"}),
        (date(2028, 2, 29), {"hull", "barking_dagenham", "islington_camden"}),  # leap day, still in force
    ],
)
def test_the_pilot_areas_are_the_rows_in_force_on_the_day(on, expected):
    assert {area.key for area in pilot_areas(on)} == expected


def test_an_area_that_leaves_the_pilot_is_out_from_the_day_it_leaves(monkeypatch):
    rows = (
        children.PilotArea("a", "A", "eng", date(2021, 6, 14), "test", left_on=date(2027, 3, 29)),
        children.PilotArea("b", "B", "sct", date(2023, 2, 1), "test"),
    )
    monkeypatch.setattr(children, "PILOT_AREAS", rows)
    assert {a.key for a in pilot_areas(date(2023, 1, 31))} == {"a"}
    assert {a.key for a in pilot_areas(date(2027, 3, 28))} == {"a", "b"}  # Easter Sunday 2027
    assert {a.key for a in pilot_areas(date(2027, 3, 29))} == {"b"}  # Easter Monday: gone


def refusal(**kwargs):
    values = {
        "competent_authority": PANEL,
        "area": "hull",
        "age_at_referral": "child",
        "submitted_on": date(2027, 3, 26),  # Good Friday 2027: calendar days, holidays do not matter
    }
    return child_panel_refusal(**{**values, **kwargs})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, None),
        ({"area": "other"}, None),  # a site not yet listed
        ({"age_at_referral": "adult"}, ("competent_authority", children.NOT_A_CHILD)),
        ({"age_at_referral": ""}, ("competent_authority", children.NOT_A_CHILD)),
        ({"submitted_on": date(2021, 6, 13)}, ("competent_authority", children.BEFORE_PILOT)),
        ({"age_disputed": True}, ("competent_authority", children.AGE_UNCERTAIN)),
        ({"area": ""}, ("child_panel_area", children.AREA_NEEDED)),
        ({"competent_authority": "sca", "area": ""}, None),
        ({"competent_authority": "sca", "area": "hull"}, ("child_panel_area", children.AREA_NOT_FOR_OTHERS)),
    ],
)
def test_only_a_child_in_a_pilot_area_goes_to_the_devolved_panel(change, expected):
    assert refusal(**change) == expected


@pytest.mark.parametrize(
    ("born", "submitted", "in_scope"),
    [
        # 18th birthday 1 Jun 2028. Back from it: 1 May is 31 days, 1 Apr 61, 1 Mar 92,
        # 29 Feb 2028 (a leap year) 93, so 22 Feb is 100 days before and 21 Feb 101.
        (date(2010, 6, 1), date(2028, 2, 21), True),  # 101 days before the birthday
        (date(2010, 6, 1), date(2028, 2, 22), False),  # exactly 100 days before: not "more than 100"
        (date(2010, 6, 1), date(2028, 2, 29), False),  # leap day, 93 days before
        # 18th birthday 29 Mar 2027 (Easter Monday). Back: 1 Mar 28 days, 1 Feb 56, 1 Jan 87,
        # 31 Dec 2026 88, so 19 Dec is 100 days before.
        (date(2009, 3, 29), date(2026, 12, 18), True),
        (date(2009, 3, 29), date(2026, 12, 19), False),
    ],
)
def test_a_child_within_100_days_of_18_is_decided_by_the_sca(born, submitted, in_scope):
    result = refusal(date_of_birth=born, submitted_on=submitted)
    assert (result is None) == in_scope
    if not in_scope:
        assert result == ("competent_authority", children.NEAR_18)


@pytest.mark.parametrize(
    ("born", "eighteen"),
    [
        (date(2010, 2, 28), date(2028, 2, 28)),
        (date(2008, 2, 29), date(2026, 3, 1)),  # no 29 Feb in 2026: the day after 28 Feb
        (date(2010, 3, 1), date(2028, 3, 1)),  # the day after the leap day 2028
        (date(2012, 2, 29), date(2030, 3, 1)),
        (date(2010, 12, 31), date(2028, 12, 31)),  # year end
    ],
)
def test_the_eighteenth_birthday(born, eighteen):
    assert eighteenth_birthday(born) == eighteen


@dataclass
class Dispute:
    raised_on: date
    outcome: str
    assessed_on: date | None = None
    pk: int = 0


@pytest.mark.parametrize(
    ("disputes", "possibly_child", "presumed"),
    [
        ([], True, True),  # under 18, or reasonable grounds to believe so: a child (s51)
        ([], False, False),
        ([Dispute(date(2027, 3, 26), "pending")], False, True),  # disputed, not assessed: a child
        ([Dispute(date(2027, 3, 26), "adult", date(2027, 4, 16))], True, False),
        ([Dispute(date(2027, 3, 26), "child", date(2027, 4, 16))], False, True),
        # The latest dispute decides: assessed a child, then disputed again and waiting.
        (
            [
                Dispute(date(2026, 1, 5), "adult", date(2026, 2, 2), 1),
                Dispute(date(2028, 2, 29), "pending", pk=2),
            ],
            False,
            True,
        ),
    ],
)
def test_a_person_whose_age_is_uncertain_is_presumed_a_child_until_assessed(
    disputes, possibly_child, presumed
):
    assert age_position(disputes, possibly_child=possibly_child).presumed_child is presumed
