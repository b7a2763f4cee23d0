"""Support 0019 and 0020 on an existing database: the assessments recorded before the steps were
kept keep what they said (notes become the needs and recommendations), their outcomes take the new names,
and those already submitted or decided are marked as recorded before the steps, not given
invented sharing or decision dates."""

from datetime import date

import pytest

from support.models import RecoveryNeedsAssessment
from tests.test_migrations_on_existing_rows import cases, migrate, migrate_to_latest

D = date.fromisoformat


@pytest.mark.django_db(transaction=True)
def test_existing_assessments_keep_their_words_and_outcomes_and_are_marked():
    old = migrate([("support", "0020_support_plans")])
    user, (case, _other) = cases(old)
    Old = old.get_model("support", "RecoveryNeedsAssessment")
    rows = {
        "waiting": {"due_on": D("2026-03-15"), "outcome": "pending", "notes": "Counselling"},
        "submitted": {"due_on": D("2026-03-15"), "submitted_on": D("2026-03-14"), "outcome": "pending"},
        "extended": {"due_on": D("2026-03-15"), "submitted_on": D("2026-03-14"), "outcome": "extended"},
        "ending": {"due_on": D("2026-03-15"), "outcome": "ending", "next_review_on": D("2026-06-01")},
    }
    ids = {
        name: Old.objects.create(case_id=case.pk, recorded_by_id=user.pk, **v).pk for name, v in rows.items()
    }

    migrate_to_latest()

    got = {name: RecoveryNeedsAssessment.objects.get(pk=pk) for name, pk in ids.items()}
    assert got["waiting"].needs == "Counselling" and got["waiting"].status == "draft"
    assert not got["waiting"].recorded_before_steps
    assert got["submitted"].recorded_before_steps and got["submitted"].status == "submitted"
    assert got["extended"].outcome == "continued" and got["extended"].recorded_before_steps
    assert got["ending"].outcome == "move_on" and got["ending"].status == "decided"
    assert all(a.shared_on is None and a.decided_on is None for a in got.values())
