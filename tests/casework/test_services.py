"""Every write goes through a service that checks its rule and leaves an audit entry."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.models import AuditEvent, Case, CaseShare, DuplicateFlag
from casework.services.assignment import case_assign
from casework.services.cases import case_open, case_update_details
from casework.services.closure import case_close, case_reopen
from casework.services.sharing import case_share, case_share_end
from casework.vocabularies import AuditAction, CaseStatus, ClosureReason, ExploitationType, Gender
from tests.factories import CaseFactory


def details(**overrides):
    base = {
        "given_names": "Ana",
        "family_name": "Popescu",
        "aliases": "",
        "date_of_birth": date(1994, 3, 27),
        "estimated_age": None,
        "languages": "Romanian",
        "interpreter_needed": True,
        "phone": "07700 900982",
        "email": "",
        "address": "",
        "safe_to_call": True,
        "safe_to_text": False,
        "safe_to_leave_voicemail": False,
        "safe_contact_times": "",
        "risk_flags": [],
        "notes": "",
        "gender": Gender.FEMALE,
        "nationalities": ["RO"],
        "age_at_exploitation": "adult",
        "county_lines": False,
        "where_exploited": "uk",
        "exploitation_types": [ExploitationType.LABOUR],
    }
    return base | overrides


def only_event(action):
    return AuditEvent.objects.get(action=action)


class TestCaseOpen:
    def test_it_makes_the_caseworker_the_assignee_and_audits_it(self, people):
        opened = case_open(actor=people.alex, team=people.north, details=details())
        case = opened.case
        assert case.assignee == people.alex
        assert case.status == CaseStatus.OPEN
        assert case.person.given_names == "Ana"
        assert list(case.exploitations.values_list("kind", flat=True)) == [ExploitationType.LABOUR]
        event = only_event(AuditAction.CASE_CREATED)
        assert (event.actor, event.case) == (people.alex, case)
        assert not opened.possible_duplicate

    def test_it_refuses_a_team_the_caseworker_is_not_in(self, people):
        with pytest.raises(PermissionDenied):
            case_open(actor=people.alex, team=people.south, details=details())

    def test_it_flags_a_possible_duplicate_in_another_team(self, people):
        first = case_open(actor=people.casey, team=people.south, details=details()).case
        second = case_open(
            actor=people.alex,
            team=people.north,
            details=details(given_names="ANA ", family_name="Popéscu", phone=""),
        )
        # Alex may not see Casey's case, so she is not told of it: the managers are.
        assert not second.possible_duplicate
        assert second.duplicate_references == ()
        flag = DuplicateFlag.objects.get()
        assert (flag.case, flag.matched_case) == (second.case, first)
        flagged = AuditEvent.objects.filter(action=AuditAction.DUPLICATE_FLAGGED)
        assert {(event.actor, event.case) for event in flagged} == {
            (people.alex, second.case),
            (people.alex, first),
        }

    def test_a_duplicate_the_caseworker_may_see_is_named_to_them(self, people):
        first = case_open(actor=people.alex, team=people.north, details=details()).case
        second = case_open(actor=people.alex, team=people.north, details=details())
        assert second.possible_duplicate
        assert second.duplicate_references == (first.reference,)
        assert DuplicateFlag.objects.filter(case=second.case, matched_case=first).exists()

    def test_a_different_date_of_birth_is_not_a_duplicate(self, people):
        case_open(actor=people.casey, team=people.south, details=details())
        other = case_open(
            actor=people.alex, team=people.north, details=details(date_of_birth=date(1994, 3, 28))
        )
        assert not other.possible_duplicate


class TestCaseUpdate:
    def test_it_audits_the_names_of_changed_fields_never_their_values(self, people, alex_case):
        case_update_details(
            actor=people.alex,
            case=alex_case,
            details=details(given_names="Maria", notes="Sentinel note"),
            version=alex_case.person.version,
        )
        event = only_event(AuditAction.CASE_UPDATED)
        assert "given_names" in event.fields and "notes" in event.fields
        assert "Maria" not in str(event.fields) and "Sentinel" not in str(event.fields)

    def test_saving_unchanged_details_writes_nothing(self, people):
        case = case_open(actor=people.alex, team=people.north, details=details()).case
        assert case_update_details(actor=people.alex, case=case, details=details(), version=1) == set()
        assert not AuditEvent.objects.filter(action=AuditAction.CASE_UPDATED).exists()


class TestAssignAndShare:
    def test_a_manager_reassigns_within_the_team_and_it_is_audited(self, people, alex_case):
        case_assign(actor=people.morgan, case=alex_case, assignee=people.blake)
        alex_case.refresh_from_db()
        assert alex_case.assignee == people.blake
        event = only_event(AuditAction.CASE_ASSIGNED)
        assert (event.actor, event.subject_user) == (people.morgan, people.blake)

    def test_a_caseworker_cannot_reassign(self, people, alex_case):
        with pytest.raises(PermissionDenied):
            case_assign(actor=people.alex, case=alex_case, assignee=people.blake)

    def test_the_other_teams_manager_cannot_reassign(self, people, alex_case):
        with pytest.raises(PermissionDenied):
            case_assign(actor=people.riley, case=alex_case, assignee=people.casey)

    def test_nobody_outside_the_team_can_be_assigned(self, people, alex_case):
        with pytest.raises(ValidationError):
            case_assign(actor=people.morgan, case=alex_case, assignee=people.casey)

    def test_sharing_for_cover_is_time_boxed_and_audited(self, people, alex_case):
        until = timezone.localdate() + timedelta(days=10)
        share = case_share(actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=until)
        assert share.expires_on == until
        assert only_event(AuditAction.CASE_SHARED).subject_user == people.blake
        case_share_end(actor=people.morgan, share=share)
        assert not CaseShare.objects.exists()
        assert only_event(AuditAction.CASE_SHARE_ENDED).subject_user == people.blake

    @pytest.mark.parametrize("days", [-1, 91])
    def test_cover_must_end_between_today_and_90_days(self, people, alex_case, days):
        with pytest.raises(ValidationError):
            case_share(
                actor=people.morgan,
                case=alex_case,
                colleague=people.blake,
                expires_on=timezone.localdate() + timedelta(days=days),
            )

    def test_cover_goes_only_to_the_cases_team(self, people, alex_case):
        with pytest.raises(ValidationError):
            case_share(
                actor=people.morgan,
                case=alex_case,
                colleague=people.casey,
                expires_on=timezone.localdate() + timedelta(days=5),
            )


class TestCloseAndReopen:
    def test_closing_records_date_and_reason_and_is_audited(self, people, alex_case):
        case_close(
            actor=people.alex,
            case=alex_case,
            closed_on=timezone.localdate(),
            reason=ClosureReason.SUPPORT_COMPLETED,
        )
        alex_case.refresh_from_db()
        assert alex_case.status == CaseStatus.CLOSED
        assert only_event(AuditAction.CASE_CLOSED).actor == people.alex

    def test_a_second_close_from_a_double_click_changes_nothing(self, people, alex_case):
        # Both clicks were sent from the same open page: the second arrives with the case as it
        # was before the first one closed it.
        stale = Case.objects.get(pk=alex_case.pk)
        today = timezone.localdate()
        case_close(actor=people.alex, case=alex_case, closed_on=today, reason=ClosureReason.OTHER)
        case_close(actor=people.alex, case=stale, closed_on=today, reason=ClosureReason.SUPPORT_COMPLETED)
        alex_case.refresh_from_db()
        assert alex_case.closure_reason == ClosureReason.OTHER
        assert only_event(AuditAction.CASE_CLOSED).actor == people.alex

    def test_a_case_cannot_close_before_it_opened(self, people):
        case = CaseFactory(
            team=people.north, assignee=people.alex, opened_on=timezone.localdate() - timedelta(days=3)
        )
        with pytest.raises(ValidationError):
            case_close(
                actor=people.alex,
                case=case,
                closed_on=timezone.localdate() - timedelta(days=4),
                reason=ClosureReason.OTHER,
            )

    def test_only_a_manager_reopens(self, people, alex_case):
        case_close(
            actor=people.alex, case=alex_case, closed_on=timezone.localdate(), reason=ClosureReason.OTHER
        )
        with pytest.raises(PermissionDenied):
            case_reopen(actor=people.alex, case=alex_case)
        case_reopen(actor=people.morgan, case=alex_case)
        alex_case.refresh_from_db()
        assert alex_case.status == CaseStatus.OPEN and alex_case.closed_on is None
        assert only_event(AuditAction.CASE_REOPENED).actor == people.morgan
