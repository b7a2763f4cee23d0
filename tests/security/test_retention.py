"""Retention: closing a case dates how long its personal data may be kept; after that date
a manager or purge_expired erases it for good, keeping statistics and the audit trail."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.clocks import add_months
from casework.models import AuditEvent, Case, Person
from casework.services.closure import case_close, case_reopen
from casework.services.retention import case_erase_personal_data
from casework.vocabularies import AuditAction
from screening import services as screening_services
from support.models import Decision
from tests.factories import CaseFactory, ConsentFactory, DecisionFactory, ReferralFactory


@pytest.fixture
def expired_case(people):
    case = CaseFactory(
        team=people.north,
        assignee=people.alex,
        created_by=people.alex,
        opened_on=date(2017, 1, 10),
        gender="female",
        person__given_names="Retentionsentinel",
    )
    case_close(actor=people.alex, case=case, closed_on=date(2018, 6, 1), reason="support_completed")
    ConsentFactory(case=case, notes="consent note", decided_on=date(2017, 2, 1))
    referral = ReferralFactory(case=case, nrm_reference="NRM-9", submitted_on=date(2017, 2, 2))
    DecisionFactory(referral=referral, notes="decision note")
    interview = screening_services.interview_start(actor=people.alex, case=case)
    screening_services.interview_save_section(
        actor=people.alex, interview=interview, section="exit", answers={"how_left": "Escaped"}, complete=True
    )
    case.refresh_from_db()
    return case


def test_closing_a_case_sets_its_retention_date_and_reopening_clears_it(people, alex_case, settings):
    settings.RETENTION_YEARS = 6
    case_close(actor=people.alex, case=alex_case, closed_on=alex_case.opened_on, reason="lost_contact")
    opened = alex_case.opened_on
    assert alex_case.retention_until == add_months(opened, 72)
    case_reopen(actor=people.morgan, case=alex_case)
    assert alex_case.retention_until is None


def test_purge_is_a_dry_run_by_default(expired_case):
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert expired_case.reference in out.getvalue()
    assert "Dry run: 1 case past retention" in out.getvalue()
    assert Person.objects.filter(case=expired_case).exists()


def test_purge_erases_personal_data_and_keeps_statistics_and_audit(expired_case):
    views_before = AuditEvent.objects.filter(case=expired_case).count()
    call_command("purge_expired", "--apply", stdout=StringIO())
    case = Case.objects.get(pk=expired_case.pk)
    assert case.erased_at is not None
    assert not Person.objects.filter(case=case).exists()
    assert case.gender == "female" and case.closed_on == date(2018, 6, 1)
    assert case.consents.get().notes == ""
    assert case.referrals.get().nrm_reference == ""
    assert Decision.objects.get(referral__case=case).notes == ""
    assert case.screening_interviews.get().answers == {}
    assert AuditEvent.objects.filter(case=case).count() == views_before + 1
    assert AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_ERASED, case=case).exists()
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert "Dry run: 0 cases" in out.getvalue()


def test_a_case_inside_its_retention_period_cannot_be_erased(people, alex_case):
    with pytest.raises(Exception, match="has not ended"):
        case_erase_personal_data(actor=people.morgan, case=alex_case)


@pytest.mark.parametrize(("who", "expected"), [("alex", 404), ("morgan", 200), ("riley", 200), ("sam", 404)])
def test_the_retention_page_is_for_managers(people, login, who, expected):
    assert login(getattr(people, who)).get(reverse("retention")).status_code == expected


def test_a_manager_approves_erasure_of_their_teams_cases_only(people, login, expired_case):
    riley = login(people.riley).get(reverse("retention")).content.decode()
    assert expired_case.reference not in riley
    morgan = login(people.morgan)
    assert expired_case.reference in morgan.get(reverse("retention")).content.decode()
    refused = morgan.post(reverse("retention"), {"cases": [expired_case.reference]})
    assert "Confirm that you understand" in refused.content.decode()
    assert Person.objects.filter(case=expired_case).exists()
    done = morgan.post(reverse("retention"), {"cases": [expired_case.reference], "confirm": "on"})
    assert done.status_code == 302
    page = morgan.get(reverse("case", args=[expired_case.reference])).content.decode()
    assert "Personal data erased" in page and "Retentionsentinel" not in page
    assert morgan.get(reverse("case_edit", args=[expired_case.reference])).status_code == 302


def test_an_erased_case_cannot_be_reopened(people, login, expired_case):
    case_erase_personal_data(actor=people.morgan, case=expired_case)
    response = login(people.morgan).post(reverse("case_reopen", args=[expired_case.reference]), follow=True)
    assert "cannot be reopened" in response.content.decode()


@pytest.mark.parametrize("page", ["nrm_referral_new", "consent_new", "support_period_new", "proceeding_new"])
def test_nothing_more_is_recorded_on_an_erased_case(people, login, expired_case, page):
    case_erase_personal_data(actor=people.morgan, case=expired_case)
    response = login(people.morgan).get(reverse(page, args=[expired_case.reference]), follow=True)
    assert response.status_code == 200
    assert "nothing more can be recorded" in response.content.decode()
