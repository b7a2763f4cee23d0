"""Risk and safety (docs/architecture.md, Risk and safety): a case's risk assessments, each with
a level for the areas assessed (encrypted, with their evidence), an overall level and a safety
plan, and the date it must be reviewed by. A review is a new assessment: the newest (by date
assessed, then by id) is the current one, the earlier ones are its history. How long until the
next review is each team's own policy, kept as dated rows (RiskReviewPolicy;
support/rules/risk.py has the defaults)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedTextField

from casework.models.revisions import version_field
from casework.security.fields import EncryptedJSONField
from support.vocabularies import RiskLevel

SAFETY_PLAN_MAX = 20000
EVIDENCE_MAX = 20000


class RiskAssessment(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField()
    overall_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    safety_plan = EncryptedTextField(blank=True)
    # The areas assessed, encrypted (special-category health data: "self-harm: high" must not be
    # readable in a dump): {area code: {"level": level code, "evidence": text}}, an area not
    # assessed (no risk identified) absent. The database cannot check ciphertext: the service
    # checks the areas and levels are known, each area once, evidence only with a level, and the
    # overall level at least the highest area's (support/services/risk.py).
    areas = EncryptedJSONField(default=dict, blank=True)
    # Stored when recorded (and when corrected): assessed_on + the days the case's team's policy
    # gave the overall level on that date. A later change of policy does not move it: the date
    # the caseworker was given is the date they are held to.
    next_review_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            # The current assessment of a case (the case list's column and filter, the work items):
            # one index probe per case.
            models.Index(F("case"), F("assessed_on").desc(), F("id").desc(), name="risk_assessment_current"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_level__in=RiskLevel.values), name="risk_assessment_overall_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("assessed_on")), name="risk_assessment_review_after"
            ),
        ]

    def __str__(self) -> str:
        return f"Risk assessment of {self.assessed_on}"


class RiskReviewPolicy(models.Model):
    """A team's days until the next review for one level, from `effective_from` until the
    team's next row for that level. A team with no row for a level uses the default
    (support/rules/risk.py DEFAULT_REVIEW_DAYS). Rows are never changed: a new period is a
    new row, so the date any assessment was given can be explained."""

    team = models.ForeignKey("casework.Team", on_delete=models.CASCADE, related_name="risk_review_policies")
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    days = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "level", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RiskLevel.values), name="risk_review_policy_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=365), name="risk_review_policy_days_range"
            ),
            models.UniqueConstraint(
                fields=["team", "level", "effective_from"], name="risk_review_policy_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} risk review every {self.days} days from {self.effective_from}"
