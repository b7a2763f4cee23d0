"""Risk and safety (issue 19 item 2): assessments with areas, an overall level and a safety plan;
the next review set by the team's policy in force on the day assessed; reviews kept as history;
the level on the Overview and the case list; overdue reviews on My work without the detail."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from casework import hooks
from casework.models import AuditEvent, RecordRevision
from casework.services.closure import case_close
from casework.services.conflicts import EditConflict
from casework.vocabularies import ClosureReason, RiskFlag
from support.demo.risk import seed_risk
from support.models import RiskAssessment
from support.selectors.risk import risk_events, risk_export_section
from support.services import risk
from support.vocabularies import RiskLevel, SupportAuditAction
from tests.factories import CaseFactory


def day(n):
    return timezone.localdate() - timedelta(days=n)


def date_post(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


@pytest.fixture
def case(alex_case):
    alex_case.opened_on = day(200)
    alex_case.save()
    return alex_case


def record(people, case, *, on=None, level="medium", **areas):
    return risk.risk_assessment_record(
        actor=people.alex,
        case=case,
        assessed_on=on or day(0),
        overall_level=level,
        safety_plan="Calls only from the team's numbers.",
        **areas,
    )


def message(error):
    return " ".join(str(m) for messages in error.message_dict.values() for m in messages)


class TestRecording:
    def test_areas_levels_and_evidence_are_kept_and_the_text_is_encrypted(self, people, case):
        assessment = record(
            people,
            case,
            level="high",
            self_harm_level="high",
            self_harm_evidence="Said she has thought about it.",
            homelessness_level="low",
        )
        assessment.refresh_from_db()
        assert assessment.areas == {
            "self_harm": {"level": "high", "evidence": "Said she has thought about it."},
            "homelessness": {"level": "low", "evidence": ""},
        }
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT safety_plan, areas FROM support_riskassessment WHERE id = %s", [assessment.pk]
            )
            raw, areas = (bytes(value).decode(errors="ignore") for value in cursor.fetchone())
        assert "team" not in raw
        # Which areas, at what level, is special-category data: none of it readable in a dump.
        assert not any(word in areas for word in ("self_harm", "homelessness", "high", "low", "thought"))
        event = AuditEvent.objects.filter(action=SupportAuditAction.RISK_ASSESSMENT_RECORDED).get()
        assert event.fields == ["risk_assessment"] and event.case == case

    def test_the_overall_level_cannot_be_below_the_highest_area(self, people, case):
        with pytest.raises(ValidationError) as error:
            record(people, case, level="low", re_trafficking_level="high")
        assert "Re-trafficking: high" in message(error.value)

    def test_evidence_needs_a_level(self, people, case):
        with pytest.raises(ValidationError) as error:
            record(people, case, debt_bondage_evidence="Owes for the journey.")
        assert "debt_bondage_level" in error.value.message_dict

    @pytest.mark.parametrize("on", [-1, 201])
    def test_the_date_is_not_ahead_nor_before_the_case_opened(self, people, case, on):
        with pytest.raises(ValidationError):
            record(people, case, on=day(on))

    def test_the_database_refuses_an_unknown_overall_level(self, people, case):
        assessment = record(people, case)
        with pytest.raises(IntegrityError), transaction.atomic():
            RiskAssessment.objects.filter(pk=assessment.pk).update(overall_level="severe")

    def test_the_service_refuses_an_unknown_area_level(self, people, case):
        # The areas are ciphertext: the database cannot check them, the service does.
        with pytest.raises(ValidationError) as error:
            record(people, case, level="high", staff_level="severe")
        assert "staff_level" in error.value.message_dict
        assert not RiskAssessment.objects.exists()

    def test_a_review_is_a_new_assessment_and_the_newest_is_current(self, people, login, case):
        record(people, case, on=day(40), level="high", self_harm_level="high")
        record(people, case, on=day(2), level="low")
        page = login(people.alex).get(reverse("case_risk", args=[case.reference])).content.decode()
        current = page.split('id="risk-current"', 1)[1].split("</dl>", 1)[0]
        assert "Low" in current and (day(2) + timedelta(days=90)).strftime("%B %Y") in page
        assert "Earlier assessments" in page and "High risk" in page.split("Earlier assessments", 1)[1]


class TestPages:
    def test_recording_from_the_page_shows_the_level_and_next_review(self, people, login, case):
        client = login(people.alex)
        url = reverse("risk_assessment_new", args=[case.reference])
        response = client.post(
            url,
            {
                **date_post("assessed_on", day(1)),
                "re_trafficking_level": "high",
                "re_trafficking_evidence": "Seen near the old address.",
                "overall_level": "high",
                "safety_plan": "  ",
            },
        )
        assert response.status_code == 302 and response.url == reverse("case_risk", args=[case.reference])
        assessment = RiskAssessment.objects.get(case=case)
        assert assessment.safety_plan == "" and assessment.next_review_on == day(1) + timedelta(days=7)
        overview = client.get(reverse("case", args=[case.reference])).content.decode()
        row = overview.split('id="overview-risk"', 1)[1].split("</dd>", 1)[0]
        assert "High" in row and "Next review by" in row

    def test_the_first_form_names_what_was_noted_when_the_case_was_opened(self, people, login, case):
        case.person.risk_flags = [RiskFlag.DEBT, RiskFlag.SELF_HARM]
        case.person.save()
        client = login(people.alex)
        form = client.get(reverse("risk_assessment_new", args=[case.reference])).content.decode()
        assert "Noted when the case was opened: self-harm or suicide, debt bondage." in form
        page = client.get(reverse("case_risk", args=[case.reference])).content.decode()
        assert "Debt owed to exploiters" in page.split('id="risk-intake"', 1)[1]

    def test_a_review_s_form_starts_from_the_current_assessment(self, people, login, case):
        record(people, case, on=day(20), level="medium", homelessness_level="medium")
        form = login(people.alex).get(reverse("risk_assessment_new", args=[case.reference])).content.decode()
        assert 'value="medium" name="homelessness_level"' in form.replace("checked ", "") or (
            'name="homelessness_level" value="medium"' in form and "checked" in form
        )
        assert "A review: the form starts from the assessment of" in form

    def test_a_correction_moves_the_next_review_and_keeps_the_earlier_values(self, people, login, case):
        assessment = record(people, case, on=day(5), level="medium", health_level="medium")
        client = login(people.alex)
        url = reverse("risk_assessment_change", args=[case.reference, assessment.pk])
        values = {k: v for k, v in risk.assessment_values(assessment).items() if k != "assessed_on"}
        response = client.post(
            url,
            {
                **values,
                **date_post("assessed_on", day(5)),
                "overall_level": "high",
                "health_level": "high",
                "version": assessment.version,
                "reason": "Clicked medium by mistake",
            },
        )
        assert response.status_code == 302
        assessment.refresh_from_db()
        assert assessment.next_review_on == day(5) + timedelta(days=7)
        assert assessment.areas == {"health": {"level": "high", "evidence": ""}}
        revision = RecordRevision.objects.get(record_kind="risk_assessment", record_id=assessment.pk)
        assert set(revision.fields) == {"overall_level", "health_level"}

    def test_a_second_tab_s_correction_gets_the_conflict_page(self, people, login, case):
        assessment = record(people, case, on=day(5), level="medium")
        risk.risk_assessment_change(
            actor=people.alex,
            assessment=assessment,
            version=1,
            reason="Typo",
            **{**risk.assessment_values(assessment), "safety_plan": "New plan."},
        )
        with pytest.raises(EditConflict) as error:
            risk.risk_assessment_change(
                actor=people.morgan,
                assessment=RiskAssessment.objects.get(pk=assessment.pk),
                version=1,
                reason="Typo",
                **{**risk.assessment_values(assessment), "safety_plan": "Other plan."},
            )
        assert isinstance(error.value, EditConflict)

    def test_deleting_keeps_everything_in_the_history(self, people, case):
        assessment = record(
            people, case, level="high", staff_level="high", staff_evidence="Visited the office."
        )
        assert risk.risk_assessment_delete(
            actor=people.alex, assessment=assessment, version=1, reason="Wrong case"
        )
        assert not RiskAssessment.objects.exists()
        revision = RecordRevision.objects.get(record_kind="risk_assessment")
        assert "Visited the office." in revision.previous_json or "staff_evidence" in revision.fields

    def test_a_closed_case_offers_no_new_assessment(self, people, login, case):
        record(people, case)
        case_close(actor=people.alex, case=case, reason=ClosureReason.SUPPORT_COMPLETED, closed_on=day(0))
        page = login(people.alex).get(reverse("case_risk", args=[case.reference])).content.decode()
        assert reverse("risk_assessment_new", args=[case.reference]) not in page

    def test_the_person_s_details_form_no_longer_edits_the_risks_noted_at_opening(self, people, login, case):
        client = login(people.alex)
        assert (
            'name="risk_flags"'
            not in client.get(reverse("case_edit", args=[case.reference])).content.decode()
        )
        assert 'name="risk_flags"' in client.get(reverse("case_new")).content.decode()


class TestTimelineExportErasure:
    def test_the_timeline_shows_each_assessment_without_its_text(self, people, case):
        record(people, case, on=day(4), level="high", self_harm_level="high", self_harm_evidence="Secret.")
        (event,) = risk_events(case, None)
        assert event.title == "Risk assessment" and event.tags == (("High risk", "govuk-tag--red"),)
        assert "Secret." not in repr(event)

    def test_export_has_every_field_and_erasure_removes_the_text(self, people, case):
        record(people, case, level="high", self_harm_level="high", self_harm_evidence="Said so.")
        exported = risk_export_section(case)
        assert exported[0]["safety_plan"] == "Calls only from the team's numbers."
        assert exported[1] == {
            "record": "Risk: Self-harm or suicide",
            "date_assessed": day(0),
            "level": "High",
            "evidence": "Said so.",
        }
        (area,) = [a for a in hooks.data_areas() if a.title == "Risk and safety"]
        area.erase(case)
        erased = RiskAssessment.objects.get()
        assert erased.safety_plan == "" and erased.areas == {}  # the areas' levels go too
        assert erased.overall_level == "high"  # the statistics stay


class TestDemo:
    def test_the_demo_has_every_stage_and_runs_once(self, people):
        for n in range(40):
            CaseFactory(
                team=people.north, assignee=people.alex, created_by=people.alex, opened_on=day(60 + n)
            )
        assert seed_risk() > 0
        assert seed_risk() == 0
        current = {}
        for a in RiskAssessment.objects.order_by("case_id", "assessed_on", "id"):
            current[a.case_id] = a
        levels = {a.overall_level for a in current.values()}
        assert levels == {RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW}
        assert any(a.overall_level == "high" and a.next_review_on < day(0) for a in current.values())
        assert len(current) < 40  # some never assessed
        assert any(a.areas for a in current.values())
