"""Migrations run on a database that already holds rows (code review, finding 13): every
data step copes with what earlier versions left, and a data step run a second time (a
migration interrupted where DDL is not transactional) changes nothing it already did."""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from casework.models import DuplicateFlag


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def cases(old, n=2):
    user = old.get_model("casework", "User").objects.create(username="migrator")
    team = old.get_model("casework", "Team").objects.create(name="Old team")
    Case = old.get_model("casework", "Case")
    made = [Case.objects.create(team=team, created_by=user, reference=f"SC-2345-678{i}") for i in range(n)]
    return user, made


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_flag_closed_before_answers_existed_migrates():
    # Before casework 0012 a flag could be closed (resolved_at) with no answer at all; the
    # answer constraint added by 0012 failed on such a row and the upgrade stopped there.
    old = migrate([("casework", "0011_justice")])
    _user, (first, second) = cases(old)
    old.get_model("casework", "DuplicateFlag").objects.create(
        case_id=second.pk, matched_case_id=first.pk, resolved_at=timezone.now()
    )

    migrate_to_latest()

    flag = DuplicateFlag.objects.get()
    # Closing never linked the cases: "not the same person" keeps that, and it stays settled.
    assert flag.resolution == "not_same_person" and flag.resolved_at is not None
    # And, since each side now answers on its own (0019), as both sides' answer: it does
    # not come back to either manager's list.
    assert flag.case_answer == flag.matched_answer == "not_same_person"


def state_before(app, migration_name, until_operation):
    """The project state and database just before one operation of a migration."""
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration(app, migration_name)
    state = executor.loader.project_state((app, migration.dependencies[0][1]))
    operations = migration.operations
    stop = next(i for i, op in enumerate(operations) if type(op).__name__ == until_operation)
    with connection.schema_editor(atomic=False) as editor:
        for operation in operations[:stop]:
            new_state = state.clone()
            operation.state_forwards(app, new_state)
            operation.database_forwards(app, editor, state, new_state)
            state = new_state
    return state.apps


@pytest.mark.django_db(transaction=True)
def test_the_casework_encryption_step_run_twice_keeps_the_values():
    name = "0014_encrypt_consent_organisation_and_risk_flags"
    module = importlib.import_module(f"casework.migrations.{name}")
    old = migrate([("casework", "0013_audit_actions_for_team_removal_and_views")])
    user, (case, _other) = cases(old)
    old.get_model("casework", "Person").objects.create(case_id=case.pk, risk_flags=["debt"])
    old.get_model("casework", "Consent").objects.create(
        case_id=case.pk,
        purpose="organisation_sharing",
        organisation="Oldhaven Housing",
        decision="given",
        decided_on=date(2025, 1, 1),
        recorded_by_id=user.pk,
    )
    try:
        with transaction.atomic():
            apps = state_before("casework", name, "RunPython")
            module.encrypt(apps, None)
            module.encrypt(apps, None)  # the second pass must not encrypt the blanked ""
            consent = apps.get_model("casework", "Consent").objects.get()
            person = apps.get_model("casework", "Person").objects.get()
            assert (consent.organisation, consent.organisation_encrypted) == ("", "Oldhaven Housing")
            assert (person.risk_flags, person.risk_flags_encrypted) == ([], ["debt"])
            transaction.set_rollback(True)
    finally:
        migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_support_encryption_step_run_twice_keeps_the_values():
    name = "0007_encrypt_provider_and_first_responder_names"
    module = importlib.import_module(f"support.migrations.{name}")
    old = migrate([("support", "0006_record_versions")])
    user, (case, _other) = cases(old)
    old.get_model("support", "SupportPeriod").objects.create(
        case_id=case.pk,
        provider="other",
        provider_name="Oldbrook Refuge",
        kind="accommodation",
        start_on=date(2025, 1, 3),
        recorded_by_id=user.pk,
    )
    old.get_model("support", "Referral").objects.create(
        case_id=case.pk,
        kind="nrm",
        submitted_on=date(2025, 1, 2),
        first_responder="other",
        first_responder_other="Oldfield Outreach",
        age_at_referral="adult",
        competent_authority="sca",
        rg_due_on=date(2025, 1, 9),
        created_by_id=user.pk,
    )
    try:
        with transaction.atomic():
            apps = state_before("support", name, "RunPython")
            module.encrypt(apps, None)
            module.encrypt(apps, None)
            period = apps.get_model("support", "SupportPeriod").objects.get()
            referral = apps.get_model("support", "Referral").objects.get()
            assert period.provider_name_encrypted == "Oldbrook Refuge"
            assert referral.first_responder_other_encrypted == "Oldfield Outreach"
            transaction.set_rollback(True)
    finally:
        migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_a_flag_settled_by_one_manager_stays_settled_when_each_side_answers():
    old = migrate([("casework", "0021_administrators_leave_their_teams")])
    user, (first, second) = cases(old)
    flags = old.get_model("casework", "DuplicateFlag").objects
    flags.create(
        case_id=second.pk,
        matched_case_id=first.pk,
        resolved_at=timezone.now(),
        resolution="same_person",
        resolved_by_id=user.pk,
    )
    flags.create(case_id=first.pk, matched_case_id=second.pk)

    migrate_to_latest()

    settled = DuplicateFlag.objects.get(case_id=second.pk)
    assert (settled.case_answer, settled.matched_answer, settled.resolution) == (
        "same_person",
        "same_person",
        "same_person",
    )
    waiting = DuplicateFlag.objects.get(case_id=first.pk)
    assert (waiting.case_answer, waiting.matched_answer, waiting.resolved_at) == ("", "", None)


