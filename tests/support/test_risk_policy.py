"""A team's risk review periods: the defaults, a team's own from the day they take effect, and
the managers' page that sets them (audited, managers only, never back-dated)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from support.models import RiskReviewPolicy
from support.rules import risk as rules
from support.services import risk
from support.vocabularies import SupportAuditAction
from tests.support.test_risk import date_post, day, record


@pytest.fixture
def case(alex_case):
    alex_case.opened_on = day(200)
    alex_case.save()
    return alex_case


class TestNextReview:
    @pytest.mark.parametrize(("level", "days"), [("high", 7), ("medium", 28), ("low", 90)])
    def test_the_default_period_follows_the_overall_level(self, people, case, level, days):
        assessment = record(people, case, on=day(3), level=level)
        assert assessment.next_review_on == day(3) + timedelta(days=days)

    def test_the_team_s_own_period_applies_from_its_date_and_not_before(self, people, case):
        RiskReviewPolicy.objects.create(
            team=people.north, level="high", days=3, effective_from=day(10), set_by=people.morgan
        )
        assert record(people, case, on=day(11), level="high").next_review_on == day(11) + timedelta(days=7)
        assert record(people, case, on=day(10), level="high").next_review_on == day(10) + timedelta(days=3)

    def test_another_team_s_period_does_not_apply(self, people, case):
        RiskReviewPolicy.objects.create(
            team=people.south, level="low", days=10, effective_from=day(50), set_by=people.riley
        )
        assert record(people, case, on=day(1), level="low").next_review_on == day(1) + timedelta(days=90)

    def test_the_latest_row_in_force_wins(self):
        rows = [rules.PolicyRow("medium", 14, day(30)), rules.PolicyRow("medium", 21, day(10))]
        assert rules.review_days("medium", day(20), rows) == 14
        assert rules.review_days("medium", day(5), rows) == 21
        assert rules.review_days("medium", day(40), rows) == 28


class TestPolicyPage:
    def url(self):
        return reverse("risk_review_periods")

    def test_only_managers_open_it(self, people, login):
        assert login(people.alex).get(self.url()).status_code == 404
        assert login(people.sam).get(self.url()).status_code == 404
        assert login(people.morgan).get(self.url()).status_code == 200

    def test_a_manager_changes_their_team_s_periods_from_a_date_audited(self, people, login, case):
        client = login(people.morgan)
        start = timezone.localdate() + timedelta(days=2)
        response = client.post(
            self.url(),
            {**date_post("effective_from", start), "high_days": 3, "medium_days": 28, "low_days": 60},
        )
        assert response.status_code == 302
        rows = {
            (r.level, r.days, r.effective_from) for r in RiskReviewPolicy.objects.filter(team=people.north)
        }
        assert rows == {("high", 3, start), ("low", 60, start)}  # medium is the default already
        event = AuditEvent.objects.get(action=SupportAuditAction.RISK_REVIEW_POLICY_SET)
        assert event.team_id == people.north.pk and event.fields == ["risk_review_policies"]
        # Not yet in force today; from its date it is.
        assert record(people, case, level="high").next_review_on == day(0) + timedelta(days=7)
        assert "Changes made" in client.get(self.url()).content.decode()

    def test_a_start_in_the_past_is_refused(self, people, login):
        response = login(people.morgan).post(
            self.url(),
            {**date_post("effective_from", day(1)), "high_days": 3, "medium_days": 28, "low_days": 90},
        )
        assert response.status_code == 200 and "today or later" in response.content.decode()
        assert not RiskReviewPolicy.objects.exists()

    def test_high_risk_reviewed_less_often_than_low_is_refused(self, people, login):
        # The tester saved high 90, medium 28, low 7: high-risk cases would be reviewed least often.
        response = login(people.morgan).post(
            self.url(),
            {
                **date_post("effective_from", timezone.localdate()),
                "high_days": 90,
                "medium_days": 28,
                "low_days": 7,
            },
        )
        assert response.status_code == 200
        assert "A higher level must be reviewed at least as often" in response.content.decode()
        assert not RiskReviewPolicy.objects.exists()

    def test_the_service_refuses_a_manager_of_another_team(self, people):
        with pytest.raises(PermissionDenied):
            risk.risk_review_policy_set(
                actor=people.riley,
                team=people.north,
                effective_from=timezone.localdate(),
                days={"high": 1, "medium": 2, "low": 3},
            )
