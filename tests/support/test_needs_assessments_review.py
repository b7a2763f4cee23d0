"""Recovery Needs Assessments, after review: rows recorded before the steps were kept (migration
0021) neither claim a support end nor flood "My work" and the backlog; the latest decision is the
one decided last; a plan the survivor has not agreed stops the submission; the page names the rule
that made an assessment a work item."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Case
from oversight import backlog
from support.models import PlanAgreement, RecoveryNeedsAssessment, SupportPlan
from support.rules import entitlements
from support.rules import needs_assessments as rules
from support.selectors.needs_assessments import attention_rows
from support.selectors.work import work_items
from support.services.needs_assessments import PLAN_NOT_AGREED, needs_assessment_change
from tests.factories import DecisionFactory, ReferralFactory
from tests.support.test_needs_assessments import (
    at,
    date_fields,
    draft,
    saved,
    step,
    support_page,
)

D = date.fromisoformat


@pytest.fixture
def confirmed(alex_case):
    """As in test_needs_assessments: England, positive CG 1 March 2026 (move-on to 15 April)."""
    Case.objects.filter(pk=alex_case.pk).update(opened_on=D("2026-01-02"))
    alex_case.refresh_from_db()
    referral = ReferralFactory(case=alex_case, submitted_on=D("2026-01-05"))
    DecisionFactory(referral=referral, decided_on=D("2026-01-09"))
    DecisionFactory(referral=referral, kind="cg", decided_on=D("2026-03-01"))
    return alex_case


def migrated(case, people, **values):
    """As migration 0021 leaves an assessment submitted or decided before the steps were kept:
    no sharing date, no decision date."""
    return RecoveryNeedsAssessment.objects.create(
        case=case,
        due_on=D("2026-03-15"),
        submitted_on=D("2026-03-12"),
        recorded_before_steps=True,
        recorded_by=people.alex,
        **values,
    )


def cg_of(case):
    return case.referrals.get().decisions.get(kind="cg")


# 1. Continued support decided before the steps were kept: no end is claimed.


def test_continued_support_recorded_before_the_steps_states_no_end(people, confirmed, login, time_machine):
    old = migrated(confirmed, people, outcome="continued", services_agreed="Counselling")
    end, why = entitlements.victim_care_support_end(cg_of(confirmed), [old])
    assert end is None and why == "continued support, end date not recorded"
    at(time_machine, "2026-06-01")
    text = support_page(login(people.alex), confirmed)
    assert "continued support, end date not recorded" in text
    assert "Victim Care Contract support ran to" not in text
    assert "reach-in support from" not in text


def test_a_move_on_decision_recorded_before_the_steps_ends_with_move_on(people, confirmed):
    old = migrated(confirmed, people, outcome="move_on")
    end, _ = entitlements.victim_care_support_end(cg_of(confirmed), [old])
    assert end == D("2026-04-15")


# 2. Rows recorded before the steps were kept are never overdue nor awaited too long.


def test_a_submission_recorded_before_the_steps_is_not_awaited_too_long(
    people, confirmed, login, time_machine
):
    old = migrated(confirmed, people)  # submitted 12 March 2026, no decision recorded
    today = D("2026-11-25")
    assert not rules.decision_awaited_too_long(old, today) and not rules.needs_attention(old, today)
    items = work_items(Case.objects.filter(pk=confirmed.pk), today)
    assert not [i for i in items if i.kind.startswith("rna")]
    assert attention_rows(Case.objects.filter(pk=confirmed.pk), today) == []
    assert backlog.backlog(people.morgan, backlog.Filters(), today).rna_attention == 0
    at(time_machine, "2026-11-25")
    text = support_page(login(people.alex), confirmed)
    assert "Submitted 12 Mar 2026" in text  # still on the page
    assert "Recorded before sharing and decision dates were kept" in text
    assert "Overdue" not in text and "chase the Single Competent Authority" not in text


def test_a_dated_submission_beside_an_old_one_is_still_awaited_too_long(people, confirmed):
    migrated(confirmed, people)
    draft(confirmed, people, due="2026-11-01", shared_on=D("2026-10-30"), submitted_on=D("2026-11-02"))
    kinds = [i.kind for i in work_items(Case.objects.filter(pk=confirmed.pk), D("2026-11-25"))]
    assert kinds.count("rna_decision_awaited") == 1
    assert len(attention_rows(Case.objects.filter(pk=confirmed.pk), D("2026-11-25"))) == 1


# 3. The latest decision is the one decided last, whatever the due dates say.


def test_the_latest_assessment_is_the_one_decided_last_not_the_one_due_last(people, confirmed):
    first = draft(
        confirmed,
        people,
        due="2026-05-01",
        shared_on=D("2026-04-20"),
        submitted_on=D("2026-04-21"),
        decided_on=D("2026-05-10"),
        outcome="move_on",
    )
    # A later assessment whose due date was corrected to earlier than the first's.
    second = draft(
        confirmed,
        people,
        due="2026-04-01",
        shared_on=D("2026-08-01"),
        submitted_on=D("2026-08-02"),
        decided_on=D("2026-09-01"),
        outcome="continued",
        services_agreed="Counselling",
        support_until=D("2027-01-31"),
    )
    assert rules.latest([first, second]) == second
    assert rules.latest([second, first]) == second
    end, _ = entitlements.victim_care_support_end(cg_of(confirmed), [first, second])
    assert end == D("2027-01-31")
    # A draft not yet decided says what is next, before any decision.
    third = draft(confirmed, people, due="2027-01-15")
    assert rules.latest([first, second, third]) == third


def test_the_next_rna_work_item_follows_the_decision_made_last(people, confirmed):
    draft(
        confirmed,
        people,
        due="2026-05-01",
        shared_on=D("2026-04-20"),
        submitted_on=D("2026-04-21"),
        decided_on=D("2026-05-10"),
        outcome="continued",
        services_agreed="Counselling",
        next_review_on=D("2026-11-20"),
    )
    draft(
        confirmed,
        people,
        due="2026-04-01",
        shared_on=D("2026-08-01"),
        submitted_on=D("2026-08-02"),
        decided_on=D("2026-09-01"),
        outcome="continued",
        services_agreed="Counselling",
        next_review_on=D("2026-11-24"),
    )
    items = work_items(Case.objects.filter(pk=confirmed.pk), D("2026-11-22"))
    assert [i.due_on for i in items if i.kind == "rna_next"] == [D("2026-11-24")]


# 4. A plan sent to the Home Office must have been seen and agreed by the survivor first.


def plan(case, people, *, edition=1, agreed_edition=None):
    made = SupportPlan.objects.create(case=case, edition=edition, created_by=people.alex)
    if agreed_edition is not None:
        PlanAgreement.objects.create(
            plan=made, edition=agreed_edition, agreed_on=D("2026-03-09"), recorded_by=people.alex
        )
    return made


def submit(client, assessment):
    return step(client, "needs_assessment_submit", assessment, date_fields("submitted_on", D("2026-03-11")))


@pytest.mark.parametrize("agreed_edition", [None, 1], ids=["never agreed", "agreed an earlier version"])
def test_an_rna_is_not_submitted_while_the_survivor_has_not_agreed_the_current_plan(
    people, confirmed, login, time_machine, agreed_edition
):
    at(time_machine, "2026-03-12")
    plan(confirmed, people, edition=2, agreed_edition=agreed_edition)
    shared = draft(confirmed, people, shared_on=D("2026-03-10"))
    response = submit(login(people.alex), shared)
    assert response.status_code == 200
    html = " ".join(response.content.decode().replace("&#x27;", "'").split())
    assert PLAN_NOT_AGREED.removesuffix("Plan page first.") in html
    plan_url = reverse("case_plan", args=[confirmed.reference])
    assert f'<a class="govuk-link" href="{plan_url}">Plan page</a> first.' in html
    shared.refresh_from_db()
    assert shared.submitted_on is None


def test_an_rna_is_submitted_once_the_survivor_agreed_the_current_plan(
    people, confirmed, login, time_machine
):
    at(time_machine, "2026-03-12")
    plan(confirmed, people, edition=2, agreed_edition=2)
    shared = draft(confirmed, people, shared_on=D("2026-03-10"))
    assert saved(submit(login(people.alex), shared), confirmed)
    shared.refresh_from_db()
    assert shared.submitted_on == D("2026-03-11")


def test_an_rna_without_a_plan_on_the_case_may_be_submitted(people, confirmed, login, time_machine):
    at(time_machine, "2026-03-12")
    shared = draft(confirmed, people, shared_on=D("2026-03-10"))
    assert saved(submit(login(people.alex), shared), confirmed)


# 6. The page names the rule that made an assessment a work item, and that it is a default.


def test_the_support_page_says_which_rule_made_an_assessment_overdue(people, confirmed, login, time_machine):
    draft(confirmed, people, due="2026-11-20")
    draft(confirmed, people, due="2026-11-01", shared_on=D("2026-10-30"), submitted_on=D("2026-11-02"))
    at(time_machine, "2026-11-25")
    text = support_page(login(people.morgan), confirmed)
    assert "Overdue: not submitted by its due date" in text
    assert "organisation's default of 14 days after the positive CG was received" in text
    assert "Decision awaited too long: none 10 working days after the submission" in text
    assert "not a published timescale" in text


def test_the_backlogs_rna_list_and_csv_give_the_rnas_own_reason_and_date(
    people, confirmed, alex_case, login, time_machine
):
    """Not the case's next NRM item: the overdue RNA's due date, else the day the decision awaited
    too long was asked for."""
    time_machine.move_to("2026-11-25T10:00:00+00:00", tick=False)
    RecoveryNeedsAssessment.objects.create(case=confirmed, due_on=D("2026-11-20"), recorded_by=people.alex)
    client = login(people.morgan)
    listed = " ".join(
        client.get(reverse("backlog_cases"), {"figure": "rna_attention"}).content.decode().split()
    )
    assert "RNA overdue since 20 Nov 2026" in listed
    csv = client.get(reverse("backlog_csv"), {"figure": "rna_attention"}).content.decode()
    assert "RNA overdue since,2026-11-20" in csv
    RecoveryNeedsAssessment.objects.filter(case=confirmed).update(
        shared_on=D("2026-10-30"), submitted_on=D("2026-11-02")
    )
    listed = " ".join(
        client.get(reverse("backlog_cases"), {"figure": "rna_attention"}).content.decode().split()
    )
    assert "RNA decision awaited since 2 Nov 2026" in listed
    csv = client.get(reverse("backlog_csv"), {"figure": "rna_attention"}).content.decode()
    assert "RNA decision awaited since,2026-11-02" in csv


def test_an_rna_cannot_be_shared_before_the_positive_cg_or_decided_before_its_submission(
    people, confirmed, login, time_machine
):
    time_machine.move_to("2026-03-20T10:00:00+00:00", tick=False)
    assessment = RecoveryNeedsAssessment.objects.create(
        case=confirmed, due_on=D("2026-03-15"), recorded_by=people.alex
    )
    client = login(people.alex)
    response = step(client, "needs_assessment_share", assessment, date_fields("shared_on", D("2020-01-01")))
    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "The date shared with the survivor must be on or after the positive Conclusive Grounds" in text
    assert "1 March 2026" in text
    assessment.refresh_from_db()
    assert assessment.shared_on is None
    # Nor by a correction of the whole record.
    with pytest.raises(ValidationError):
        needs_assessment_change(
            actor=people.alex,
            assessment=assessment,
            version=assessment.version,
            reason="Typo",
            shared_on=D("2026-02-27"),
        )
    assert saved(
        step(client, "needs_assessment_share", assessment, date_fields("shared_on", D("2026-03-02"))),
        confirmed,
    )
    assert saved(
        step(client, "needs_assessment_submit", assessment, date_fields("submitted_on", D("2026-03-03"))),
        confirmed,
    )
    response = step(
        client,
        "needs_assessment_decide",
        assessment,
        {**date_fields("decided_on", D("2026-03-02")), "outcome": "move_on"},
    )
    assert response.status_code == 200 and rules.DECIDED_BEFORE_SUBMITTED in response.content.decode()


def test_an_rna_cannot_be_shared_before_the_case_was_opened(people, confirmed):
    Case.objects.filter(pk=confirmed.pk).update(opened_on=D("2026-03-10"))
    confirmed.refresh_from_db()
    assert rules.shared_too_early(D("2026-03-09"), confirmed.opened_on, None) == (
        "The date shared with the survivor must be on or after the day the case was opened (10 March 2026)."
    )
    assert rules.shared_too_early(D("2026-03-10"), confirmed.opened_on, None) == ""


def test_the_support_page_tells_one_story_before_and_after_a_continued_support_decision(
    people, confirmed, login, time_machine
):
    time_machine.move_to("2026-03-20T10:00:00+00:00", tick=False)
    client = login(people.alex)
    draft(confirmed, people, due="2026-03-15")
    text = support_page(client, confirmed)
    assert "First Recovery Needs Assessment due by 15 March 2026" in text
    assert "A Recovery Needs Assessment can ask for longer" in text
    RecoveryNeedsAssessment.objects.filter(case=confirmed).update(
        shared_on=D("2026-03-10"),
        submitted_on=D("2026-03-11"),
        decided_on=D("2026-03-19"),
        outcome="continued",
        services_agreed="Counselling",
        support_until=D("2026-09-30"),
        next_review_on=D("2026-09-01"),
    )
    text = support_page(client, confirmed)
    assert "Victim Care Contract support runs to 30 September 2026" in text
    assert "A Recovery Needs Assessment can ask for longer" not in text
    assert "runs at least to 15 April 2026" not in text
    assert "continued by the Recovery Needs Assessment decision of 19 March 2026" in text
    # A second assessment, already overdue: it is what is next, not the first one's review date.
    time_machine.move_to("2026-09-10T10:00:00+00:00", tick=False)
    client = login(people.alex)
    draft(confirmed, people, due="2026-09-01")
    text = support_page(client, confirmed)
    assert "Next Recovery Needs Assessment due by 1 September 2026" in text
    assert "or review by" not in text
    assert "First Recovery Needs Assessment" not in text


def test_draft_is_offered_only_when_no_assessment_is_open_and_decision_only_once_submitted(
    people, confirmed, login, time_machine
):
    time_machine.move_to("2026-03-20T10:00:00+00:00", tick=False)
    client = login(people.alex)
    assert "Draft a Recovery Needs Assessment" in support_page(client, confirmed)
    submitted = draft(confirmed, people, shared_on=D("2026-03-10"), submitted_on=D("2026-03-11"))
    text = support_page(client, confirmed)
    assert "Draft a Recovery Needs Assessment" not in text and "Record decision" in text
    RecoveryNeedsAssessment.objects.filter(pk=submitted.pk).update(
        decided_on=D("2026-03-19"), outcome="move_on"
    )
    text = support_page(client, confirmed)
    assert "Draft a Recovery Needs Assessment" in text and "Record decision" not in text
    # The decision page of a decided assessment is not offered either: back to the support page.
    response = client.get(reverse("needs_assessment_decide", args=[confirmed.reference, submitted.pk]))
    assert saved(response, confirmed)
