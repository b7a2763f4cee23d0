"""The corners a caseworker meets on the support and NRM panels: a refusal of permission to stay has no ground
and its reconsideration window is on My work; a child referral's 18th birthday is flagged; a
late reconsideration request, Places of Safety out of place and support still going after a
disqualification are noted; the support panel's words; a "Child" referral for a recorded adult
is refused; and one "Soon" rule (clocks.CLOSING_SOON_DAYS) on the NRM and support panels."""

from datetime import date

import pytest
from django.urls import reverse

from casework.models import Case
from support.models import (
    AgeDispute,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
)
from support.selectors.work import work_items
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def page(client, case) -> str:
    # The NRM and Support pages of the case, where these sections are.
    html = "".join(
        client.get(reverse(name, args=[case.reference])).content.decode()
        for name in ("case_nrm", "case_support")
    )
    return " ".join(html.replace("&#x27;", "'").split())


def at(time_machine, day: str):
    time_machine.move_to(f"{day}T10:00:00+00:00", tick=False)


@pytest.fixture(autouse=True)
def _fourteen_day_permission_window(settings):
    settings.VTS_RECONSIDERATION_30_DAYS_FROM = None  # the safer 14 days


@pytest.fixture
def confirmed(alex_case):
    """England: referred 5 January 2026, positive RG 9 January, positive CG 1 March 2026."""
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    return alex_case


def support(case, people, **values):
    values = {"provider": "vcc", "kind": "accommodation", **values}
    return SupportPeriod.objects.create(case=case, recorded_by=people.alex, **values)


# S2: a refusal has no ground.


def test_a_ground_typed_before_choosing_refused_is_dropped_and_never_shown(
    people, confirmed, login, time_machine
):
    at(time_machine, "2026-11-25")
    client = login(people.alex)
    response = client.post(
        reverse("permission_to_stay_new", args=[confirmed.reference]),
        {
            **date_fields("considered_from", D("2026-03-01")),
            "decision": "refused",
            **date_fields("decided_on", D("2026-11-20")),
            "ground": "compensation",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PermissionToStay.objects.get().ground == ""
    text = page(client, confirmed)
    assert "Granted for" not in text
    # 20 November 2026 + 14 calendar days = 4 December 2026.
    assert "Reconsideration of the refusal can be requested until 4 December 2026" in text


def test_a_refusal_recorded_with_a_ground_earlier_does_not_show_it(people, confirmed, login, time_machine):
    at(time_machine, "2026-11-25")
    PermissionToStay.objects.create(
        case=confirmed,
        considered_from=D("2026-03-01"),
        decision="refused",
        decided_on=D("2026-11-20"),
        ground="compensation",
        recorded_by=people.alex,
    )
    assert "Granted for" not in page(login(people.alex), confirmed)


# S3: the permission reconsideration window on My work and the reminders.


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        ("2026-11-25", True),
        ("2026-12-04", True),  # the last day: 20 November + 14 days
        ("2026-12-05", False),  # closed
    ],
)
def test_a_permission_refusal_can_be_reconsidered_is_on_my_work_while_open(people, confirmed, today, listed):
    PermissionToStay.objects.create(
        case=confirmed,
        considered_from=D("2026-03-01"),
        decision="refused",
        decided_on=D("2026-11-20"),
        recorded_by=people.alex,
    )
    items = [
        i
        for i in work_items(Case.objects.filter(pk=confirmed.pk), D(today))
        if i.kind == "permission_reconsideration"
    ]
    if listed:
        assert [(i.text, i.due_on) for i in items] == [
            (
                "Permission to stay: reconsideration of the refusal can be requested until 4 December 2026",
                D("2026-12-04"),
            )
        ]
    else:
        assert items == []


def test_a_grant_expiring_soon_and_still_open_to_reconsideration_is_listed_for_both_in_one_query(
    people, confirmed, django_assert_num_queries
):
    # Granted 20 November (reconsideration until 4 December), expiring 10 January (within 60 days);
    # an older grant that is neither is not listed.
    for decided_on, expires_on in [(D("2026-11-20"), D("2027-01-10")), (D("2026-04-01"), D("2027-06-01"))]:
        PermissionToStay.objects.create(
            case=confirmed,
            considered_from=D("2026-03-01"),
            decision="granted",
            decided_on=decided_on,
            expires_on=expires_on,
            ground="compensation",
            recorded_by=people.alex,
        )
    # The case, its referrals, their decisions, the support periods, the assessments due, and the
    # permissions (expiring and reconsiderable read together, not one query each).
    with django_assert_num_queries(6):
        items = work_items(Case.objects.filter(pk=confirmed.pk), D("2026-11-30"))
    permission_items = sorted((i.kind, i.due_on) for i in items if i.kind.startswith("permission"))
    assert permission_items == [
        ("permission_expiring", D("2027-01-10")),
        ("permission_reconsideration", D("2026-12-04")),
    ]


