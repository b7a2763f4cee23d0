from support.models.children import AgeDispute, ChildGuardian, LocalAuthorityLead
from support.models.dependants import Dependant
from support.models.entitlements_received import EntitlementReceived
from support.models.nrm import Decision, PublicOrderDisqualification, Reconsideration, Referral, Withdrawal
from support.models.outcomes import OutcomeRating
from support.models.permission_to_stay import PermissionToStay
from support.models.plans import Goal, Need, PlanAgreement, PlanReview, SupportPlan
from support.models.risk import RiskAssessment, RiskReviewPolicy
from support.models.support_periods import RecoveryNeedsAssessment, SupportPeriod

__all__ = [
    "AgeDispute",
    "ChildGuardian",
    "Decision",
    "Dependant",
    "EntitlementReceived",
    "Goal",
    "LocalAuthorityLead",
    "Need",
    "OutcomeRating",
    "PermissionToStay",
    "PlanAgreement",
    "PlanReview",
    "PublicOrderDisqualification",
    "Reconsideration",
    "RecoveryNeedsAssessment",
    "Referral",
    "RiskAssessment",
    "RiskReviewPolicy",
    "SupportPeriod",
    "SupportPlan",
    "Withdrawal",
]
