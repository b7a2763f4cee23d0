"""Risk on My work, in the morning email, on the case list and on the managers' backlog: what
is due or overdue, said without the risk's detail, and the level as a column and a filter."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.services.closure import case_close
from casework.vocabularies import ClosureReason
from support.selectors import risk_work
from support.services import risk
from tests.factories import CaseFactory
from tests.support.test_risk import day, record


@pytest.fixture
def case(alex_case):
    alex_case.opened_on = day(200)
    alex_case.save()
    return alex_case


class TestWork:
    def items(self, case):
        from casework.models import Case

        return list(risk_work.risk_work_items(Case.objects.filter(pk=case.pk), day(0)))

    def test_an_overdue_review_says_only_that(self, people, case):
        record(people, case, on=day(10), level="high", self_harm_level="high", self_harm_evidence="Secret.")
        (item,) = self.items(case)
        assert item.text == "Risk review overdue" and item.overdue and item.kind == risk_work.OVERDUE
        assert item.due_on == day(3)

    def test_a_review_due_this_week_is_listed_and_a_later_one_is_not(self, people, case):
        record(people, case, on=day(25), level="medium")  # due in 3 days
        (item,) = self.items(case)
        assert not item.overdue and item.text.startswith("Risk review due by")
        record(people, case, on=day(0), level="low")
        assert self.items(case) == []

    def test_a_high_risk_case_is_a_case_to_check_by_its_review_date_in_words_without_the_risk(
        self, people, case
    ):
        record(people, case, on=day(2), level="high", self_harm_level="high")
        by_kind = {item.kind: item for item in self.items(case)}
        assert set(by_kind) == {risk_work.DUE, risk_work.HIGH_RISK}
        check = by_kind[risk_work.HIGH_RISK]
        assert check.due_on == day(2) + timedelta(days=7) and not check.overdue
        assert check.text == "Case to check: is the safety plan in place?" and check.group == "Cases to check"
        assert "risk" not in (check.text + check.group).lower() and "high" not in check.text.lower()
        record(people, case, on=day(0), level="medium")  # no longer high: no longer a case to check
        assert risk_work.HIGH_RISK not in {item.kind for item in self.items(case)}

    def test_a_high_risk_case_past_its_review_is_owed_the_review_alone(self, people, case):
        record(people, case, on=day(10), level="high")
        assert [item.kind for item in self.items(case)] == [risk_work.OVERDUE]

    def test_a_new_case_is_owed_a_first_assessment_an_older_one_is_not(self, people, case):
        assert self.items(case) == []  # opened before risk assessments were recorded here
        new = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(0))
        (item,) = self.items(new)
        assert item.kind == risk_work.FIRST_DUE and item.due_on == day(0) + timedelta(days=7)

    def test_the_first_assessment_follows_the_policy_in_force_on_the_day_the_case_opened(
        self, people, case, monkeypatch
    ):
        from casework import clocks

        rules = [r for r in clocks.POLICY if r.name != "risk_first_assessment_days"]
        monkeypatch.setattr(
            clocks,
            "POLICY",
            (
                *rules,
                clocks.Rule("risk_first_assessment_days", day(2000), 0, "none"),
                clocks.Rule("risk_first_assessment_days", day(100), 5, "five days"),
                clocks.Rule("risk_first_assessment_days", day(30), 3, "three days"),
            ),
        )
        older = CaseFactory(
            team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(120)
        )
        five = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(50))
        three = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(6))
        assert self.items(older) == []
        (item,) = self.items(five)
        assert item.kind == risk_work.FIRST_DUE and item.due_on == day(45) and item.overdue
        (item,) = self.items(three)
        assert item.due_on == day(3) and item.overdue

    def test_a_closed_case_owes_no_review(self, people, case):
        record(people, case, on=day(30), level="high")
        case_close(actor=people.alex, case=case, reason=ClosureReason.SUPPORT_COMPLETED, closed_on=day(0))
        assert self.items(case) == []

    def test_my_work_lists_the_overdue_review(self, people, login, case):
        record(
            people, case, on=day(30), level="medium", self_harm_level="medium", self_harm_evidence="Secret."
        )
        page = login(people.alex).get(reverse("home")).content.decode()
        assert "Risk review overdue" in page and "Secret." not in page

    def test_my_work_lists_a_high_risk_case_to_check(self, people, login, case):
        record(people, case, on=day(1), level="high", self_harm_level="high", self_harm_evidence="Secret.")
        page = login(people.alex).get(reverse("home")).content.decode()
        assert "Case to check: is the safety plan in place?" in page and "Secret." not in page


class TestCaseList:
    def test_the_column_and_the_filter(self, people, login, case):
        other = CaseFactory(
            team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(50)
        )
        record(people, case, level="high")
        client = login(people.alex)
        page = client.get(reverse("case_list")).content.decode()
        assert (
            ">Risk<"
            in page.replace("\n", "")
            .replace(" ", "")
            .replace("<th", "<")
            .replace('scope="col"class="govuk-table__header">', ">")
            or "Risk" in page.split("<thead", 1)[1].split("</thead>", 1)[0]
        )
        assert 'govuk-tag--red">High' in page and "Not assessed" in page
        high = client.get(reverse("case_list"), {"risk": "high"}).content.decode()
        assert case.reference in high and other.reference not in high
        never = client.get(reverse("case_list"), {"risk": "none"}).content.decode()
        assert other.reference in never and case.reference not in never

    def test_the_column_takes_no_query_per_row(self, people, login, case):
        client = login(people.alex)
        client.get(reverse("case_list"))

        def count():
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("case_list"))
            return len(captured)

        before = count()
        for n in range(5):
            extra = CaseFactory(
                team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(90)
            )
            record(people, extra, on=day(n), level="low")
        assert count() == before

    def test_the_filter_and_the_column_read_the_level_once(self, people, login, case):
        from casework.models import Case
        from support.selectors.risk import RISK_LEVEL_COLUMN, RISK_LEVEL_FILTER

        filtered = RISK_LEVEL_FILTER.apply(Case.objects.all(), "high", day(0))
        shown = RISK_LEVEL_COLUMN.annotate(filtered)
        # The column reuses the filter's annotation rather than adding the subquery again.
        assert shown.query.annotations["risk_level"] is filtered.query.annotations["risk_level"]
        record(people, case, level="high")
        client = login(people.alex)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("case_list"), {"risk": "high"}).content.decode()
        assert case.reference in page and 'govuk-tag--red">High' in page
        pages = [
            q["sql"]
            for q in captured
            if '"support_riskassessment"' in q["sql"] and 'AS "last_contact"' in q["sql"]
        ]
        assert pages
        for sql in pages:  # selected once, compared once (PostgreSQL cannot refer to the alias in WHERE)
            assert sql.count('AS "risk_level"') == 1 and sql.count('"support_riskassessment"') == 2, sql


class TestBacklog:
    def test_overdue_reviews_and_high_risk_per_caseworker_with_their_list_and_csv(self, people, login, case):
        from oversight import backlog

        record(people, case, on=day(10), level="high")  # high, its review overdue
        blakes = CaseFactory(
            team=people.north, assignee=people.blake, created_by=people.blake, opened_on=day(90)
        )
        risk.risk_assessment_record(
            actor=people.blake, case=blakes, assessed_on=day(60), overall_level="low"
        )  # low, due in 30 days
        south = CaseFactory(
            team=people.south, assignee=people.casey, created_by=people.casey, opened_on=day(90)
        )
        risk.risk_assessment_record(actor=people.casey, case=south, assessed_on=day(40), overall_level="high")
        figures = backlog.backlog(people.morgan, backlog.Filters(), day(0))
        assert (figures.risk_overdue, figures.high_risk) == (1, 1)
        rows = {row["name"]: (row["risk_overdue"], row["high_risk"]) for row in figures.caseworkers}
        assert rows["Alex"] == (1, 1) and rows["Blake"] == (0, 0)
        client = login(people.morgan)
        listed = client.get(reverse("backlog_cases"), {"figure": "risk_overdue"}).content.decode()
        assert case.reference in listed and blakes.reference not in listed and south.reference not in listed
        csv = client.get(reverse("backlog_csv"), {"figure": "high_risk"}).content.decode()
        assert case.reference in csv and (day(10) + timedelta(days=7)).isoformat() in csv
        page = client.get(reverse("backlog")).content.decode()
        assert "Risk assessments or reviews overdue" in page and "High risk" in page

    def test_a_first_assessment_past_due_counts_as_a_review_overdue(self, people, login, case):
        from oversight import backlog

        owed = CaseFactory(
            team=people.north, assignee=people.blake, created_by=people.blake, opened_on=day(0)
        )
        figures = backlog.backlog(people.morgan, backlog.Filters(), day(0) + timedelta(days=7))
        assert figures.risk_overdue == 0  # due today: not yet overdue
        figures = backlog.backlog(people.morgan, backlog.Filters(), day(0) + timedelta(days=8))
        assert figures.risk_overdue == 1
        rows = {row["name"]: row["risk_overdue"] for row in figures.caseworkers}
        assert rows["Blake"] == 1 and rows["Alex"] == 0  # alex's case opened before: owed none
        on_my_work = risk_work.risk_work_items(
            type(owed).objects.filter(pk=owed.pk), day(0) + timedelta(days=8)
        )
        assert [item.overdue for item in on_my_work] == [True]  # as My work says


def test_the_morning_email_says_a_review_is_overdue_and_nothing_of_the_risk(people, case):
    from oversight import reminders

    monday = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()) % 7 or 7)
    case.opened_on = monday - timedelta(days=60)
    case.save()
    risk.risk_assessment_record(
        actor=people.alex,
        case=case,
        assessed_on=monday - timedelta(days=20),
        overall_level="high",
        self_harm_level="high",
        self_harm_evidence="Qzsecret evidence",
        safety_plan="Qzsecret plan",
    )
    (email,) = [e for e in reminders.morning_emails(monday) if e.recipient == people.alex]
    words = repr(email.items)
    assert "Risk review overdue" in words and case.reference in words
    assert "Qzsecret" not in words and "igh" not in words and "elf-harm" not in words


def test_the_morning_email_names_a_high_risk_case_to_check_without_the_risk(people, case):
    from oversight import reminders

    monday = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()) % 7 or 7)
    case.opened_on = monday - timedelta(days=60)
    case.save()
    risk.risk_assessment_record(
        actor=people.alex,
        case=case,
        assessed_on=monday - timedelta(days=6),  # today at the latest: its review due on Sunday next
        overall_level="high",
        self_harm_level="high",
        self_harm_evidence="Qzsecret evidence",
    )
    (email,) = [e for e in reminders.morning_emails(monday) if e.recipient == people.alex]
    (check,) = [item for item in email.items if item["kind"] == risk_work.HIGH_RISK]
    assert check["reference"] == case.reference
    assert "risk" not in (check["text"] + check["group"]).lower()
    words = repr(email.items)
    assert "Qzsecret" not in words and "igh" not in words and "elf-harm" not in words
