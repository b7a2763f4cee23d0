from support.models.nrm import Decision, PublicOrderDisqualification, Reconsideration, Referral, Withdrawal
from support.models.support_periods import PermissionToStay, RecoveryNeedsAssessment, SupportPeriod

__all__ = [
    "Decision",
    "PermissionToStay",
    "PublicOrderDisqualification",
    "Reconsideration",
    "RecoveryNeedsAssessment",
    "Referral",
    "SupportPeriod",
    "Withdrawal",
]
