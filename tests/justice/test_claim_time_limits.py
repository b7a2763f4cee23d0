"""A claim records what its time limit is worked out from (ACAS Day A and Day B, the date of
birth, the first report to police, a period, the CICA extension request), and the case page
says the deadline and the rule in a caseworker's words. The arithmetic itself is tested in
tests/casework/test_claim_deadlines.py."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.claim_deadlines import months_beginning_with
from justice.models import Claim
from justice.selectors.claims import case_facts
from justice.selectors.claims import claim_deadline as deadline_given
from justice.services import claims
from justice.services.data import justice_export_section
from tests.factories import ReferralFactory

D = date.fromisoformat


def claim_deadline(claim):
    """The deadline with the case's own facts (date of birth, current referral's nation)."""
    date_of_birth, nation = case_facts(claim.case)
    return deadline_given(claim, date_of_birth=date_of_birth, nation=nation)


def record(people, case, **fields):
    fields.setdefault("outcome", "pending")
    return claims.claim_record(actor=people.alex, case=case, **fields)


def page_of(login, people, case):
    return login(people.alex).get(reverse("case_justice", args=[case.reference])).content.decode()


def test_a_tribunal_claim_at_a_month_end_says_the_last_day_of_the_month(people, login, alex_case):
    # Act 31 August 2025: three months beginning with it end on 30 November (no 31 November).
    record(people, alex_case, kind="employment_tribunal", incident_on=D("2025-08-31"))
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>30 November 2025</strong>" in page
    assert "Employment tribunal: three months beginning with the act on 31 August 2025." in page
    assert "Contact ACAS for early conciliation first: it stops the clock." in page


def test_acas_early_conciliation_moves_the_tribunal_deadline(people, login, alex_case):
    # Act 10 Mar 2026 -> 9 Jun; Day A 1 Jun, Day B 13 Jul: 42 days added (21 Jul), which is
    # before a month after Day B, so 13 August 2026 (ERA 1996 s207B(3) then (4)).
    record(
        people,
        alex_case,
        kind="employment_tribunal",
        incident_on=D("2026-03-10"),
        acas_day_a=D("2026-06-01"),
        acas_day_b=D("2026-07-13"),
    )
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>13 August 2026</strong>" in page
    assert "ACAS early conciliation (1 June 2026 to 13 July 2026) stops the clock" in page


def test_a_series_of_deductions_counts_from_the_last(people, alex_case):
    # ERA 1996 s23(3): the last deduction, 15 October 2026, gives 14 January 2027.
    claim = record(
        people,
        alex_case,
        kind="employment_tribunal",
        incident_on=D("2026-06-15"),
        period_ended_on=D("2026-10-15"),
    )
    assert claim_deadline(claim) == D("2027-01-14")


def test_a_child_s_cica_claim_runs_to_the_20th_birthday_when_reported_young(people, login, alex_case):
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    # A child at the incident (2020), reported at 14: before the 20th birthday, 15 Sep 2026.
    record(
        people,
        alex_case,
        kind="cica",
        incident_on=D("2020-05-01"),
        uses_date_of_birth=True,
        first_reported_on=D("2021-01-10"),
    )
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>14 September 2026</strong>" in page
    assert "first reported to the police on 10 January 2021, before their 18th birthday" in page


def test_a_child_s_cica_claim_reported_as_an_adult_runs_two_years_from_the_report(people, login, alex_case):
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    # Reported at 18 on 29 March 2025: two years on is 29 March 2027, Easter Monday (calendar
    # days: a bank holiday does not move it).
    record(
        people,
        alex_case,
        kind="cica",
        incident_on=D("2020-05-01"),
        uses_date_of_birth=True,
        first_reported_on=D("2025-03-29"),
    )
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>29 March 2027</strong>" in page
    assert "after their 18th birthday: two years from that report." in page


def test_without_a_date_of_birth_the_adult_rule_is_used_and_said(people, login, alex_case):
    alex_case.person.date_of_birth = None
    alex_case.person.save()
    record(people, alex_case, kind="cica", incident_on=D("2025-03-01"), uses_date_of_birth=True)
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>1 March 2027</strong>" in page
    assert "date of birth is not recorded, so the adult rule is used" in page


def test_a_period_of_abuse_counts_from_its_first_day_unless_set_otherwise(people, login, alex_case, settings):
    claim = record(
        people, alex_case, kind="cica", incident_on=D("2024-01-10"), period_ended_on=D("2025-06-30")
    )
    assert claim_deadline(claim) == D("2026-01-10")
    assert "counted from its first day, the safer date" in page_of(login, people, alex_case)
    settings.CICA_ABUSE_PERIOD_COUNTS_FROM_END = True
    assert claim_deadline(claim) == D("2027-06-30")


def test_the_cica_extension_request_is_recorded_and_shown(people, login, alex_case):
    record(
        people,
        alex_case,
        kind="cica",
        incident_on=D("2023-01-10"),
        extension_asked_on=D("2025-02-03"),
    )
    claim = Claim.objects.get()
    assert claim.extension_outcome == "waiting"  # asked, no answer yet
    page = page_of(login, people, alex_case)
    assert "More time asked for on 3 February 2025 (exceptional circumstances)" in page
    assert "asked for, waiting for the answer" in page


def test_a_scottish_civil_claim_for_abuse_as_a_child_has_no_time_limit(people, login, alex_case):
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    ReferralFactory(case=alex_case, nation="SCT")
    # Abused at 13 (1 May 2020): Prescription and Limitation (Scotland) Act 1973 s17A, no limit.
    claim = record(people, alex_case, kind="civil", incident_on=D("2020-05-01"), uses_date_of_birth=True)
    assert claim_deadline(claim) is None
    page = page_of(login, people, alex_case)
    assert "no time limit" in page
    assert "must be made by" not in page
    assert "abuse suffered as a child has no time limit in Scotland" in page
    assert "section 17A" in page


def test_the_same_claim_in_england_runs_three_years_from_the_18th_birthday(people, login, alex_case):
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    ReferralFactory(case=alex_case, nation="ENG")
    record(people, alex_case, kind="civil", incident_on=D("2020-05-01"), uses_date_of_birth=True)
    # Limitation Act 1980 s28: 18 on 15 Sep 2024, three years on less one day: 14 Sep 2027.
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>14 September 2027</strong>" in page
    assert (
        "a child at the incident, so three years beginning with their 18th birthday (15 September 2024)"
        in page
    )


def test_a_child_s_cica_claim_never_reported_says_a_report_still_opens_two_years(people, login, alex_case):
    alex_case.person.date_of_birth = D("2002-04-01")
    alex_case.person.save()
    # A child at the incident (2015), no report recorded: the day before the 20th birthday
    # (1 Apr 2022) is shown, and the page says a first report still gives two years.
    record(people, alex_case, kind="cica", incident_on=D("2015-06-01"), uses_date_of_birth=True)
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>31 March 2022</strong>" in page
    assert (
        "If it has never been reported, a claim is still possible within two years of the first report"
        in page
    )


@pytest.mark.parametrize(
    ("outcome", "says"),
    [
        ("waiting", "While CICA considers it, My work does not list this claim as overdue."),
        ("granted", "CICA accepted the late application, so My work no longer lists this deadline"),
    ],
)
def test_a_cica_extension_waiting_or_granted_is_said_on_the_page(people, login, alex_case, outcome, says):
    record(
        people,
        alex_case,
        kind="cica",
        incident_on=D("2023-01-10"),
        extension_asked_on=D("2025-02-03"),
        extension_outcome=outcome,
    )
    assert says in page_of(login, people, alex_case)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "cica", "acas_day_a": D("2025-02-01")}, "acas_day_a", "employment tribunal claims only"),
        ({"kind": "employment_tribunal", "acas_day_b": D("2025-02-01")}, "acas_day_a", "Day A"),
        (
            {"kind": "employment_tribunal", "acas_day_a": D("2025-03-01"), "acas_day_b": D("2025-02-01")},
            "acas_day_b",
            "cannot be before early conciliation started",
        ),
        (
            {"kind": "civil", "period_ended_on": D("2024-12-01")},
            "period_ended_on",
            "cannot be before the first",
        ),
        ({"kind": "cica", "first_reported_on": D("2024-12-01")}, "first_reported_on", "cannot be before"),
        ({"kind": "civil", "extension_asked_on": D("2025-02-01")}, "extension_asked_on", "CICA claims only"),
        ({"kind": "cica", "extension_outcome": "granted"}, "extension_asked_on", "Enter the date"),
        ({"kind": "employment_tribunal", "uses_date_of_birth": True}, "uses_date_of_birth", "age"),
    ],
)
def test_facts_that_do_not_fit_the_claim_are_refused_with_a_message(
    people, alex_case, fields, field, message
):
    with pytest.raises(ValidationError) as refused:
        record(people, alex_case, incident_on=D("2025-01-01"), **fields)
    assert message in " ".join(refused.value.message_dict[field])


def test_the_form_says_what_is_wrong_with_acas_dates(people, login, alex_case):
    url = reverse("claim_new", args=[alex_case.reference])
    page = (
        login(people.alex)
        .post(
            url,
            {
                "kind": "cica",
                "outcome": "pending",
                "incident_on_0": "1",
                "incident_on_1": "1",
                "incident_on_2": "2025",
                "acas_day_a_0": "1",
                "acas_day_a_1": "2",
                "acas_day_a_2": "2025",
            },
        )
        .content.decode()
    )
    assert "ACAS early conciliation is for employment tribunal claims only." in page
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"acas_day_a": D("2025-02-01")}, "claim_acas_for_tribunals"),
        ({"extension_outcome": "granted"}, "claim_extension_outcome_needs_request"),
        (
            {"extension_outcome": "maybe", "extension_asked_on": D("2025-02-01")},
            "claim_extension_outcome_valid",
        ),
        ({"period_ended_on": D("2020-01-01")}, "claim_period_ended_on_after_start"),
    ],
)
def test_the_database_refuses_claim_facts_that_do_not_fit(people, alex_case, values, constraint):
    record(people, alex_case, kind="cica", incident_on=D("2025-01-01"))
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Claim.objects.update(**values)


def test_the_export_carries_the_claim_s_time_limit_facts(people, alex_case):
    record(
        people,
        alex_case,
        kind="employment_tribunal",
        incident_on=D("2026-03-10"),
        acas_day_a=D("2026-06-01"),
        acas_day_b=D("2026-07-13"),
    )
    exported = justice_export_section(alex_case)[0]
    assert exported["acas_day_a"] == D("2026-06-01") and exported["acas_day_b"] == D("2026-07-13")


def test_a_civil_claim_says_three_years_and_that_six_may_apply(people, login, alex_case):
    # Three years beginning with 10 June 2025: the day before the anniversary, 9 June 2028.
    record(people, alex_case, kind="civil", incident_on=D("2025-06-10"))
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>9 June 2028</strong>" in page
    assert (
        "Civil claim: three years beginning with the incident on 10 June 2025 (personal injury): the "
        "last day is the day before the third anniversary (the safer reading)."
    ) in page
    assert "Some claims (contract, unpaid wages) allow six years" in page


def test_adult_and_child_civil_claims_both_end_the_day_before_the_anniversary(people, login, alex_case):
    # Adult: 1 January 2024 -> 31 December 2026. Child born 15 June 2008 (a child on 1 January
    # 2020): 18 on 15 June 2026 -> 14 June 2029. One reading for both (Limitation Act s11, s28).
    adult = record(people, alex_case, kind="civil", incident_on=D("2024-01-01"))
    assert claim_deadline(adult) == D("2026-12-31")
    assert "must be made by <strong>31 December 2026</strong>" in page_of(login, people, alex_case)
    adult.delete()
    alex_case.person.date_of_birth = D("2008-06-15")
    alex_case.person.save()
    child = record(people, alex_case, kind="civil", incident_on=D("2020-01-01"), uses_date_of_birth=True)
    assert claim_deadline(child) == D("2029-06-14")
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>14 June 2029</strong>" in page
    assert "three years beginning with their 18th birthday (15 June 2026)" in page


def test_the_six_month_tribunal_limit_shows_once_switched_on(people, login, alex_case, settings):
    # Act 1 October 2026 with six months from that day: corresponding 1 April 2027, less one.
    settings.EMPLOYMENT_TRIBUNAL_SIX_MONTHS_FROM = D("2026-10-01")
    record(people, alex_case, kind="employment_tribunal", incident_on=D("2026-10-01"))
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>31 March 2027</strong>" in page
    assert "Employment tribunal: six months beginning with the act on 1 October 2026." in page


def test_acas_begun_after_the_limit_is_said_to_give_no_extension(people, login, alex_case):
    # Act 10 March 2026: three months beginning with it end on 9 June 2026. Day A 15 June is
    # after that, so s207B extends nothing: still 9 June.
    record(
        people,
        alex_case,
        kind="employment_tribunal",
        incident_on=D("2026-03-10"),
        acas_day_a=D("2026-06-15"),
        acas_day_b=D("2026-06-20"),
    )
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>9 June 2026</strong>" in page
    assert (
        "ACAS early conciliation began on 15 June 2026, after the limit had passed (9 June 2026), so it "
        "gives no extension (Employment Rights Act 1996 section 207B)."
    ) in page
    assert "stops the clock, and leaves at least a month" not in page


def test_acas_on_the_last_day_of_the_limit_still_extends_it(people, login, alex_case):
    # Act 10 March 2026 -> 9 June. Day A 9 June, Day B 12 June: 3 days added (12 June), inside
    # a month after Day B, so 12 July 2026 (s207B(3) then (4)).
    record(
        people,
        alex_case,
        kind="employment_tribunal",
        incident_on=D("2026-03-10"),
        acas_day_a=D("2026-06-09"),
        acas_day_b=D("2026-06-12"),
    )
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>12 July 2026</strong>" in page
    assert "stops the clock, and leaves at least a month after the certificate." in page


def test_acas_day_a_before_the_act_is_refused_on_the_form(people, login, alex_case):
    response = login(people.alex).post(
        reverse("claim_new", args=[alex_case.reference]),
        {
            "kind": "employment_tribunal",
            "incident_on_0": "10",
            "incident_on_1": "3",
            "incident_on_2": "2026",
            "acas_day_a_0": "1",
            "acas_day_a_1": "3",
            "acas_day_a_2": "2026",
            "outcome": "pending",
        },
    )
    assert response.status_code == 200
    assert "Day A must be on or after the act" in response.content.decode()
    assert not Claim.objects.filter(case=alex_case).exists()


def test_a_child_by_date_of_birth_gets_the_child_rule_without_the_box(people, login, alex_case):
    # Born 15 September 2006: 13 at the incident on 1 May 2020, reported at 14 (10 January 2021),
    # so CICA must have it before the 20th birthday: 14 September 2026, not two years from the
    # incident (1 May 2022), though the "under 18 then" box is not ticked.
    alex_case.person.date_of_birth = D("2006-09-15")
    alex_case.person.save()
    claim = record(
        people, alex_case, kind="cica", incident_on=D("2020-05-01"), first_reported_on=D("2021-01-10")
    )
    assert claim_deadline(claim) == D("2026-09-14")
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>14 September 2026</strong>" in page
    assert "makes the survivor under 18 on 1 May 2020, so the child rule is used." in page


def test_the_box_ticked_against_an_adult_date_of_birth_uses_the_adult_rule_and_says_so(
    people, login, alex_case
):
    # Born 1 January 1980: an adult on 1 March 2025, so two years from the incident: 1 March 2027.
    alex_case.person.date_of_birth = D("1980-01-01")
    alex_case.person.save()
    record(people, alex_case, kind="cica", incident_on=D("2025-03-01"), uses_date_of_birth=True)
    page = page_of(login, people, alex_case)
    assert "must be made by <strong>1 March 2027</strong>" in page
    assert "makes them an adult on 1 March 2025, so the adult rule is used" in page


def test_a_claim_s_notes_show_on_its_row(people, login, alex_case):
    # Two claims with the same dates: their notes tell them apart (kept as typed, isolated).
    notes = "Wages from the car wash\nsolicitor: Ms B"
    record(people, alex_case, kind="civil", incident_on=D("2025-06-10"), notes=notes)
    record(people, alex_case, kind="civil", incident_on=D("2025-06-10"), notes="الإصابة في المصنع")
    page = page_of(login, people, alex_case)
    assert f'Notes: <span class="app-prewrap"><bdi>{notes}</bdi></span>' in page
    assert '<span class="app-prewrap"><bdi>الإصابة في المصنع</bdi></span>' in page


def _act_due_in(days):
    """An act whose three-month tribunal limit ends `days` from today (no ACAS)."""
    today = timezone.localdate()
    for back in range(80, 100):
        act = today - timedelta(days=back)
        if months_beginning_with(act, 3) == today + timedelta(days=days):
            return act
    raise AssertionError("no act found")


@pytest.mark.parametrize(
    ("days", "tag"),
    [
        (4, '<strong class="govuk-tag govuk-tag--orange">Soon</strong>'),  # within 7 days
        (0, '<strong class="govuk-tag govuk-tag--orange">Soon</strong>'),  # today, still open
        (7, '<strong class="govuk-tag govuk-tag--orange">Soon</strong>'),  # the window's last day
        (-1, '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'),  # yesterday
    ],
)
def test_a_claim_due_soon_or_overdue_is_tagged_like_the_nrm_panel(people, login, alex_case, days, tag):
    act = _act_due_in(days)
    record(people, alex_case, kind="employment_tribunal", incident_on=act)
    assert tag in page_of(login, people, alex_case)


def test_a_claim_due_in_more_than_seven_days_has_no_tag(people, login, alex_case):
    record(people, alex_case, kind="employment_tribunal", incident_on=_act_due_in(8))
    page = page_of(login, people, alex_case)
    assert 'govuk-tag--orange">Soon' not in page and "Overdue</strong>" not in page
