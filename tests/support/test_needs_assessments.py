"""Recovery Needs Assessments: from a draft to a decision, one small page per step, in order; the
due dates from the CG and the policy rows; an overdue one and a decision awaited too long reach
"My work" and the managers' backlog; the support page says when the next one is due, when
support ends and reach-in begins; what is typed is encrypted, exported and erased."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from casework import clocks
from casework.models import Case
from oversight import backlog
from support.models import RecoveryNeedsAssessment
from support.rules import needs_assessments as rules
from support.selectors.export import support_export_section
from support.selectors.work import work_items
from support.services.needs_assessments import needs_assessment_record
from support.services.support_periods import support_erase_personal_data
from tests.factories import DecisionFactory, ReferralFactory

D = date.fromisoformat


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def at(time_machine, day: str):
    time_machine.move_to(f"{day}T10:00:00+00:00", tick=False)


def support_page(client, case) -> str:
    html = client.get(reverse("case_support", args=[case.reference])).content.decode()
    return " ".join(html.replace("&#x27;", "'").split())


@pytest.fixture
def confirmed(alex_case):
    """England: referred 5 January 2026, positive RG 9 January, positive CG 1 March 2026 (its
    receipt not recorded: counted from the decision)."""
    Case.objects.filter(pk=alex_case.pk).update(opened_on=D("2026-01-02"))
    alex_case.refresh_from_db()
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    return alex_case


def draft(case, people, due="2026-03-15", **values):
    return RecoveryNeedsAssessment.objects.create(case=case, due_on=D(due), recorded_by=people.alex, **values)


def saved(response, case) -> bool:
    """Saved: back to the support page (a sign-in page would also be a redirect)."""
    return response.status_code == 302 and response["Location"] == reverse(
        "case_support", args=[case.reference]
    )


def step(client, name, assessment, data):
    assessment.refresh_from_db()
    url = reverse(name, args=[assessment.case.reference, assessment.pk])
    return client.post(url, {**data, "version": assessment.version})


# The rules: dates from the CG and the policy rows.


def test_the_first_rna_is_due_fourteen_days_after_the_cg_is_received(confirmed):
    cg = confirmed.referrals.get().decisions.get(kind="cg")
    assert rules.first_due(cg) == D("2026-03-15")  # counted from the decision while receipt is unknown
    cg.served_on = D("2026-03-04")
    assert rules.first_due(cg) == D("2026-03-18")
    assert clocks.policy_value("rna_first_due_days", D("2026-03-04")) == 14


def test_a_decision_is_awaited_too_long_after_ten_working_days(people, confirmed):
    submitted = draft(confirmed, people, shared_on=D("2026-10-30"), submitted_on=D("2026-11-02"))
    assert rules.decision_due(submitted) == D("2026-11-16")
    assert not rules.decision_awaited_too_long(submitted, D("2026-11-16"))
    assert rules.decision_awaited_too_long(submitted, D("2026-11-17"))
    submitted.decided_on, submitted.outcome = D("2026-11-20"), "move_on"
    assert not rules.decision_awaited_too_long(submitted, D("2026-12-20"))


def test_after_continued_support_the_next_rna_falls_on_the_review_date_or_the_agreed_end(people, confirmed):
    decided = draft(
        confirmed,
        people,
        shared_on=D("2026-03-10"),
        submitted_on=D("2026-03-11"),
        decided_on=D("2026-03-20"),
        outcome="continued",
        services_agreed="Counselling",
        support_until=D("2026-09-20"),
    )
    assert rules.next_due(decided) == D("2026-09-20")
    decided.next_review_on = D("2026-09-01")
    assert rules.next_due(decided) == D("2026-09-01")
    decided.outcome, decided.support_until, decided.next_review_on = "move_on", None, None
    assert rules.next_due(decided) is None


def test_the_steps_must_come_in_order():
    assert rules.step_refusals(submitted_on=D("2026-03-11")) == {"shared_on": rules.SHARE_BEFORE_SUBMIT}
    assert rules.step_refusals(shared_on=D("2026-03-12"), submitted_on=D("2026-03-11")) == {
        "submitted_on": rules.SUBMITTED_BEFORE_SHARED
    }
    errors = rules.step_refusals(
        shared_on=D("2026-03-10"), submitted_on=D("2026-03-11"), decided_on=D("2026-03-09"), outcome="move_on"
    )
    assert errors == {"decided_on": rules.DECIDED_BEFORE_SUBMITTED}
    errors = rules.step_refusals(
        shared_on=D("2026-03-10"),
        submitted_on=D("2026-03-11"),
        decided_on=D("2026-03-12"),
        outcome="continued",
    )
    assert errors == {"services_agreed": rules.SERVICES_NEEDED}
    # An assessment recorded before the steps were kept may be submitted without a sharing date.
    assert rules.step_refusals(submitted_on=D("2026-03-11"), recorded_before_steps=True) == {}


def test_the_database_refuses_a_decision_without_a_submission(people, confirmed):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RecoveryNeedsAssessment.objects.filter(pk=draft(confirmed, people).pk).update(
            decided_on=D("2026-03-20"), outcome="move_on"
        )


# The pages: draft -> shared -> submitted -> decided.


def test_a_caseworker_takes_an_rna_from_draft_to_a_decision_of_continued_support(
    people, confirmed, login, time_machine
):
    at(time_machine, "2026-03-05")
    client = login(people.alex)
    form = client.get(reverse("needs_assessment_new", args=[confirmed.reference])).content.decode()
    assert 'value="15"' in form and 'value="3"' in form  # the due date from the CG, 15 March
    response = client.post(
        reverse("needs_assessment_new", args=[confirmed.reference]),
        {**date_fields("due_on", D("2026-03-15")), "needs": "Counselling, weekly"},
    )
    assert saved(response, confirmed)
    assessment = RecoveryNeedsAssessment.objects.get(case=confirmed)
    assert assessment.status == "draft" and assessment.needs == "Counselling, weekly"

    at(time_machine, "2026-03-10")
    client = login(people.alex)  # each new day, a new sign-in
    response = step(
        client,
        "needs_assessment_share",
        assessment,
        {**date_fields("shared_on", D("2026-03-10")), "survivor_comments": "أريد البقاء هنا"},
    )
    assert saved(response, confirmed)
    response = step(
        client, "needs_assessment_submit", assessment, date_fields("submitted_on", D("2026-03-10"))
    )
    assert saved(response, confirmed)
    at(time_machine, "2026-03-27")
    client = login(people.alex)
    text = support_page(client, confirmed)
    assert "Overdue" in text and "Decision awaited since the submission of 10 March 2026" in text

    response = step(
        client,
        "needs_assessment_decide",
        assessment,
        {
            **date_fields("decided_on", D("2026-03-26")),
            "outcome": "continued",
            "services_agreed": "Accommodation and counselling",
            **date_fields("support_until", D("2026-09-30")),
            **date_fields("next_review_on", D("2026-09-10")),
            "reasons": "Needs from the exploitation",
        },
    )
    assert saved(response, confirmed)
    assessment.refresh_from_db()
    assert assessment.status == "decided" and assessment.outcome == "continued"
    assert assessment.survivor_comments == "أريد البقاء هنا"
    text = support_page(client, confirmed)
    assert "Next Recovery Needs Assessment or review by 10 September 2026" in text
    assert "Victim Care Contract support runs to 30 September 2026" in text
    assert "reach-in support from 1 October 2026" in text


def test_a_move_on_decision_ends_support_with_move_on_and_reach_in_follows(
    people, confirmed, login, time_machine
):
    at(time_machine, "2026-04-01")
    draft(
        confirmed,
        people,
        shared_on=D("2026-03-10"),
        submitted_on=D("2026-03-11"),
        decided_on=D("2026-03-25"),
        outcome="move_on",
    )
    text = support_page(login(people.alex), confirmed)
    assert "Move-on support runs to 15 April 2026" in text
    assert "the Recovery Needs Assessment decision of 25 March 2026 was move-on" in text
    assert "can ask for longer" not in text
    assert "Victim Care Contract support runs to 15 April 2026" in text
    assert "reach-in support from 16 April 2026" in text
    assert "Record decision" not in text


def test_without_an_rna_the_page_says_when_the_first_is_due(people, confirmed, login, time_machine):
    at(time_machine, "2026-03-10")
    text = support_page(login(people.alex), confirmed)
    assert "Soon" in text and "First Recovery Needs Assessment due by 15 March 2026" in text


def test_a_step_out_of_order_is_refused_on_the_form(people, confirmed, login, time_machine):
    at(time_machine, "2026-03-12")
    client = login(people.alex)
    assessment = draft(confirmed, people)
    response = step(
        client, "needs_assessment_submit", assessment, date_fields("submitted_on", D("2026-03-11"))
    )
    assert response.status_code == 200
    assert "it is not at the shared step" in response.content.decode()
    shared = draft(confirmed, people, shared_on=D("2026-03-11"))
    response = step(client, "needs_assessment_submit", shared, date_fields("submitted_on", D("2026-03-10")))
    assert rules.SUBMITTED_BEFORE_SHARED in response.content.decode().replace("&#x27;", "'")
    shared.refresh_from_db()
    assert shared.submitted_on is None


def test_a_second_tab_gets_the_conflict_page_not_a_silent_overwrite(people, confirmed, login, time_machine):
    at(time_machine, "2026-03-12")
    client = login(people.alex)
    assessment = draft(confirmed, people)
    opened = assessment.version
    url = reverse("needs_assessment_share", args=[confirmed.reference, assessment.pk])
    first = {**date_fields("shared_on", D("2026-03-11")), "survivor_comments": "First", "version": opened}
    assert saved(client.post(url, first), confirmed)
    second = {**date_fields("shared_on", D("2026-03-12")), "survivor_comments": "Second", "version": opened}
    response = client.post(url, second)
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.survivor_comments == "First" and assessment.shared_on == D("2026-03-11")
    # The same form sent twice (a double click) saves once and says nothing is wrong.
    assert saved(client.post(url, first), confirmed)


def test_the_step_pages_are_404_to_someone_who_may_not_see_the_case(people, confirmed, login):
    assessment = draft(confirmed, people)
    client = login(people.casey)
    for name in ("needs_assessment_share", "needs_assessment_submit", "needs_assessment_decide"):
        assert client.get(reverse(name, args=[confirmed.reference, assessment.pk])).status_code == 404


# My work and the backlog.


def test_an_overdue_rna_and_a_decision_awaited_too_long_are_work_items(people, confirmed, alex_case):
    draft(confirmed, people, due="2026-11-20")
    draft(confirmed, people, due="2026-11-01", shared_on=D("2026-10-30"), submitted_on=D("2026-11-02"))
    items = {i.kind: i for i in work_items(Case.objects.filter(pk=confirmed.pk), D("2026-11-25"))}
    assert items["rna_due"].overdue and items["rna_due"].due_on == D("2026-11-20")
    awaited = items["rna_decision_awaited"]
    assert awaited.overdue and awaited.due_on == D("2026-11-16") and "since 2 November 2026" in awaited.text


def test_a_decision_within_the_working_days_is_not_a_work_item(people, confirmed):
    draft(confirmed, people, due="2026-11-01", shared_on=D("2026-10-30"), submitted_on=D("2026-11-02"))
    kinds = {i.kind for i in work_items(Case.objects.filter(pk=confirmed.pk), D("2026-11-16"))}
    assert "rna_decision_awaited" not in kinds and "rna_due" not in kinds


def test_the_backlog_counts_cases_with_rnas_overdue_or_awaiting_a_decision(
    people, confirmed, login, time_machine
):
    at(time_machine, "2026-11-25")
    draft(confirmed, people, due="2026-11-20")
    draft(confirmed, people, due="2026-11-01", shared_on=D("2026-10-30"), submitted_on=D("2026-11-02"))
    figures = backlog.backlog(people.morgan, backlog.Filters(), D("2026-11-25"))
    assert figures.rna_attention == 1  # one case, twice over
    row = next(r for r in figures.caseworkers if r["id"] == people.alex.pk)
    assert row["rna_attention"] == 1
    client = login(people.morgan)
    page = client.get(reverse("backlog")).content.decode()
    assert "RNAs overdue or awaiting a decision" in page
    listed = client.get(reverse("backlog_cases"), {"figure": "rna_attention"}).content.decode()
    assert confirmed.reference in listed
    csv = client.get(reverse("backlog_csv"), {"figure": "rna_attention"}).content.decode()
    assert confirmed.reference in csv


# Encrypted, exported, erased.


def test_what_is_typed_is_encrypted_exported_and_erased(people, confirmed):
    assessment = needs_assessment_record(
        actor=people.alex, case=confirmed, due_on=D("2026-03-15"), needs="Zebraneed"
    )
    RecoveryNeedsAssessment.objects.filter(pk=assessment.pk).update(
        survivor_comments="Zebracomment", services_agreed="Zebraservice", reasons="Zebrareason"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM support_recoveryneedsassessment WHERE id = %s", [assessment.pk])
        raw = str(cursor.fetchone())
    assert "Zebra" not in raw
    exported = str(
        support_export_section(Case.objects.prefetch_related("needs_assessments").get(pk=confirmed.pk))
    )
    for word in ("Zebraneed", "Zebracomment", "Zebraservice", "Zebrareason"):
        assert word in exported
    support_erase_personal_data(confirmed)
    assessment.refresh_from_db()
    assert (
        assessment.needs,
        assessment.survivor_comments,
        assessment.services_agreed,
        assessment.reasons,
    ) == (
        "",
        "",
        "",
        "",
    )
