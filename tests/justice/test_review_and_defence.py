"""The Victims' Right to Review of a decision not to charge (three months from being told,
for decisions from 5 June 2013), and the statutory defence checked against the offences it
leaves out (MSA 2015 Schedule 4; HTE (NI) Act 2015 Schedule 3; no statutory defence in
Scotland): a warning on the page, never a refusal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from justice.rights import defence_nation, defence_warning, vrr_deadline, vrr_prompt_by
from justice.services import milestones, proceedings

D = date.fromisoformat


@pytest.mark.parametrize(
    ("decided", "told", "deadline", "why"),
    [
        # Three months beginning with the day the survivor was told (calendar days: Easter
        # 2027 and 2028 and every nation's bank holidays leave the date where it falls).
        ("2026-01-05", "2026-01-06", "2026-04-05", "told 6 Jan: day before 6 Apr"),
        ("2026-01-05", None, "2026-04-04", "not told on record: from the decision (safer)"),
        ("2025-11-30", "2025-11-30", "2026-02-28", "no 30 February: the month's last day"),
        ("2027-11-30", "2027-11-30", "2028-02-29", "leap year 2028: 29 February"),
        ("2026-12-27", "2026-12-27", "2027-03-26", "Good Friday 2027 is still the day"),
        ("2027-12-30", "2028-01-18", "2028-04-17", "Easter Monday 2028 is still the day"),
        ("2013-06-05", "2013-06-05", "2013-09-04", "the CPS scheme's first day"),
        ("2013-06-04", "2013-06-04", None, "before the scheme: no review deadline"),
    ],
)
def test_the_victims_right_to_review_deadline(decided, told, deadline, why):
    got = vrr_deadline(D(decided), D(told) if told else None)
    assert got == (D(deadline) if deadline else None), why


@pytest.mark.parametrize(
    ("force", "nation"),
    [("kent", "ENG"), ("south_wales", "ENG"), ("police_scotland", "SCT"), ("psni", "NIR"), ("btp", "ENG")],
)
def test_the_defence_follows_the_law_of_the_force_s_nation(force, nation):
    assert defence_nation(force) == nation


@pytest.mark.parametrize(
    ("force", "group", "says"),
    [
        ("kent", "drugs", ""),
        ("south_wales", "documents", ""),
        ("metropolitan", "wounding", "Modern Slavery Act 2015 section 45 does not apply"),
        ("metropolitan", "murder", "Schedule 4"),
        ("psni", "robbery", "(Northern Ireland) 2015 section 22 defence does not apply"),
        ("psni", "drugs", ""),
        ("police_scotland", "drugs", "In Scotland there is no statutory defence"),
        ("police_scotland", "sexual", "the presumption can be set aside"),
    ],
)
def test_the_defence_warning_in_each_nation(force, group, says):
    warning = defence_warning(force, group)
    assert (says in warning) if says else warning == ""


def defendant(people, case, force, group):
    return proceedings.proceeding_record(
        actor=people.alex,
        case=case,
        kind="defendant",
        police_force=force,
        offence_group=group,
        s45_outcome="pending",
    )


def test_an_excluded_offence_is_warned_of_on_the_page_not_refused(people, login, alex_case):
    defendant(people, alex_case, "west_midlands", "robbery")
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "This kind of offence is likely outside the statutory defence" in page
    assert "offence: robbery" in page


def test_a_scottish_prosecution_says_there_is_no_statutory_defence(people, login, alex_case):
    defendant(people, alex_case, "police_scotland", "drugs")
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "In Scotland there is no statutory defence." in page


def test_a_defence_that_covers_the_offence_has_no_warning(people, login, alex_case):
    defendant(people, alex_case, "kent", "drugs")
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "outside the statutory defence" not in page


@pytest.fixture
def victim(people, alex_case):
    return proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )


def step(people, proceeding, kind, on, **details):
    return milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind=kind, on=D(on), **details
    )


def test_a_decision_not_to_charge_shows_the_review_deadline(people, login, victim):
    step(people, victim, "reported", "2026-01-10")
    step(people, victim, "charging_decision", "2026-09-01", outcome="nfa", survivor_told_on=D("2026-09-03"))
    page = login(people.alex).get(reverse("case_justice", args=[victim.case.reference])).content.decode()
    assert "Decision not to charge on 1 September 2026." in page
    assert "Victims' Right to Review scheme by <strong>2 December 2026</strong>" in page
    assert "three months from being told" in page and "on 3 September 2026." in page


def test_once_a_review_is_asked_for_the_deadline_goes_and_the_decision_is_recorded(people, login, victim):
    step(people, victim, "reported", "2026-01-10")
    step(people, victim, "charging_decision", "2026-09-01", outcome="nfa")
    step(people, victim, "vrr_requested", "2026-09-20")
    step(people, victim, "vrr_decision", "2026-11-01", outcome="upheld")
    page = login(people.alex).get(reverse("case_justice", args=[victim.case.reference])).content.decode()
    assert "Victims' Right to Review scheme by" not in page
    assert "Victims&#x27; Right to Review decision: decision not to charge upheld" in page


def test_a_review_needs_a_decision_not_to_charge_first(people, victim):
    step(people, victim, "reported", "2026-01-10")
    step(people, victim, "charging_decision", "2026-09-01", outcome="charged")
    with pytest.raises(ValidationError, match="no further action"):
        step(people, victim, "vrr_requested", "2026-09-20")


def test_a_review_is_for_a_victim_s_proceeding(people, alex_case):
    accused = defendant(people, alex_case, "kent", "drugs")
    with pytest.raises(ValidationError, match="where the survivor is the victim"):
        step(people, accused, "vrr_requested", "2026-09-20")


def test_a_review_that_can_still_be_asked_for_is_on_my_work(people, victim):
    from django.utils import timezone

    from casework.models import Case
    from justice.panels import justice_work_items

    today = timezone.localdate()
    step(people, victim, "reported", "2026-01-10")
    step(people, victim, "charging_decision", today.isoformat(), outcome="nfa")
    kinds = [item.kind for item in justice_work_items(Case.objects.all(), today)]
    assert kinds == ["review_deadline"]
    step(people, victim, "vrr_requested", today.isoformat())
    assert justice_work_items(Case.objects.all(), today) == []


@pytest.mark.parametrize(
    ("told", "prompt_by", "why"),
    [
        # 10 working days after the day told, England and Wales bank holidays skipped.
        ("2027-03-18", "2027-04-05", "Good Friday 26 Mar and Easter Monday 29 Mar 2027 skipped"),
        ("2028-04-06", "2028-04-24", "Good Friday 14 Apr and Easter Monday 17 Apr 2028 skipped"),
        ("2028-02-28", "2028-03-13", "29 February 2028 is a working day"),
        ("2026-12-21", "2027-01-07", "Christmas 25 Dec, Boxing Day's substitute 28 Dec, 1 Jan 2027 skipped"),
    ],
)
def test_a_prompt_review_is_asked_for_within_10_working_days(told, prompt_by, why):
    assert vrr_prompt_by(D(told), D(told)) == D(prompt_by), why


def test_no_prompt_review_date_before_the_scheme():
    assert vrr_prompt_by(D("2013-06-04")) is None


def test_the_panel_says_ask_within_10_working_days_for_a_prompt_review(people, login, victim):
    step(people, victim, "reported", "2026-01-10")
    step(people, victim, "charging_decision", "2026-09-01", outcome="nfa", survivor_told_on=D("2026-09-03"))
    page = login(people.alex).get(reverse("case_justice", args=[victim.case.reference])).content.decode()
    # Told Thursday 3 September 2026: 10 working days on (no bank holiday) is 17 September.
    assert "For a prompt review, ask within 10 working days of being told: by" in page
    assert "<strong>17 September 2026</strong>" in page


@pytest.mark.parametrize(
    ("force", "group", "says"),
    [
        # MSA 2015 Schedule 4 lists these too (https://www.legislation.gov.uk/ukpga/2015/30/schedule/4).
        ("kent", "threats", "likely outside the statutory defence"),  # OAPA 1861 s16
        ("kent", "blackmail", "likely outside the statutory defence"),  # Theft Act 1968 s21
        ("kent", "burglary", "likely outside the statutory defence"),  # Theft Act 1968 ss9-10
        ("kent", "arson", "likely outside the statutory defence"),  # Criminal Damage Act 1971 s1
        ("kent", "riot", "likely outside the statutory defence"),  # Public Order Act 1986 s1
        ("kent", "facilitation", "likely outside the statutory defence"),  # Immigration Act 1971 s25
        ("psni", "arson", "Schedule 3"),
        # Another offence: a softer line to check the schedule.
        ("kent", "other", "Check the charge against Schedule 4 (Modern Slavery Act 2015)"),
        ("psni", "other", "Check the charge against Schedule 3 (Human Trafficking and Exploitation Act"),
        ("kent", "theft_fraud", ""),
        ("kent", "", ""),
    ],
)
def test_schedule_4_groups_are_warned_of_and_other_offences_get_a_check(force, group, says):
    warning = defence_warning(force, group)
    assert (says in warning) if says else warning == ""


def test_another_offence_shows_the_softer_check_on_the_page(people, login, alex_case):
    defendant(people, alex_case, "kent", "other")
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "Check the charge against Schedule 4 (Modern Slavery Act 2015)" in page
    assert "likely outside the statutory defence" not in page


def test_victims_code_rights_show_only_on_a_victim_s_proceeding(people, login, alex_case):
    defendant(people, alex_case, "kent", "drugs")
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "Code rights 2 and 3" not in page
    proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert page.count("Code rights 2 and 3") == 1


def test_a_review_deadline_within_the_closing_soon_window_is_tagged_soon(people, login, victim):
    # Told today - 88 days: three months beginning with that day end within 7 days.
    from django.utils import timezone

    today = timezone.localdate()
    told = today - timedelta(days=88)
    step(people, victim, "reported", (told - timedelta(days=30)).isoformat())
    step(people, victim, "charging_decision", told.isoformat(), outcome="nfa", survivor_told_on=told)
    assert 0 <= (vrr_deadline(told, told) - today).days <= 7
    page = login(people.alex).get(reverse("case_justice", args=[victim.case.reference])).content.decode()
    assert '<strong class="govuk-tag govuk-tag--orange">Soon</strong>' in page
