"""The NRM referral and the Home Office decisions on it. Where a case stands is derived
from these records (support/rules/nrm_status.py), never stored beside them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework import clocks
from casework.models.revisions import version_field
from casework.vocabularies import Nation
from support.vocabularies import (
    AgeGroup,
    CompetentAuthority,
    DecisionKind,
    DisqualificationGround,
    DisqualificationReconsiderationOutcome,
    ExploitationAge,
    FirstResponder,
    Outcome,
    ReconsiderationOutcome,
    ReferralKind,
)


class Referral(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(max_length=5, choices=ReferralKind.choices, default=ReferralKind.NRM)
    submitted_on = models.DateField()
    first_responder = models.CharField(max_length=30, choices=FirstResponder.choices)
    # The name of an "other" First Responder (NULL when the vocabulary says who): encrypted,
    # as a small local organisation's name can point at where someone is.
    first_responder_other = EncryptedCharField(max_length=200, null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nrm_reference = EncryptedCharField(max_length=50, blank=True)
    nrm_reference_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    age_at_referral = models.CharField(max_length=10, choices=AgeGroup.choices)
    # As the Home Office statistics count it (the person may have been exploited as a child
    # and referred as an adult); "not specified" for referrals recorded before it was asked.
    age_at_exploitation = models.CharField(
        max_length=13, choices=ExploitationAge.choices, default=ExploitationAge.NOT_SPECIFIED
    )
    consent = models.ForeignKey(
        "casework.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    competent_authority = models.CharField(max_length=5, choices=CompetentAuthority.choices, blank=True)
    # The pilot local authority, when the devolved child panel decides (a key of the dated
    # data in support/rules/children.py, checked by the service; blank for any other authority).
    child_panel_area = models.CharField(max_length=40, blank=True)
    nation = models.CharField(max_length=3, choices=Nation.choices, default=Nation.ENGLAND)
    # The bank holidays of the Home Office deadlines (the RG target): the competent authority's
    # calendar, England and Wales for the SCA and IECA wherever the survivor lives. Set on save
    # (clocks.competent_authority_calendar), never chosen on the form.
    working_day_calendar = models.CharField(max_length=3, choices=Nation.choices, default=Nation.ENGLAND)
    # The RG target date, computed once from the submission date and the calendar (the
    # backlog filters on it in the database; working days cannot be counted in SQL).
    rg_due_on = models.DateField(editable=False)
    # The case's latest referral; a re-referral takes over (kept by referral_record), so the
    # managers' backlog can aggregate in the database with no "latest per case" subquery.
    is_current = models.BooleanField(default=True, editable=False)
    previous_referral = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="re_referral"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["submitted_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReferralKind.values), name="referral_kind_valid"),
            models.CheckConstraint(
                condition=Q(first_responder__in=FirstResponder.values), name="referral_first_responder_valid"
            ),
            models.CheckConstraint(  # blank: no age recorded (the statistics count it as "Not recorded")
                condition=Q(age_at_referral__in=[*AgeGroup.values, ""]), name="referral_age_at_referral_valid"
            ),
            models.CheckConstraint(  # blank on a Duty to Notify report
                condition=Q(competent_authority__in=[*CompetentAuthority.values, ""]),
                name="referral_competent_authority_valid",
            ),
            models.CheckConstraint(condition=Q(nation__in=Nation.values), name="referral_nation_valid"),
            models.CheckConstraint(
                condition=Q(working_day_calendar__in=Nation.values),
                name="referral_working_day_calendar_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReferralKind.DUTY_TO_NOTIFY, age_at_referral=AgeGroup.CHILD),
                name="referral_no_dtn_for_children",
            ),
            models.CheckConstraint(
                condition=Q(kind=ReferralKind.DUTY_TO_NOTIFY) | ~Q(competent_authority=""),
                name="referral_nrm_has_competent_authority",
            ),
            models.CheckConstraint(
                condition=Q(age_at_exploitation__in=ExploitationAge.values),
                name="referral_age_at_exploitation_valid",
            ),
            models.CheckConstraint(  # the devolved panel decides children's cases only
                condition=~Q(competent_authority=CompetentAuthority.CHILD_PANEL)
                | Q(age_at_referral=AgeGroup.CHILD),
                name="referral_child_panel_for_children",
            ),
            models.CheckConstraint(  # a pilot area exactly when the devolved panel decides
                condition=(Q(competent_authority=CompetentAuthority.CHILD_PANEL) & ~Q(child_panel_area=""))
                | (~Q(competent_authority=CompetentAuthority.CHILD_PANEL) & Q(child_panel_area="")),
                name="referral_child_panel_area",
            ),
            models.CheckConstraint(
                condition=~Q(first_responder=FirstResponder.OTHER) | Q(first_responder_other__isnull=False),
                name="referral_other_fro_named",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_current=True), name="referral_one_current"
            ),
        ]
        indexes = [
            # The backlog's figures: current NRM referrals by their RG target date.
            models.Index(fields=["rg_due_on"], name="referral_current_rg_due", condition=Q(is_current=True)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.submitted_on}"

    def save(self, *args, **kwargs):
        # Derived, never typed: always the clock's answer for the stored dates.
        self.working_day_calendar = clocks.competent_authority_calendar(self.competent_authority)
        self.rg_due_on = clocks.rg_due(self.submitted_on, self.working_day_calendar)
        super().save(*args, **kwargs)

    @property
    def is_nrm(self) -> bool:
        return self.kind == ReferralKind.NRM


class Decision(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=2, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    decided_on = models.DateField()
    served_on = models.DateField(null=True, blank=True)
    # A CG made before the end of the minimum recovery period is possible but unusual; the
    # caseworker confirms it rather than the system refusing a real decision.
    before_recovery_end = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            # One RG and one CG per referral: a further RG needs a re-referral.
            models.UniqueConstraint(fields=["referral", "kind"], name="decision_one_of_each_kind"),
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"),
            models.CheckConstraint(
                condition=Q(served_on__isnull=True) | Q(served_on__gte=F("decided_on")),
                name="decision_served_after_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.get_kind_display()} on {self.decided_on}"

    @property
    def effective_outcome(self) -> str:
        """The outcome after any reconsideration that changed it."""
        reconsideration = getattr(self, "reconsideration", None)
        if reconsideration is not None and reconsideration.outcome == ReconsiderationOutcome.OVERTURNED:
            return Outcome.POSITIVE
        return self.outcome


class Reconsideration(models.Model):
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="reconsideration")
    requested_on = models.DateField()
    outcome = models.CharField(
        max_length=12, choices=ReconsiderationOutcome.choices, default=ReconsiderationOutcome.PENDING
    )
    outcome_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ReconsiderationOutcome.values), name="reconsideration_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome=ReconsiderationOutcome.PENDING, outcome_on__isnull=True)
                | (~Q(outcome=ReconsiderationOutcome.PENDING) & Q(outcome_on__gte=F("requested_on"))),
                name="reconsideration_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Reconsideration requested {self.requested_on}"


class PublicOrderDisqualification(models.Model):
    """NABA 2022 s63: protection and support end; the case does not (the CG is still owed)."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="disqualification")
    decided_on = models.DateField()
    # Blank only on records made before the ground was asked for.
    ground = models.CharField(max_length=12, choices=DisqualificationGround.choices, blank=True)
    notes = EncryptedTextField(blank=True)
    # A reconsideration of the disqualification: requested, then its outcome (blank: none asked for).
    reconsideration_requested_on = models.DateField(null=True, blank=True)
    reconsideration_outcome = models.CharField(
        max_length=12, choices=DisqualificationReconsiderationOutcome.choices, blank=True
    )
    reconsideration_outcome_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ground__in=[*DisqualificationGround.values, ""]),
                name="disqualification_ground_valid",
            ),
            models.CheckConstraint(
                condition=Q(reconsideration_outcome__in=[*DisqualificationReconsiderationOutcome.values, ""]),
                name="disqualification_reconsideration_outcome_valid",
            ),
            # No request: no outcome. A request: waiting (no date) or decided (dated on or after it).
            models.CheckConstraint(
                condition=Q(
                    reconsideration_requested_on__isnull=True,
                    reconsideration_outcome="",
                    reconsideration_outcome_on__isnull=True,
                )
                | Q(
                    reconsideration_requested_on__gte=F("decided_on"),
                    reconsideration_outcome=DisqualificationReconsiderationOutcome.PENDING,
                    reconsideration_outcome_on__isnull=True,
                )
                | (
                    Q(reconsideration_requested_on__gte=F("decided_on"))
                    & Q(
                        reconsideration_outcome__in=[
                            DisqualificationReconsiderationOutcome.OVERTURNED,
                            DisqualificationReconsiderationOutcome.UPHELD,
                        ]
                    )
                    & Q(reconsideration_outcome_on__gte=F("reconsideration_requested_on"))
                ),
                name="disqualification_reconsideration_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Public order disqualification {self.decided_on}"


class Withdrawal(models.Model):
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="withdrawal")
    withdrawn_on = models.DateField()
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    def __str__(self) -> str:
        return f"Withdrawn {self.withdrawn_on}"