def test_my_work_lists_the_permission_reconsideration_window(people, confirmed, login, time_machine):
    at(time_machine, "2026-11-30")
    PermissionToStay.objects.create(
        case=confirmed,
        considered_from=D("2026-03-01"),
        decision="refused",
        decided_on=D("2026-11-20"),
        recorded_by=people.alex,
    )
    home = " ".join(login(people.alex).get(reverse("home")).content.decode().split())
    assert "reconsideration of the refusal can be requested until 4 December 2026" in home


# S4: a child referral's 18th birthday.


def test_someone_referred_as_a_child_who_has_turned_18_gets_a_note_and_keeps_the_child_rules(
    people, alex_case, login, time_machine
):
    at(time_machine, "2026-06-01")
    alex_case.person.date_of_birth = D("2008-01-01")  # 18 on 1 January 2026
    alex_case.person.save()
    referral = ReferralFactory(case=alex_case, submitted_on=D("2025-06-02"), age_at_referral="child")
    DecisionFactory(referral=referral, decided_on=D("2025-06-06"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    text = page(login(people.alex), alex_case)
    assert (
        "Referred as a child; turned 18 on 1 January 2026. From their 18th birthday adult support (in "
        "England and Wales, the Victim Care Contract) may apply: check with the local authority "
        "(leaving-care duties) and the competent authority."
    ) in text
    assert "A child is supported by the local authority" in text  # the rules are not switched


def test_a_child_not_yet_18_gets_no_turning_18_note(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-01")
    alex_case.person.date_of_birth = D("2009-06-02")  # 18 on 2 June 2027
    alex_case.person.save()
    ReferralFactory(case=alex_case, submitted_on=D("2025-06-02"), age_at_referral="child")
    assert "turned 18" not in page(login(people.alex), alex_case)


def test_turning_18_with_the_cg_awaited_mentions_consent_to_stay_in_the_nrm(
    people, alex_case, login, time_machine
):
    at(time_machine, "2026-06-01")
    alex_case.person.date_of_birth = D("2008-01-01")
    alex_case.person.save()
    referral = ReferralFactory(case=alex_case, submitted_on=D("2025-06-02"), age_at_referral="child")
    DecisionFactory(referral=referral, decided_on=D("2025-06-06"))
    assert "they are asked to consent to stay in the NRM as an adult" in page(login(people.alex), alex_case)


# S5: a late reconsideration request.


def test_a_reconsideration_requested_after_the_time_limit_is_noted(people, alex_case, login, time_machine):
    at(time_machine, "2026-11-01")
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-06-01"))
    DecisionFactory(referral=referral, decided_on=D("2026-06-05"))
    cg = DecisionFactory(referral=referral, kind="cg", outcome="negative", decided_on=D("2026-09-01"))
    # 1 September + 30 days = 1 October; one calendar month = 1 October: the limit is 1 October.
    Reconsideration.objects.create(decision=cg, requested_on=D("2026-10-15"), recorded_by=people.alex)
    assert (
        "Requested after the time limit (1 October 2026, 44 days after the decision): ask the competent "
        "authority for an extension, giving the exceptional reasons"
    ) in page(login(people.alex), alex_case)


def test_a_reconsideration_requested_in_time_has_no_note(people, alex_case, login, time_machine):
    at(time_machine, "2026-11-01")
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-06-01"))
    DecisionFactory(referral=referral, decided_on=D("2026-06-05"))
    cg = DecisionFactory(referral=referral, kind="cg", outcome="negative", decided_on=D("2026-09-01"))
    Reconsideration.objects.create(decision=cg, requested_on=D("2026-10-01"), recorded_by=people.alex)
    assert "after the time limit" not in page(login(people.alex), alex_case)


# S6: Places of Safety still going past its days, or after the referral.


def test_places_of_safety_still_going_past_its_working_days_is_warned(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-10")
    ReferralFactory(case=alex_case, submitted_on=D("2026-06-08"))
    support(alex_case, people, kind="places_of_safety", provider="own", start_on=D("2026-06-01"))
    assert "It is still recorded as going, past its 3 working days" in page(login(people.alex), alex_case)


def test_places_of_safety_starting_after_the_referral_is_warned(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-10")
    ReferralFactory(case=alex_case, submitted_on=D("2026-06-01"))
    support(
        alex_case,
        people,
        kind="places_of_safety",
        provider="own",
        start_on=D("2026-06-03"),
        end_on=D("2026-06-04"),
        end_reason="planned_end",
    )
    text = page(login(people.alex), alex_case)
    assert (
        "It started after the referral of 1 June 2026: Places of Safety support is for before a referral"
        in text
    )


# S7: support still going after a disqualification.


def test_support_still_going_after_a_disqualification_is_flagged(people, alex_case, login, time_machine):
    at(time_machine, "2026-03-10")
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2026-02-01"), ground="public_order", recorded_by=people.alex
    )
    support(alex_case, people, start_on=D("2026-01-09"))
    assert (
        "NRM support stops with the public order disqualification of 1 February 2026: support below is "
        "still recorded as going."
    ) in (text := page(login(people.alex), alex_case))
    assert "Record support as it happens meanwhile" not in text  # no NRM support is owed meanwhile


# S8: the support panel's words.


def test_end_reasons_read_as_phrases_without_brackets_in_brackets(people, confirmed, login, time_machine):
    at(time_machine, "2026-06-01")
    support(confirmed, people, start_on=D("2026-03-01"), end_on=D("2026-03-31"), end_reason="planned_end")
    support(
        confirmed,
        people,
        kind="outreach",
        start_on=D("2026-04-01"),
        end_on=D("2026-04-01"),
        end_reason="declined",
    )
    text = page(login(people.alex), confirmed)
    assert "31 Mar 2026: ended as planned" in text
    assert "1 Apr 2026: offered, and the survivor declined it" in text
    assert "(planned end)" not in text and "(offered, not taken up))" not in text


def test_scotlands_anchor_has_no_nested_brackets(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-01")
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), nation="SCT")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    text = page(login(people.alex), alex_case)
    assert "(the positive CG decision, under Scotland's rules)" in text
    assert "(Scotland's rules))" not in text


def test_no_support_at_all_is_said_as_such(people, confirmed, login, time_machine):
    at(time_machine, "2026-06-01")
    text = page(login(people.alex), confirmed)
    # 1 March 2026 to 28 February 2027: 365 days, none covered.
    assert "365 days: no support is recorded in the 12 months" in text
    assert "as support is planned now" not in text


def test_days_chosen_say_they_run_to_the_end_of_the_12_months(people, confirmed, login, time_machine):
    at(time_machine, "2026-06-01")
    support(confirmed, people, start_on=D("2026-03-01"), end_on=D("2026-03-31"), end_reason="survivor_left")
    text = page(login(people.alex), confirmed)
    # 1 April 2026 to 28 February 2027: 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 = 334.
    assert (
        "334 days of the 12 months, to 28 February 2027, without support by the survivor's own choice" in text
    )
    assert "Gaps so far" in text


def test_after_a_negative_cg_the_page_does_not_say_to_wait_for_the_clock(
    people, alex_case, login, time_machine
):
    at(time_machine, "2026-06-01")
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", outcome="negative", decided_on=D("2026-03-01"))
    text = page(login(people.alex), alex_case)
    assert "Record support as it happens meanwhile" not in text
    assert "The 12-month clock is for a positive CG decision: none runs after a negative decision." in text


def test_places_of_safety_keeps_its_capitals_in_link_text(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-10")
    support(alex_case, people, kind="places_of_safety", provider="own", start_on=D("2026-06-01"))
    text = page(login(people.alex), alex_case)
    assert "of Places of Safety (before deciding on a referral)" in text
    assert "places of Safety" not in text


def test_a_child_case_is_not_offered_a_recovery_needs_assessment(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-01")
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"), age_at_referral="child")
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    text = page(login(people.alex), alex_case)
    assert "Record permission to stay" in text
    assert "Record a Recovery Needs Assessment" not in text


# S9: a "Child" referral for someone the recorded date of birth makes an adult.


def child_referral(client, case, day):
    return client.post(
        reverse("nrm_referral_new", args=[case.reference]),
        {
            "kind": "nrm",
            **date_fields("submitted_on", day),
            "first_responder": "salvation_army",
            "age_at_referral": "child",
            "age_at_exploitation": "child",
            "competent_authority": "sca",
            "nation": "ENG",
        },
    )


def test_a_child_referral_for_someone_born_in_1980_is_refused_on_the_form(
    people, alex_case, login, time_machine
):
    at(time_machine, "2026-06-01")
    alex_case.person.date_of_birth = D("1980-05-05")
    alex_case.person.save()
    response = child_referral(login(people.alex), alex_case, D("2026-05-20"))
    assert response.status_code == 200
    assert (
        "The date of birth recorded (5 May 1980) makes the person 18 or over on the referral date"
        in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_a_child_referral_is_accepted_when_the_age_is_disputed(people, alex_case, login, time_machine):
    at(time_machine, "2026-06-01")
    alex_case.person.date_of_birth = D("1980-05-05")
    alex_case.person.save()
    AgeDispute.objects.create(case=alex_case, raised_on=D("2026-05-01"), recorded_by=people.alex)
    response = child_referral(login(people.alex), alex_case, D("2026-05-20"))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_child_referral_the_day_before_the_18th_birthday_is_accepted(
    people, alex_case, login, time_machine
):
    at(time_machine, "2026-06-01")
    alex_case.person.date_of_birth = D("2008-05-21")  # 18 on 21 May 2026
    alex_case.person.save()
    assert child_referral(login(people.alex), alex_case, D("2026-05-20")).status_code == 302
    Referral.objects.all().delete()
    response = child_referral(login(people.alex), alex_case, D("2026-05-21"))
    assert "makes the person 18 or over on the referral date" in response.content.decode()


# X1: one "Soon" rule on the NRM and support panels.


def test_an_rg_due_in_seven_days_is_soon_on_the_nrm_panel(people, alex_case, login, time_machine):
    # Referred Monday 2 November 2026: 5 working days (3, 4, 5, 6, 9 November) give Monday 9
    # November, 7 calendar days away.
    at(time_machine, "2026-11-02")
    ReferralFactory(case=alex_case, submitted_on=D("2026-11-02"))
    assert "Soon</strong> RG decision due by 9 November 2026" in page(login(people.alex), alex_case)


def test_the_support_panel_tags_deadlines_soon_or_overdue(people, confirmed, login, time_machine):
    at(time_machine, "2026-11-30")
    RecoveryNeedsAssessment.objects.create(
        case=confirmed, due_on=D("2026-11-20"), outcome="pending", recorded_by=people.alex
    )
    PermissionToStay.objects.create(
        case=confirmed,
        considered_from=D("2026-03-01"),
        decision="refused",
        decided_on=D("2026-11-20"),
        recorded_by=people.alex,
    )
    text = page(login(people.alex), confirmed)
    assert "Overdue</strong> Due 20 Nov 2026" in text
    # 4 December 2026 is 4 days after 30 November: within 7.
    assert "Soon</strong> Reconsideration of the refusal can be requested until 4 December 2026" in text


def test_a_permission_expiring_in_eight_days_is_not_soon(people, confirmed, login, time_machine):
    at(time_machine, "2026-11-30")
    PermissionToStay.objects.create(
        case=confirmed,
        considered_from=D("2026-03-01"),
        decision="granted",
        decided_on=D("2026-03-30"),
        expires_on=D("2026-12-08"),
        ground="compensation",
        recorded_by=people.alex,
    )
    text = page(login(people.alex), confirmed)
    assert "An extension must be applied for before it expires on 8 December 2026" in text
    assert "Soon</strong> An extension" not in text


def test_places_of_safety_still_going_does_not_cover_the_12_months(people, confirmed, login, time_machine):
    # CG 1 March 2026; Places of Safety recorded from Friday 27 February 2026 and never ended: its
    # 3 working days (27 February, 2 and 3 March) end on 3 March, so it covers 1 to 3 March only.
    at(time_machine, "2026-06-01")
    support(confirmed, people, kind="places_of_safety", provider="own", start_on=D("2026-02-27"))
    text = page(login(people.alex), confirmed)
    assert "12 months of support: On track" not in text
    assert "3 of the 93 days elapsed" in text  # 1 March to 1 June 2026: 31 + 30 + 31 + 1
