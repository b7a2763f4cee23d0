"""The NRM rules on the case page: the recovery period's last day, the reconsideration window from
the decision date, a public order disqualification that leaves the CG owed (with its ground
and reconsideration), and temporary permission to stay (ground, extension, reconsideration)."""

from datetime import date

import pytest
from django.urls import reverse

from casework import clocks
from support.models import PermissionToStay, PublicOrderDisqualification
from support.rules.permission_to_stay import permission_lines
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def case_page(client, case):
    # The NRM and Support pages of the case, where these sections are.
    html = "".join(
        client.get(reverse(name, args=[case.reference])).content.decode()
        for name in ("case_nrm", "case_support")
    )
    return " ".join(html.split())


@pytest.fixture
def confirmed(alex_case):
    """Referred 5 Jan 2026, positive RG 9 Jan, positive CG 1 March 2026."""
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    return alex_case


@pytest.fixture
def referral(alex_case):
    return ReferralFactory(case=alex_case, submitted_on=D("2028-01-25"))


def test_the_case_page_gives_the_last_day_of_the_recovery_period(
    people, alex_case, referral, login, time_machine
):
    # RG Tuesday 1 February 2028: 30 days beginning with it end on 1 March (29-day February).
    time_machine.move_to("2028-02-10T10:00:00+00:00", tick=False)
    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    page = case_page(login(people.alex), alex_case)
    assert (
        "Recovery period runs to 1 March 2028 (30 days beginning with the RG day); "
        "the CG decision can be made from 2 March 2028"
    ) in page


def test_the_case_page_counts_reconsideration_from_the_decision_and_mentions_late_service(
    people, alex_case, referral, login, time_machine
):
    # Decided Tuesday 1 February 2028, served Monday 7 February: one calendar month, 1 March 2028,
    # is sooner than 30 days (2 March: 28 left in the leap February + 2); 5 days away on 25
    # February: "Soon".
    time_machine.move_to("2028-02-25T10:00:00+00:00", tick=False)
    DecisionFactory(
        referral=referral, outcome="negative", decided_on=D("2028-02-01"), served_on=D("2028-02-07")
    )
    page = case_page(login(people.alex), alex_case)
    assert (
        "Reconsideration must be requested by 1 March 2028 (30 days or one calendar month from the decision "
        "of 1 February 2028, whichever is sooner). "
        "It was served 6 days later, on 7 February 2028: "
        "the competent authority can be asked for an extension"
    ) in page
    assert "Soon" in page


