"""The areas of risk assessments recorded before they were encrypted (support 0023): copied
into the assessment's encrypted field, the plaintext table gone."""

from datetime import date

import pytest
from django.db import connection

from support.models import RiskAssessment
from tests.test_migrations_on_existing_rows import cases, migrate, migrate_to_latest


@pytest.mark.django_db(transaction=True)
def test_the_areas_recorded_in_plaintext_rows_move_into_the_encrypted_field():
    old = migrate([("support", "0022_needs_assessment_steps_in_order")])
    try:
        user, (case, other) = cases(old)
        Assessment = old.get_model("support", "RiskAssessment")
        AreaLevel = old.get_model("support", "RiskAreaLevel")
        made = Assessment.objects.create(
            case_id=case.pk,
            assessed_on=date(2026, 11, 2),
            overall_level="high",
            next_review_on=date(2026, 11, 9),
            recorded_by_id=user.pk,
        )
        AreaLevel.objects.create(assessment=made, area="self_harm", level="high", evidence="Said so.")
        AreaLevel.objects.create(assessment=made, area="debt_bondage", level="low", evidence="")
        none = Assessment.objects.create(
            case_id=other.pk,
            assessed_on=date(2026, 11, 2),
            overall_level="low",
            next_review_on=date(2027, 1, 31),
            recorded_by_id=user.pk,
        )
    finally:
        migrate_to_latest()

    assert RiskAssessment.objects.get(pk=made.pk).areas == {
        "self_harm": {"level": "high", "evidence": "Said so."},
        "debt_bondage": {"level": "low", "evidence": ""},
    }
    assert RiskAssessment.objects.get(pk=none.pk).areas == {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT areas FROM support_riskassessment WHERE id = %s", [made.pk])
        (raw,) = cursor.fetchone()
        tables = connection.introspection.table_names(cursor)
    assert "self_harm" not in bytes(raw).decode(errors="ignore") and "support_riskarealevel" not in tables