@pytest.mark.django_db(transaction=True)
def test_tasks_a_closure_cancelled_are_dated_the_day_the_closure_was_entered(time_machine):
    # Before casework 0032 a cancelled task had no day. 0032 dated one a closure cancelled by
    # the case's closing date, or (reopened since) by the day it was added; 0035 dates it by
    # the first closure recorded after it was added, and then every cancelled task has a day.
    from django.db import IntegrityError

    from casework.models import Task

    old = migrate([("casework", "0031_task_about")])
    time_machine.move_to(datetime(2026, 3, 1, 10, tzinfo=UTC))
    user, (case, _other) = cases(old)
    OldTask = old.get_model("casework", "Task")
    by_closure = OldTask.objects.create(
        case_id=case.pk, title="Ring", due_on=date(2026, 3, 9), assignee=user, created_by=user
    )
    by_a_person = OldTask.objects.create(
        case_id=case.pk, title="Write", due_on=date(2026, 3, 9), assignee=user, created_by=user
    )
    time_machine.move_to(datetime(2026, 3, 3, 23, 30, tzinfo=UTC))  # 3 March in London (GMT)
    old.get_model("casework", "RecordRevision").objects.create(
        case_id=case.pk,
        record_kind="task",
        record_id=by_a_person.pk,
        version=2,
        change="changed",
        fields=["status", "cancel_reason"],
        changed_by=user,
    )
    OldTask.objects.filter(pk=by_a_person.pk).update(status="cancelled")
    # Closed on 5 March, back-dated to 20 February, and reopened: the case keeps no closing date.
    time_machine.move_to(datetime(2026, 3, 5, 10, tzinfo=UTC))
    old.get_model("casework", "AuditEvent").objects.create(case_id=case.pk, actor=user, action="case_closed")
    OldTask.objects.filter(pk=by_closure.pk).update(status="cancelled")
    time_machine.move_to(datetime(2026, 3, 6, 10, tzinfo=UTC))
    old.get_model("casework", "AuditEvent").objects.create(
        case_id=case.pk, actor=user, action="case_reopened"
    )

    migrate_to_latest()

    assert Task.objects.get(pk=by_closure.pk).cancelled_on == date(2026, 3, 5)
    assert Task.objects.get(pk=by_a_person.pk).cancelled_on == date(2026, 3, 3)
    # Run a second time, it finds the same days.
    module = importlib.import_module("casework.migrations.0035_task_cancelled_on_from_the_closure")
    from django.apps import apps

    module.date_tasks_a_closure_cancelled(apps, None)
    assert Task.objects.get(pk=by_closure.pk).cancelled_on == date(2026, 3, 5)
    # And a cancelled task without its day is refused, as a done one is.
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=by_closure.pk).update(cancelled_on=None)
