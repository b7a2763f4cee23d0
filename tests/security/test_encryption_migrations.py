"""The migrations that encrypt the formerly plaintext fields carry every existing value over,
and leave no plaintext in the live rows (security review, item 4)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.models import Consent, Person
from support.models import Referral, SupportPeriod
from tests.casework.test_data_at_rest import everything_stored

BEFORE = [
    ("casework", "0013_audit_actions_for_team_removal_and_views"),
    ("support", "0006_record_versions"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_plaintext_values_are_carried_into_the_encrypted_columns():
    old = migrate(BEFORE)
    user = old.get_model("casework", "User").objects.create(username="migrator")
    team = old.get_model("casework", "Team").objects.create(name="Old team")
    case = old.get_model("casework", "Case").objects.create(
        team=team, created_by=user, reference="SC-2345-6789"
    )
    old.get_model("casework", "Person").objects.create(
        case=case, given_names="Old", risk_flags=["self_harm", "debt"]
    )
    consents = old.get_model("casework", "Consent").objects
    consents.create(
        case=case,
        purpose="organisation_sharing",
        organisation="Oldhaven Housing",
        decision="given",
        decided_on=date(2025, 1, 1),
        recorded_by=user,
    )
    consents.create(
        case=case, purpose="nrm_referral", decision="given", decided_on=date(2025, 1, 1), recorded_by=user
    )
    old.get_model("support", "Referral").objects.create(
        case=case,
        kind="nrm",
        submitted_on=date(2025, 1, 2),
        first_responder="other",
        first_responder_other="Oldfield Outreach",
        age_at_referral="adult",
        competent_authority="sca",
        rg_due_on=date(2025, 1, 9),
        created_by=user,
    )
    periods = old.get_model("support", "SupportPeriod").objects
    periods.create(
        case=case,
        provider="other",
        provider_name="Oldbrook Refuge",
        kind="accommodation",
        start_on=date(2025, 1, 3),
        recorded_by=user,
    )
    periods.create(case=case, provider="vcc", kind="outreach", start_on=date(2025, 1, 3), recorded_by=user)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Person.objects.get(case_id=case.pk).risk_flags == ["self_harm", "debt"]
    assert sorted(Consent.objects.values_list("purpose", "organisation")) == [
        ("nrm_referral", None),
        ("organisation_sharing", "Oldhaven Housing"),
    ]
    assert Referral.objects.get().first_responder_other == "Oldfield Outreach"
    assert sorted(SupportPeriod.objects.values_list("provider", "provider_name")) == [
        ("other", "Oldbrook Refuge"),
        ("vcc", None),
    ]
    stored = everything_stored()
    for plaintext in ("Oldhaven Housing", "Oldfield Outreach", "Oldbrook Refuge", "self_harm"):
        assert plaintext not in stored
