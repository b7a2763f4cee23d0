"""What the survivor received or was refused (issue 19 item 6): recorded with its dates, a
refusal with its reason, encrypted; a panel, the timeline, the export and erasure; the stage of
the NRM each falls in for the managers' report; a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from support.models import EntitlementReceived, Reconsideration, Referral, Withdrawal
from support.rules.entitlements_received import AFTER_NRM, BEFORE_NRM, DURING_NRM, NrmSpan, nrm_end, stage
from support.selectors.entitlements_received import entitlements_by_stage, entitlements_export_section
from support.services import entitlements_received
from tests.factories import CaseFactory, DecisionFactory, ReferralFactory
from tests.support.test_nrm_views import date_fields

TODAY = timezone.localdate


def record(people, case, kind="accommodation", result="received", start_on=None, **values):
    return entitlements_received.entitlement_record(
        actor=people.alex, case=case, kind=kind, result=result, start_on=start_on or TODAY(), **values
    )


def post(client, case, **values):
    data = {"kind": "legal_aid", "result": "refused", **date_fields("start_on", TODAY()), "notes": ""}
    data.update(values)
    return client.post(reverse("entitlement_received_new", args=[case.reference]), data)


def test_a_refusal_is_recorded_with_its_reason_and_shown_on_the_panel(people, login, alex_case):
    client = login(people.alex)
    response = post(client, alex_case, refusal_reason="Means test not met")
    assert response.status_code == 302 and response.url == reverse("case_plan", args=[alex_case.reference])
    page = client.get(response.url).content.decode()
    panel = page[page.index('id="entitlements-heading"') :]
    assert "Legal aid" in panel and "Refused" in panel and "Means test not met" in panel


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"refusal_reason": "  "}, "Enter the reason it was refused"),
        (
            {"refusal_reason": "No", **date_fields("end_on", TODAY())},
            "Leave the end date blank for a refusal",
        ),
    ],
)
def test_what_cannot_be_is_refused_on_the_field(people, login, alex_case, values, message):
    page = post(login(people.alex), alex_case, **values).content.decode()
    assert message in page
    assert not EntitlementReceived.objects.exists()


def test_a_reason_typed_then_hidden_by_choosing_received_is_dropped(people, login, alex_case):
    response = post(login(people.alex), alex_case, result="received", refusal_reason="Typed first")
    assert response.status_code == 302
    assert EntitlementReceived.objects.get().refusal_reason == ""
    with pytest.raises(ValidationError) as error:
        record(people, alex_case, refusal_reason="Because")
    assert "Leave the reason blank when it was received" in str(error.value)


def test_an_end_before_the_start_is_refused_by_the_form_and_the_database(people, login, alex_case):
    page = post(
        login(people.alex),
        alex_case,
        result="received",
        refusal_reason="",
        **date_fields("start_on", TODAY()),
        **date_fields("end_on", TODAY() - timedelta(days=1)),
    ).content.decode()
    assert "The end date cannot be before the start date" in page
    with pytest.raises(IntegrityError), transaction.atomic():
        EntitlementReceived.objects.create(
            case=alex_case,
            kind="travel",
            result="received",
            start_on=TODAY(),
            end_on=TODAY() - timedelta(days=1),
            recorded_by=people.alex,
        )


def test_reasons_and_notes_are_encrypted_at_rest(people, alex_case):
    record(
        people,
        alex_case,
        kind="counselling",
        result="refused",
        refusal_reason="List closed",
        notes="Try again",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT refusal_reason, notes FROM support_entitlementreceived")
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert "List closed" not in stored and "Try again" not in stored


def test_the_timeline_shows_starts_ends_and_refusals_without_the_reasons(people, login, alex_case):
    record(people, alex_case, start_on=TODAY() - timedelta(days=20), end_on=TODAY() - timedelta(days=2))
    record(people, alex_case, kind="legal_aid", result="refused", refusal_reason="Means test")
    page = login(people.alex).get(reverse("case_timeline", args=[alex_case.reference])).content.decode()
    assert "Accommodation started" in page and "Accommodation ended" in page and "Legal aid refused" in page
    assert "Means test" not in page


def test_the_export_has_every_record_and_erasure_keeps_the_kinds_and_dates(people, alex_case):
    record(
        people, alex_case, kind="legal_aid", result="refused", refusal_reason="Means test", notes="Appeal?"
    )
    (row,) = entitlements_export_section(alex_case)
    assert (row["kind"], row["result"], row["refusal_reason"], row["notes"]) == (
        "Legal aid",
        "Refused",
        "Means test",
        "Appeal?",
    )
    entitlements_received.entitlements_erase_personal_data(alex_case)
    left = EntitlementReceived.objects.get()
    assert (left.refusal_reason, left.notes, left.kind, left.start_on) == ("", "", "legal_aid", TODAY())


def test_the_stage_is_during_the_nrm_until_it_ends_and_after_it_from_that_day():
    spans = [NrmSpan(submitted_on=date(2025, 6, 1), ended_on=date(2026, 3, 1))]
    assert stage(date(2025, 5, 31), spans) == BEFORE_NRM
    assert stage(date(2026, 2, 28), spans) == DURING_NRM
    assert stage(date(2026, 3, 1), spans) == AFTER_NRM
    assert stage(date(2030, 1, 1), [NrmSpan(submitted_on=date(2025, 6, 1), ended_on=None)]) == DURING_NRM


def test_the_nrm_ends_at_the_earliest_of_cg_negative_rg_and_withdrawal():
    assert nrm_end(cg_on=None, negative_rg_on=None, withdrawn_on=None) is None
    assert nrm_end(cg_on=date(2026, 3, 1), negative_rg_on=None, withdrawn_on=date(2026, 1, 1)) == date(
        2026, 1, 1
    )
    assert nrm_end(cg_on=None, negative_rg_on=date(2025, 7, 1), withdrawn_on=None) == date(2025, 7, 1)


def _stage_counts(case):
    counts = entitlements_by_stage(Case.objects.filter(pk=case.pk), date(2020, 1, 1), TODAY())
    return {cell: n for cell, n in counts["accommodation"].items() if n}


def test_a_negative_rg_decision_ends_the_nrm_without_a_cg(people):
    case = CaseFactory(team=people.north, created_by=people.alex)
    referral = ReferralFactory(case=case, submitted_on=date(2025, 6, 1))
    DecisionFactory(referral=referral, kind="rg", outcome="negative", decided_on=date(2025, 6, 10))
    record(people, case, start_on=date(2025, 8, 1))
    assert _stage_counts(case) == {"after_received": 1}


def test_a_negative_rg_overturned_on_reconsideration_does_not_end_the_nrm(people):
    case = CaseFactory(team=people.north, created_by=people.alex)
    referral = ReferralFactory(case=case, submitted_on=date(2025, 6, 1))
    rg = DecisionFactory(referral=referral, kind="rg", outcome="negative", decided_on=date(2025, 6, 10))
    Reconsideration.objects.create(
        decision=rg,
        requested_on=date(2025, 6, 20),
        outcome="overturned",
        outcome_on=date(2025, 7, 1),
        recorded_by=people.alex,
    )
    record(people, case, start_on=date(2025, 8, 1))
    assert _stage_counts(case) == {"during_received": 1}


def test_a_withdrawal_ends_the_nrm(people):
    case = CaseFactory(team=people.north, created_by=people.alex)
    referral = ReferralFactory(case=case, submitted_on=date(2025, 6, 1))
    Withdrawal.objects.create(referral=referral, withdrawn_on=date(2025, 7, 1), recorded_by=people.alex)
    record(people, case, start_on=date(2025, 6, 30))
    record(people, case, kind="travel", start_on=date(2025, 7, 2))
    counts = entitlements_by_stage(Case.objects.filter(pk=case.pk), date(2020, 1, 1), TODAY())
    assert counts["accommodation"]["during_received"] == 1
    assert counts["travel"]["after_received"] == 1


def test_an_earlier_referral_s_cg_does_not_make_a_re_referral_s_nrm_after(people):
    case = CaseFactory(team=people.north, created_by=people.alex)
    first = ReferralFactory(case=case, submitted_on=date(2024, 1, 10))
    DecisionFactory(referral=first, kind="cg", outcome="negative", decided_on=date(2024, 9, 1))
    Referral.objects.filter(pk=first.pk).update(is_current=False)
    ReferralFactory(
        case=case, submitted_on=date(2025, 3, 1), previous_referral=first
    )  # re-referred: a new NRM, no decision yet
    record(people, case, start_on=date(2024, 12, 1))  # between the two: after the first NRM
    record(people, case, kind="travel", start_on=date(2025, 4, 1))
    counts = entitlements_by_stage(Case.objects.filter(pk=case.pk), date(2020, 1, 1), TODAY())
    assert counts["accommodation"]["after_received"] == 1
    assert counts["travel"]["during_received"] == 1 and counts["travel"]["after_received"] == 0


def test_a_duty_to_notify_report_is_not_an_nrm_referral(people):
    case = CaseFactory(team=people.north, created_by=people.alex)
    ReferralFactory(case=case, kind="dtn", submitted_on=date(2025, 1, 1), competent_authority="sca")
    record(people, case, start_on=date(2025, 8, 1))
    assert _stage_counts(case) == {"before_received": 1}


def test_the_report_counts_each_survivor_once_per_cell_by_stage(people):
    with_cg = CaseFactory(team=people.north, created_by=people.alex)
    referral = ReferralFactory(case=with_cg, submitted_on=date(2025, 6, 1))
    DecisionFactory(referral=referral, kind="rg", decided_on=date(2025, 6, 10))
    DecisionFactory(referral=referral, kind="cg", decided_on=date(2025, 12, 1))
    without = CaseFactory(team=people.north, created_by=people.alex)
    record(people, with_cg, start_on=date(2025, 7, 1))
    record(people, with_cg, start_on=date(2025, 8, 1))  # the same survivor, the same cell
    record(people, with_cg, start_on=date(2025, 12, 1))
    record(
        people, with_cg, kind="legal_aid", result="refused", refusal_reason="No", start_on=date(2026, 1, 5)
    )
    record(people, without, start_on=date(2026, 1, 5))  # no referral: before the NRM
    record(people, without, start_on=date(2024, 1, 5))  # before the period
    counts = entitlements_by_stage(Case.objects.all(), date(2025, 1, 1), date(2026, 6, 30))
    assert counts["accommodation"] == {
        "before_received": 1,
        "before_refused": 0,
        "during_received": 1,
        "during_refused": 0,
        "after_received": 1,
        "after_refused": 0,
    }
    assert counts["legal_aid"]["after_refused"] == 1


def test_the_panel_takes_the_same_queries_for_one_record_and_for_six(people, login):
    small = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    large = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    record(people, small)
    for i in range(6):
        record(
            people,
            large,
            kind=["travel", "interpreter", "education"][i % 3],
            start_on=TODAY() - timedelta(days=i),
        )
    client = login(people.alex)
    client.get(reverse("case_plan", args=[small.reference]))
    counts = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("case_plan", args=[case.reference])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    ("values", "messages"),
    [
        (
            {"kind": "", "result": "", "start_on_0": "", "start_on_1": "", "start_on_2": ""},
            [
                "Select what was received or refused",
                "Select whether it was received or refused",
                "Enter the date it started",
            ],
        ),
        (
            date_fields("start_on", TODAY() + timedelta(days=1)),
            ["The date it started must be today or in the past"],
        ),
        (date_fields("start_on", date(1850, 1, 1)), ["The date it started must be on or after 1 April 2009"]),
        (date_fields("start_on", date(1901, 1, 1)), ["The date it started must be on or after 1 April 2009"]),
        ({"start_on_2": "25"}, ["The year of the date it started must include 4 numbers"]),
    ],
)
def test_each_field_is_named_in_its_messages(people, login, alex_case, values, messages):
    page = post(login(people.alex), alex_case, refusal_reason="No", **values).content.decode()
    for message in messages:
        assert message in page
    for confusing in ("Select what<", "Select the received", "Enter the from", "From must"):
        assert confusing not in page
    assert not EntitlementReceived.objects.exists()


def test_the_panel_has_three_columns_so_a_phone_need_not_scroll(people, login, alex_case):
    record(people, alex_case, kind="legal_aid", result="refused", refusal_reason="Means test", notes="Appeal")
    page = login(people.alex).get(reverse("case_plan", args=[alex_case.reference])).content.decode()
    panel = page[page.index('id="entitlements-heading"') :].split("</table>", 1)[0]
    assert panel.count('scope="col"') == 3
    assert 'role="region"' in panel and 'aria-label="Entitlements received and refused"' in panel
    assert "Legal aid" in panel and "Refused because" in panel and "Appeal" in panel
