"""The order of a Recovery Needs Assessment's steps, held by the database. A migration of its own:
on PostgreSQL, 0019's data step leaves trigger events that forbid altering the table in the same
transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0021_needs_assessment_steps"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(("outcome__in", ["pending", "continued", "move_on"])),
                name="needs_assessment_outcome_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("submitted_on__isnull", True),
                    ("shared_on__isnull", False),
                    ("recorded_before_steps", True),
                    _connector="OR",
                ),
                name="needs_assessment_submitted_after_sharing",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decided_on__isnull", True), ("submitted_on__isnull", False), _connector="OR"
                ),
                name="needs_assessment_decided_after_submission",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("shared_on__isnull", True),
                    ("submitted_on__isnull", True),
                    ("submitted_on__gte", models.F("shared_on")),
                    _connector="OR",
                ),
                name="needs_assessment_submitted_on_or_after_shared",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decided_on__isnull", True),
                    ("decided_on__gte", models.F("submitted_on")),
                    _connector="OR",
                ),
                name="needs_assessment_decided_on_or_after_submitted",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decided_on__isnull", True), ("outcome", "pending")),
                    models.Q(models.Q(("outcome", "pending"), _negated=True), ("decided_on__isnull", False)),
                    models.Q(("decided_on__isnull", True), ("recorded_before_steps", True)),
                    _connector="OR",
                ),
                name="needs_assessment_decision_has_outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("support_until__isnull", True), ("outcome", "continued"), _connector="OR"
                ),
                name="needs_assessment_support_until_only_continued",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("support_until__isnull", True),
                    ("decided_on__isnull", True),
                    ("support_until__gte", models.F("decided_on")),
                    _connector="OR",
                ),
                name="needs_assessment_support_until_after_decision",
            ),
        ),
        migrations.AddConstraint(
            model_name="recoveryneedsassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("next_review_on__isnull", True),
                    ("decided_on__isnull", True),
                    ("next_review_on__gte", models.F("decided_on")),
                    _connector="OR",
                ),
                name="needs_assessment_next_review_after_decision",
            ),
        ),
    ]
