"""A database made before the layout change (justice inside casework, the reminder ledger
inside support, one "justice_recorded" audit action) upgrades with its rows intact: the
models changed app, their tables did not, and the audit trail's codes are relabelled."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import AuditEvent
from justice.models import Claim, Milestone, Proceeding
from justice.vocabularies import JusticeAction, ProceedingKind
from oversight.models import ReminderDelivery, ReminderRun
from oversight.vocabularies import OversightAction
from screening.vocabularies import ScreeningAction
from support.vocabularies import SupportAuditAction
from tests.test_migrations_on_existing_rows import cases, migrate_to_latest

OLD_LAYOUT = [
    ("casework", "0024_membership_suspended_after_admin_resets"),
    ("support", "0008_reminder_outbox"),
    ("screening", "0003_interview_may_stop_before_any_section"),
    ("justice", None),
    ("oversight", None),
]


def migrate_to_old_layout():
    executor = MigrationExecutor(connection)
    executor.migrate(OLD_LAYOUT)
    return executor.loader.project_state([target for target in OLD_LAYOUT if target[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_from_the_old_layout_keeps_its_justice_records_reminders_and_audit_trail():
    old = migrate_to_old_layout()
    user, (case, _other) = cases(old)
    proceeding = old.get_model("casework", "Proceeding").objects.create(
        case_id=case.pk, kind="victim_witness", police_force="kent", created_by=user
    )
    old.get_model("casework", "Milestone").objects.create(
        proceeding=proceeding, kind="reported", on=date(2025, 3, 1), recorded_by=user
    )
    old.get_model("casework", "Claim").objects.create(
        case_id=case.pk, kind="cica", incident_on=date(2024, 6, 1), recorded_by=user
    )
    old.get_model("support", "ReminderDelivery").objects.create(
        recipient=user, kind="daily", local_date=date(2025, 3, 3)
    )
    old.get_model("support", "ReminderRun").objects.create(local_date=date(2025, 3, 3))
    OldEvent = old.get_model("casework", "AuditEvent")
    for first_field in ("proceeding", "reported", "claim", "engagement"):
        OldEvent.objects.create(action="justice_recorded", case_id=case.pk, actor=user, fields=[first_field])
    OldEvent.objects.create(action="case_viewed", case_id=case.pk, actor=user, fields=["case_page"])
    # Each app's own actions, relabelled by that app's migration.
    OldEvent.objects.create(action="nrm_referral_recorded", case_id=case.pk, actor=user, fields=["referral"])
    OldEvent.objects.create(action="screening_started", case_id=case.pk, actor=user)
    OldEvent.objects.create(action="backlog_exported", actor=user, fields=["rg_overdue"])

    migrate_to_latest()

    assert Proceeding.objects.get().case_id == case.pk
    assert Milestone.objects.get().proceeding.kind == ProceedingKind.VICTIM_WITNESS
    assert Claim.objects.get().incident_on == date(2024, 6, 1)
    assert ReminderDelivery.objects.get().recipient_id == user.pk
    assert ReminderRun.objects.get().local_date == date(2025, 3, 3)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        JusticeAction.PROCEEDING_RECORDED,
        JusticeAction.STEP_RECORDED,
        JusticeAction.CLAIM_RECORDED,
        JusticeAction.ENGAGEMENT_RECORDED,
        "case_viewed",
        SupportAuditAction.NRM_REFERRAL_RECORDED,
        ScreeningAction.STARTED,
        OversightAction.BACKLOG_EXPORTED,
    ]
    # Permissions and admin history follow the models: one content type each, in its new app.
    assert ContentType.objects.get_for_model(Claim).app_label == "justice"
    assert not ContentType.objects.filter(app_label="casework", model="claim").exists()
    assert ContentType.objects.get_for_model(ReminderDelivery).app_label == "oversight"
