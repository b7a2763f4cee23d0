"""The needs and support plan (issue 19 item 1): needs by domain in the survivor's words, goals,
actions that are tasks about a goal, reviews, the survivor's agreement to a version of the plan,
and what the rest of the case file gets from it (work items, timeline, export, erasure)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import hooks
from casework.models import AuditEvent, RecordRevision, Task
from casework.selectors.tasks import my_work_items
from casework.services import tasks
from casework.services.conflicts import EditConflict
from casework.services.submission import TOKEN_FIELD
from support.demo.plans import seed_plans
from support.models import Goal, Need, PlanAgreement, PlanReview, SupportPeriod, SupportPlan
from support.selectors.plan_work import plan_work_items
from support.selectors.plans import PLAN, plan_agreed_current, plan_events, plan_export_section
from support.services import plans
from support.services.plans import plan_erase_personal_data
from support.vocabularies import PlanAuditAction
from tests.casework.test_data_at_rest import everything_stored
from tests.factories import CaseFactory

WORDS = "I want a room of my own, somewhere quiet."


def today():
    return timezone.localdate()


def dates(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def need(people, case, **values):
    fields = {"domain": "housing", "priority": "high", "status": "open", "survivor_words": WORDS}
    return plans.need_add(actor=people.alex, case=case, **(fields | values))


def goal(people, a_need, text="To move into a flat of my own."):
    return plans.goal_add(actor=people.alex, need=a_need, text=text, status="open")


def plan_of(case):
    return SupportPlan.objects.get(case=case)


def page(client, case):
    response = client.get(reverse("case_plan", args=[case.reference]))
    assert response.status_code == 200
    return response.content.decode()


def token(client, url):
    body = client.get(url).content.decode()
    return body.split(f'name="{TOKEN_FIELD}" value="', 1)[1].split('"', 1)[0]


class TestBuildingAPlanOnThePlanPage:
    def test_a_caseworker_adds_a_need_a_goal_an_action_a_review_and_the_survivor_s_agreement(
        self, people, login, alex_case
    ):
        client = login(people.alex)
        assert "There is no plan yet" in page(client, alex_case)

        url = reverse("plan_need_new", args=[alex_case.reference])
        response = client.post(
            url,
            {
                TOKEN_FIELD: token(client, url),
                "domain": "housing",
                "survivor_words": WORDS,
                "notes": "In a safe house until March.",
                "priority": "high",
                "status": "open",
            },
        )
        assert response.status_code == 302 and response.url == reverse(
            "case_plan", args=[alex_case.reference]
        )
        added = Need.objects.get(plan__case=alex_case)

        url = reverse("plan_goal_new", args=[alex_case.reference, added.pk])
        response = client.post(
            url, {TOKEN_FIELD: token(client, url), "text": "To move into a flat", "status": "open"}
        )
        assert response.status_code == 302
        made = Goal.objects.get(need=added)

        url = reverse("plan_action_new", args=[alex_case.reference, made.pk])
        due = today() + timedelta(days=7)
        response = client.post(
            url,
            {
                TOKEN_FIELD: token(client, url),
                "title": "Call the housing officer",
                "assignee": people.morgan.pk,
                **dates("due_on", due),
            },
        )
        assert response.status_code == 302
        task = Task.objects.get(case=alex_case)
        assert (task.about_kind, task.about_id, task.assignee, task.due_on) == (
            "plan_goal",
            made.pk,
            people.morgan,
            due,
        )

        url = reverse("plan_review_new", args=[alex_case.reference])
        response = client.post(
            url,
            {
                TOKEN_FIELD: token(client, url),
                **dates("reviewed_on", today()),
                "changes": "Went through it together.",
                **dates("next_review_on", today() + timedelta(days=28)),
            },
        )
        assert response.status_code == 302

        body = page(client, alex_case)
        assert "Not yet agreed" in body
        url = reverse("plan_agree", args=[alex_case.reference])
        response = client.post(
            url,
            {
                TOKEN_FIELD: token(client, url),
                **dates("agreed_on", today()),
                "edition": plan_of(alex_case).edition,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]

        body = page(client, alex_case)
        assert f"Agreed with the survivor on {today():%-d %B %Y}" in body
        assert "Secure and suitable housing" in body and "High priority" in body
        assert "“<bdi>I want a room of my own, somewhere quiet.</bdi>”" in body
        assert "In a safe house until March." in body
        assert "Goal 1" in body and "To move into a flat" in body
        assert "Call the housing officer" in body and "Morgan" in body
        assert "Went through it together." in body
        assert plan_agreed_current(alex_case)

    def test_the_first_need_makes_the_plan_and_every_later_change_a_new_version(self, people, alex_case):
        first = need(people, alex_case)
        assert plan_of(alex_case).edition == 1
        need(people, alex_case, domain="medical")
        added = goal(people, first)
        plans.action_add(
            actor=people.alex, goal=added, title="Register with a GP", due_on=today(), assignee=people.alex
        )
        assert plan_of(alex_case).edition == 4
        plans.need_change(
            actor=people.alex,
            need=first,
            version=first.version,
            domain="housing",
            priority="low",
            status="open",
            survivor_words=WORDS,
            notes="",
        )
        assert plan_of(alex_case).edition == 5

    def test_the_needs_are_shown_open_first_then_by_priority(self, people, login, alex_case):
        need(people, alex_case, domain="education", priority="low")
        need(people, alex_case, domain="employment", priority="high", status="met")
        need(people, alex_case, domain="medical", priority="high")
        body = page(login(people.alex), alex_case)
        order = [
            body.index(words)
            for words in ("Access to medical treatment", "Access to education", "Employment")
        ]
        assert order == sorted(order)

    def test_a_goal_s_number_names_the_tasks_about_it_without_decrypting_it(self, people, login, alex_case):
        first = goal(people, need(people, alex_case))
        second = goal(people, need(people, alex_case, domain="money"), "To open a bank account")
        assert (first.number, second.number) == (1, 2)
        plans.action_add(
            actor=people.alex, goal=second, title="Open the account", due_on=today(), assignee=people.alex
        )
        tasks_page = (
            login(people.alex).get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
        )
        assert "Support plan goal 2" in tasks_page

    def test_whitespace_alone_is_no_goal_and_long_text_is_refused_with_a_message(
        self, people, login, alex_case
    ):
        first = need(people, alex_case)
        client = login(people.alex)
        url = reverse("plan_goal_new", args=[alex_case.reference, first.pk])
        body = client.post(
            url, {TOKEN_FIELD: token(client, url), "text": "   ", "status": "open"}
        ).content.decode()
        assert "Enter the goal" in body
        body = client.post(
            url, {TOKEN_FIELD: token(client, url), "text": "x" * 20_001, "status": "open"}
        ).content.decode()
        assert "Goal must be 20000 characters or fewer" in body
        assert not Goal.objects.exists()

    def test_the_database_refuses_an_unknown_domain_and_a_met_need_without_its_date(self, people, alex_case):
        first = need(people, alex_case)
        for values in ({"domain": "astrology"}, {"status": "met", "met_on": None}, {"priority": "urgent"}):
            with pytest.raises(IntegrityError), transaction.atomic():
                Need.objects.filter(pk=first.pk).update(**values)


class TestTheSurvivorsAgreement:
    def test_a_plan_changed_after_it_was_agreed_says_the_survivor_has_not_seen_it(
        self, people, login, alex_case
    ):
        first = need(people, alex_case)
        plans.plan_agree(
            actor=people.alex,
            case=alex_case,
            agreed_on=today(),
            edition=1,
            next_review_on=today() + timedelta(days=30),
        )
        assert plan_agreed_current(alex_case)
        goal(people, first)
        assert not plan_agreed_current(alex_case)
        body = page(login(people.alex), alex_case)
        assert "The survivor has not seen the current version of this plan" in body
        assert "They agreed version 1" in body and "it is now version 2" in body

    def test_an_agreement_is_refused_if_the_plan_changed_after_the_page_was_opened(
        self, people, login, alex_case
    ):
        first = need(people, alex_case)
        client = login(people.alex)
        url = reverse("plan_agree", args=[alex_case.reference])
        form_token = token(client, url)
        goal(people, first)  # another tab adds a goal meanwhile
        body = client.post(
            url,
            {
                TOKEN_FIELD: form_token,
                **dates("agreed_on", today()),
                **dates("next_review_on", today() + timedelta(days=30)),
                "edition": "1",
            },
        ).content.decode()
        assert "The plan has changed since you opened this page (it is now version 2)" in body
        assert not PlanAgreement.objects.exists()

    def test_a_plan_with_no_review_date_gets_one_when_it_is_agreed(self, people, alex_case):
        need(people, alex_case)
        with pytest.raises(ValidationError) as error:
            plans.plan_agree(actor=people.alex, case=alex_case, agreed_on=today(), edition=1)
        assert "next_review_on" in error.value.message_dict

    def test_no_plan_means_not_agreed_and_no_agreement_page(self, people, login, alex_case):
        assert not plan_agreed_current(alex_case)
        assert login(people.alex).get(reverse("plan_agree", args=[alex_case.reference])).status_code == 404

    def test_a_plan_whose_needs_were_all_deleted_cannot_be_agreed(self, people, alex_case):
        first = need(people, alex_case)
        plans.need_delete(actor=people.alex, need=first, version=1, reason="Wrong case")
        with pytest.raises(ValidationError) as error:
            plans.plan_agree(
                actor=people.alex,
                case=alex_case,
                agreed_on=today(),
                edition=plan_of(alex_case).edition,
                next_review_on=today() + timedelta(days=9),
            )
        assert "The plan has no needs" in error.value.messages[0]

    def test_an_agreement_cannot_be_dated_in_the_future(self, people, alex_case):
        need(people, alex_case)
        with pytest.raises(ValidationError) as error:
            plans.plan_agree(
                actor=people.alex,
                case=alex_case,
                agreed_on=today() + timedelta(days=1),
                edition=1,
                next_review_on=today() + timedelta(days=9),
            )
        assert "agreed_on" in error.value.message_dict


def test_the_overview_says_whether_the_plan_is_agreed_and_when_it_is_reviewed(people, login, alex_case):
    client = login(people.alex)

    def row():
        body = client.get(reverse("case", args=[alex_case.reference])).content.decode()
        return " ".join(body.split('id="overview-plan">', 1)[1].split("</dd>", 1)[0].split())

    assert row() == "No plan yet"
    first = need(people, alex_case)
    assert "Not yet agreed" in row()
    review = today() + timedelta(days=9)
    plans.plan_agree(actor=people.alex, case=alex_case, agreed_on=today(), edition=1, next_review_on=review)
    assert row().startswith(f"Agreed with the survivor on {today():%-d %B %Y}")
    assert f"Review {review:%-d %B %Y}" in row()
    goal(people, first)
    assert "The survivor has not seen the current version" in row()
    SupportPlan.objects.filter(case=alex_case).update(next_review_on=today() - timedelta(days=1))
    assert "Overdue" in row()


class TestChangingAndDeleting:
    def test_a_need_s_change_keeps_the_earlier_values_and_dates_when_it_was_met(
        self, people, login, alex_case
    ):
        first = need(people, alex_case)
        client = login(people.alex)
        url = reverse("plan_need_change", args=[alex_case.reference, first.pk])
        response = client.post(
            url,
            {
                "domain": "housing",
                "priority": "high",
                "status": "met",
                "survivor_words": WORDS,
                "version": "1",
            },
        )
        assert response.status_code == 302
        first.refresh_from_db()
        assert (first.status, first.met_on) == ("met", today())
        revision = RecordRevision.objects.get(record_kind="plan_need", record_id=first.pk)
        assert set(revision.fields) == {"status", "met_on"}
        assert "Met on" in page(client, alex_case) or "Met" in page(client, alex_case)

    def test_a_second_tab_gets_the_conflict_page_not_a_silent_overwrite(self, people, login, alex_case):
        first = need(people, alex_case)
        values = {"domain": "housing", "status": "open", "survivor_words": WORDS, "notes": ""}
        plans.need_change(actor=people.morgan, need=first, version=1, priority="low", **values)
        with pytest.raises(EditConflict):
            plans.need_change(actor=people.alex, need=first, version=1, priority="medium", **values)
        client = login(people.alex)
        url = reverse("plan_need_change", args=[alex_case.reference, first.pk])
        body = client.post(url, {**values, "priority": "medium", "version": "1"}).content.decode()
        assert "Morgan" in body
        first.refresh_from_db()
        assert first.priority == "low"

    def test_a_need_with_goals_is_not_deleted_and_a_goal_s_actions_outlive_it(self, people, login, alex_case):
        first = need(people, alex_case)
        added = goal(people, first)
        action = plans.action_add(
            actor=people.alex, goal=added, title="Call", due_on=today(), assignee=people.alex
        )
        client = login(people.alex)
        delete_need = reverse("plan_need_delete", args=[alex_case.reference, first.pk])
        body = client.post(delete_need, {"reason": "Added in error", "version": "1"}).content.decode()
        assert "Delete its goals first" in body
        delete_goal = reverse("plan_goal_delete", args=[alex_case.reference, added.pk])
        # An open action keeps its goal: its owner would be working towards a goal that is gone.
        body = client.post(delete_goal, {"reason": "Added in error", "version": "1"}).content.decode()
        assert "This goal has open actions" in body
        assert Goal.objects.filter(pk=added.pk).exists()
        tasks.task_done(actor=people.alex, task=action)
        assert client.post(delete_goal, {"reason": "Added in error", "version": "1"}).status_code == 302
        assert client.post(delete_need, {"reason": "Added in error", "version": "1"}).status_code == 302
        assert not Need.objects.exists()
        tasks_page = client.get(reverse("case_tasks", args=[alex_case.reference])).content.decode()
        assert "Support plan goal (since deleted)" in tasks_page
        kept = RecordRevision.objects.filter(change="deleted").values_list("record_kind", flat=True)
        assert sorted(kept) == ["plan_goal", "plan_need"]

    def test_a_record_of_another_case_is_not_found_through_this_case_s_address(
        self, people, login, alex_case
    ):
        other = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
        elsewhere = need(people, other)
        client = login(people.alex)
        for name in ("plan_need_change", "plan_need_delete", "plan_goal_new"):
            assert client.get(reverse(name, args=[alex_case.reference, elsewhere.pk])).status_code == 404


class TestReviews:
    def test_a_review_sets_the_next_review_date_and_must_come_before_it(self, people, alex_case):
        need(people, alex_case)
        with pytest.raises(ValidationError) as error:
            plans.review_record(
                actor=people.alex, case=alex_case, reviewed_on=today(), next_review_on=today()
            )
        assert "next_review_on" in error.value.message_dict
        plans.review_record(
            actor=people.alex,
            case=alex_case,
            reviewed_on=today(),
            next_review_on=today() + timedelta(days=28),
        )
        assert plan_of(alex_case).next_review_on == today() + timedelta(days=28)
        assert AuditEvent.objects.filter(
            action=PlanAuditAction.REVIEW_RECORDED, fields=["plan_review"]
        ).exists()

    def test_a_review_due_today_or_overdue_is_a_work_item_and_one_ahead_is_not(self, people, alex_case):
        need(people, alex_case)
        cases = type(alex_case).objects.filter(pk=alex_case.pk)
        for offset, expected in ((3, None), (0, "Support plan review due today"), (-4, "overdue")):
            SupportPlan.objects.filter(case=alex_case).update(next_review_on=today() + timedelta(days=offset))
            items = plan_work_items(cases, today())
            if expected is None:
                assert items == []
            else:
                (item,) = items
                assert expected in item.text and item.reference == alex_case.reference
                assert item.overdue == (offset < 0)

    def test_an_overdue_review_reaches_my_work(self, people, alex_case):
        need(people, alex_case)
        SupportPlan.objects.filter(case=alex_case).update(next_review_on=today() - timedelta(days=2))
        visible = type(alex_case).objects.visible_to(people.alex)
        kinds = [item.kind for item in my_work_items(people.alex, visible, today())]
        assert "plan_review_due" in kinds
        assert any(item.kind == "plan_review_due" for item in hooks.work_items(visible, today()))


def fill(people, case, n):
    """n needs, each with a goal, an action, a review and an agreement."""
    for i in range(n):
        added = goal(people, need(people, case, domain=["housing", "money", "medical"][i % 3]))
        plans.action_add(
            actor=people.alex,
            goal=added,
            title=f"Action {i}",
            due_on=today() + timedelta(days=i),
            assignee=people.alex,
        )
        plans.review_record(
            actor=people.alex,
            case=case,
            reviewed_on=today(),
            next_review_on=today() + timedelta(days=10 + i),
            changes=f"Review {i}",
        )
        plans.plan_agree(actor=people.alex, case=case, agreed_on=today(), edition=plan_of(case).edition)


def test_the_plan_page_takes_the_same_number_of_queries_for_one_need_and_for_six(people, login):
    small = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    large = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    fill(people, small, 1)
    fill(people, large, 6)
    client = login(people.alex)
    page(client, small)  # the session's first request does more
    counts = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as captured:
            page(client, case)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_timeline_shows_needs_added_and_met_reviews_and_agreements(people, alex_case):
    first = need(people, alex_case)
    plans.need_change(
        actor=people.alex,
        need=first,
        version=1,
        domain="housing",
        priority="high",
        status="met",
        survivor_words=WORDS,
    )
    plans.review_record(
        actor=people.alex, case=alex_case, reviewed_on=today(), next_review_on=today() + timedelta(days=9)
    )
    plans.plan_agree(actor=people.alex, case=alex_case, agreed_on=today(), edition=plan_of(alex_case).edition)
    events = plan_events(alex_case, hooks.TimelineQuery(kinds=frozenset({PLAN})))
    assert sorted(event.title for event in events) == [
        "Need added to the support plan",
        "Need met",
        "Support plan reviewed",
        "The survivor agreed the support plan",
    ]
    assert all(WORDS not in str(event) for event in events)
    assert (PLAN, "Support plan") in hooks.timeline_kinds()


def test_the_export_holds_every_word_and_erasure_blanks_them(people, alex_case):
    added = goal(people, need(people, alex_case, notes="Caseworker note"), "A goal in their words")
    plans.review_record(
        actor=people.alex,
        case=alex_case,
        reviewed_on=today(),
        next_review_on=today() + timedelta(days=9),
        changes="What changed",
    )
    exported = str(plan_export_section(alex_case))
    for words in (WORDS, "Caseworker note", "A goal in their words", "What changed"):
        assert words in exported
    plan_erase_personal_data(alex_case)
    exported = str(plan_export_section(alex_case))
    for words in (WORDS, "Caseworker note", "A goal in their words", "What changed"):
        assert words not in exported
    added.refresh_from_db()
    assert added.text == "" and added.number == 1  # the statistics fields stay


def test_nothing_typed_into_the_plan_is_readable_at_rest(people, alex_case):
    added = goal(people, need(people, alex_case, notes="Notesecretzz"), "Goalsecretzz")
    plans.review_record(
        actor=people.alex,
        case=alex_case,
        reviewed_on=today(),
        next_review_on=today() + timedelta(days=9),
        changes="Changesecretzz",
    )
    assert added.pk
    stored = everything_stored()
    for words in (WORDS, "Notesecretzz", "Goalsecretzz", "Changesecretzz"):
        assert words not in stored


def test_the_audit_names_the_record_kind_never_the_words(people, alex_case):
    need(people, alex_case)
    event = AuditEvent.objects.get(action=PlanAuditAction.NEED_ADDED)
    assert event.fields == ["plan_need"]


class TestDemo:
    def test_the_demo_has_plans_at_every_stage_and_seeds_once(self, people):
        opened = today() - timedelta(days=100)
        cases = [
            CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=opened)
            for _ in range(4)
        ]
        for case in cases:
            SupportPeriod.objects.create(
                case=case, provider="vcc", kind="outreach", start_on=today(), recorded_by=people.alex
            )
        assert seed_plans() == 4
        assert seed_plans() == 0
        current = [plan_agreed_current(case) for case in cases]
        assert current == [True, False, False, True]
        changed = plan_of(cases[2])
        assert changed.agreements.get().edition < changed.edition  # agreed, changed since
        assert not plan_of(cases[1]).agreements.exists()  # never agreed
        assert plan_of(cases[3]).next_review_on < today()  # review overdue
        late = Task.objects.filter(case=cases[2], about_kind="plan_goal", status="open", due_on__lt=today())
        assert late.exists()  # actions past due
        assert not Task.objects.filter(case=cases[0], status="open", due_on__lt=today()).exists()
        assert PlanReview.objects.filter(plan__case=cases[3]).exists()
