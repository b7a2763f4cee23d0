"""An existing database upgrades: the NRM and support audit events written under the old codes
read under support's own codes, with the same words (the audit table is append-only; this
relabelling is the migration's one sanctioned change to it)."""

from datetime import date

import pytest

from casework.models import AuditEvent
from casework.models.audit import action_label
from support.vocabularies import SupportAuditAction
from tests.test_migrations_on_existing_rows import cases, migrate, migrate_to_latest

OLD_CODES = {
    "nrm_referral_recorded": SupportAuditAction.NRM_REFERRAL_RECORDED,
    "nrm_decision_recorded": SupportAuditAction.NRM_DECISION_RECORDED,
    "nrm_reconsideration_recorded": SupportAuditAction.NRM_RECONSIDERATION_RECORDED,
    "nrm_disqualification_recorded": SupportAuditAction.NRM_DISQUALIFICATION_RECORDED,
    "nrm_withdrawal_recorded": SupportAuditAction.NRM_WITHDRAWAL_RECORDED,
    "support_recorded": SupportAuditAction.SUPPORT_RECORDED,
}


@pytest.mark.django_db(transaction=True)
def test_alexs_recorded_nrm_and_support_events_keep_their_words_under_supports_codes():
    old = migrate(
        [("casework", "0026_audit_actions_declared_by_apps"), ("support", "0010_vocabularies_checked")]
    )
    user, (case, _other) = cases(old)
    OldEvent = old.get_model("casework", "AuditEvent")
    for code in OLD_CODES:
        OldEvent.objects.create(action=code, case_id=case.pk, actor=user, fields=[])
    OldEvent.objects.create(action="case_viewed", case_id=case.pk, actor=user, fields=["case_page"])

    migrate_to_latest()

    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [*OLD_CODES.values(), "case_viewed"]
    assert [action_label(code) for code in actions[:6]] == [
        "Recorded NRM referral",
        "Recorded NRM decision",
        "Recorded reconsideration",
        "Recorded public order disqualification",
        "Recorded NRM withdrawal",
        "Recorded support",
    ]


@pytest.mark.django_db
def test_the_home_office_calendar_migration_uses_its_own_frozen_rule_not_live_code(alex_case, monkeypatch):
    """support 0014 reworks RG targets with the rule as it stood (5 working days on the England
    and Wales calendar), so a later change to casework/clocks.py cannot change what it does."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from casework import clocks
    from support.models import Referral
    from tests.factories import ReferralFactory

    referral = ReferralFactory(case=alex_case, submitted_on=date(2027, 3, 25))
    Referral.objects.filter(pk=referral.pk).update(working_day_calendar="SCT", rg_due_on=date(2027, 4, 1))
    monkeypatch.setattr(clocks, "rg_due", lambda *a, **k: pytest.fail("the migration ran live code"))
    monkeypatch.setattr(clocks, "HOME_OFFICE_CALENDAR", "SCT")
    module = importlib.import_module("support.migrations.0014_referral_home_office_calendar")
    assert not hasattr(module, "clocks")
    old = MigrationLoader(connection).project_state(("support", "0014_referral_home_office_calendar")).apps

    module.forwards(old, None)

    referral.refresh_from_db()
    # Thursday 25 March 2027 + 5 working days in England and Wales, skipping Good Friday (26 March)
    # and Easter Monday (29 March): 30, 31 March, 1, 2 and 5 April.
    assert (referral.working_day_calendar, referral.rg_due_on) == ("ENG", date(2027, 4, 5))
