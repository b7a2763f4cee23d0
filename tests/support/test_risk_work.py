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
        record(people, case, on=day(1), level="high")
        (item,) = self.items(case)
        assert not item.overdue and item.text.startswith("Risk review due by")
        record(people, case, on=day(0), level="low")
        assert self.items(case) == []

    def test_a_new_case_is_owed_a_first_assessment_an_older_one_is_not(self, people, case):
        assert self.items(case) == []  # opened before risk assessments were recorded here
        opened = max(risk_work.FIRST_ASSESSMENT_FROM, day(10))
        new = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, opened_on=opened)
        if opened + timedelta(days=7) <= day(0) + timedelta(days=7):
            (item,) = self.items(new)
            assert item.kind == risk_work.FIRST_DUE

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
        assert "Risk reviews overdue" in page and "High risk" in page


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