def test_a_disqualification_is_recorded_with_its_ground_and_the_cg_stays_owed(
    people, alex_case, referral, login, time_machine
):
    time_machine.move_to("2028-03-20T10:00:00+00:00", tick=False)
    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    client = login(people.alex)
    response = client.post(
        reverse("nrm_disqualification_new", args=[alex_case.reference]),
        {**date_fields("decided_on", D("2028-02-20")), "ground": "bad_faith"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PublicOrderDisqualification.objects.get().ground == "bad_faith"
    page = case_page(client, alex_case)
    assert "Public order disqualification: CG decision awaited" in page
    assert (
        "Disqualified on 20 February 2028 (claimed to be a victim in bad faith): no protection from removal "
        "and no NRM support, but the CG decision is still owed"
    ) in page
    assert "Waiting 48 days for a CG decision" in page  # 1 February to 20 March 2028 (leap year)
    assert "Record a decision" in page  # the CG can still be recorded
    assert "Record a reconsideration of the disqualification" in page


def test_a_disqualification_without_a_ground_is_refused_on_the_form(people, alex_case, referral, login):
    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    response = login(people.alex).post(
        reverse("nrm_disqualification_new", args=[alex_case.reference]),
        date_fields("decided_on", D("2028-02-20")),
    )
    assert response.status_code == 200
    assert "Select the ground for the disqualification" in response.content.decode()


def test_a_reconsideration_of_the_disqualification_is_requested_then_decided(
    people, alex_case, referral, login, time_machine
):
    time_machine.move_to("2028-04-20T10:00:00+00:00", tick=False)
    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    disqualification = PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2028-02-20"), ground="public_order", recorded_by=people.alex
    )
    client = login(people.alex)
    url = reverse("nrm_disqualification_reconsider", args=[alex_case.reference])
    response = client.post(
        url,
        {
            **date_fields("reconsideration_requested_on", D("2028-03-01")),
            "reconsideration_outcome": "pending",
            "version": disqualification.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Reconsideration of the disqualification requested on 1 March 2028" in case_page(client, alex_case)
    disqualification.refresh_from_db()
    # An outcome dated before the request is refused with a message on the field.
    response = client.post(
        url,
        {
            **date_fields("reconsideration_requested_on", D("2028-03-01")),
            "reconsideration_outcome": "overturned",
            **date_fields("reconsideration_outcome_on", D("2028-02-25")),
            "version": disqualification.version,
        },
    )
    assert response.status_code == 200
    assert "The outcome cannot be dated before the request (1 March 2028)" in response.content.decode()
    response = client.post(
        url,
        {
            **date_fields("reconsideration_requested_on", D("2028-03-01")),
            "reconsideration_outcome": "overturned",
            **date_fields("reconsideration_outcome_on", D("2028-04-17")),  # Easter Monday 2028: any day
            "version": disqualification.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = case_page(client, alex_case)
    # Overturned: protection and support are owed again; the case waits for its CG as any other.
    assert "Waiting for the CG decision" in page
    assert "Disqualified on" not in page


# Temporary permission to stay: the reconsideration window is 14 calendar days from the decision
# (VTS guidance from 30 January 2023), or 30 from the date set in VTS_RECONSIDERATION_30_DAYS_FROM.
@pytest.mark.parametrize(
    ("decided", "thirty_from", "deadline"),
    [
        ("2027-03-15", None, "2027-03-29"),  # 14 days: Easter Monday 2027, calendar days, no shift
        ("2028-02-20", None, "2028-03-05"),  # across the leap day: 9 days to 29 Feb + 5
        ("2028-02-20", "2028-01-01", "2028-03-21"),  # 30 days once set: 9 + 21
        ("2027-12-31", "2028-01-01", "2028-01-14"),  # before the set date: still 14
    ],
)
def test_a_permission_to_stay_decision_can_be_reconsidered_within_its_window(decided, thirty_from, deadline):
    since = D(thirty_from) if thirty_from else None
    assert clocks.vts_reconsideration_deadline(D(decided), since) == D(deadline)


def test_the_support_panel_says_the_ground_extension_and_reconsideration_window(
    people, confirmed, login, time_machine
):
    time_machine.move_to("2026-05-05T10:00:00+00:00", tick=False)
    client = login(people.alex)
    response = client.post(
        reverse("permission_to_stay_new", args=[confirmed.reference]),
        {
            **date_fields("considered_from", D("2026-03-01")),
            "decision": "granted",
            **date_fields("decided_on", D("2026-05-01")),
            **date_fields("expires_on", D("2027-05-01")),
            "ground": "compensation",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = case_page(client, confirmed)
    assert "Granted for: seeking compensation for the exploitation" in page
    assert "An extension must be applied for before it expires on 1 May 2027" in page
    assert (
        "Reconsideration of its length or purpose can be requested until 15 May 2026 "
        "(14 days from the decision)" in page
    )


def test_a_grant_needs_its_ground_and_only_a_grant_is_extended(people, confirmed, login):
    client = login(people.alex)
    base = {
        **date_fields("considered_from", D("2026-03-01")),
        **date_fields("decided_on", D("2026-04-01")),
    }
    response = client.post(
        reverse("permission_to_stay_new", args=[confirmed.reference]),
        {**base, "decision": "granted", **date_fields("expires_on", D("2027-04-01"))},
    )
    assert "Select what the permission was granted for." in response.content.decode()
    response = client.post(
        reverse("permission_to_stay_new", args=[confirmed.reference]),
        {**base, "decision": "refused", **date_fields("extension_applied_on", D("2026-04-10"))},
    )
    assert "Only permission that was granted can be extended." in response.content.decode()


def test_an_extension_applied_for_is_shown(people, confirmed):
    permission = PermissionToStay(
        case=confirmed,
        considered_from=D("2026-03-01"),
        decision="granted",
        decided_on=D("2026-04-01"),
        expires_on=D("2027-04-01"),
        ground="cooperation",
        extension_applied_on=D("2027-03-01"),
    )
    assert permission_lines(permission, D("2027-03-02")) == [
        "Granted for: co-operating with a public authority's investigation or proceedings",
        "Extension applied for on 1 March 2027",
    ]


def test_a_cg_can_be_recorded_on_a_disqualified_referral(people, alex_case, referral, time_machine):
    time_machine.move_to("2028-06-10T10:00:00+00:00", tick=False)
    from support.services.decisions import decision_record

    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2028-02-20"), ground="public_order", recorded_by=people.alex
    )
    cg = decision_record(
        actor=people.alex, referral=referral, kind="cg", outcome="positive", decided_on=D("2028-06-01")
    )
    assert cg.pk is not None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (
            {"reconsideration_requested_on": D("2028-02-10"), "reconsideration_outcome": "pending"},
            "reconsideration_requested_on",
        ),
        (
            {
                "reconsideration_requested_on": D("2028-03-01"),
                "reconsideration_outcome": "pending",
                "reconsideration_outcome_on": D("2028-03-05"),
            },
            "reconsideration_outcome_on",
        ),
        (
            {"reconsideration_requested_on": D("2028-03-01"), "reconsideration_outcome": "upheld"},
            "reconsideration_outcome_on",
        ),
    ],
)
def test_a_disqualification_reconsideration_with_inconsistent_dates_is_refused(
    people, referral, values, field, time_machine
):
    time_machine.move_to("2028-06-10T10:00:00+00:00", tick=False)
    from django.core.exceptions import ValidationError

    from support.services.disqualifications import disqualification_reconsideration

    DecisionFactory(referral=referral, decided_on=D("2028-02-01"))
    disqualification = PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=D("2028-02-20"), ground="public_order", recorded_by=people.alex
    )
    values = {"reconsideration_outcome_on": None, **values}
    with pytest.raises(ValidationError) as error:
        disqualification_reconsideration(actor=people.alex, disqualification=disqualification, **values)
    assert field in error.value.message_dict
