from django.urls import path

from casework import converters
from support.views import (
    children,
    corrections,
    dependants,
    entitlements_received,
    needs_assessments,
    nrm,
    outcomes,
    plans,
    risk,
    support_periods,
)

assert converters  # registers <case_ref:...>

urlpatterns = [
    path("cases/<case_ref:reference>/nrm/referral/", nrm.referral_new, name="nrm_referral_new"),
    path("cases/<case_ref:reference>/nrm/decision/", nrm.decision_new, name="nrm_decision_new"),
    path(
        "cases/<case_ref:reference>/nrm/decisions/<int:decision_id>/served/",
        nrm.decision_served,
        name="nrm_decision_served",
    ),
    path(
        "cases/<case_ref:reference>/nrm/decisions/<int:decision_id>/reconsideration/",
        nrm.reconsideration_new,
        name="nrm_reconsideration_new",
    ),
    path(
        "cases/<case_ref:reference>/nrm/decisions/<int:decision_id>/reconsideration/outcome/",
        nrm.reconsideration_outcome,
        name="nrm_reconsideration_outcome",
    ),
    path(
        "cases/<case_ref:reference>/nrm/disqualification/",
        nrm.disqualification_new,
        name="nrm_disqualification_new",
    ),
    path(
        "cases/<case_ref:reference>/nrm/disqualification/reconsideration/",
        nrm.disqualification_reconsider,
        name="nrm_disqualification_reconsider",
    ),
    path("cases/<case_ref:reference>/nrm/withdrawal/", nrm.withdrawal_new, name="nrm_withdrawal_new"),
    path(
        "cases/<case_ref:reference>/child/guardian/",
        children.child_guardian_new,
        name="child_guardian_new",
    ),
    path("cases/<case_ref:reference>/child/age-dispute/", children.age_dispute_new, name="age_dispute_new"),
    path(
        "cases/<case_ref:reference>/child/local-authority/",
        children.local_authority_lead_new,
        name="local_authority_lead_new",
    ),
    path(
        "cases/<case_ref:reference>/support/new/",
        support_periods.support_period_new,
        name="support_period_new",
    ),
    path(
        "cases/<case_ref:reference>/support/<int:period_id>/end/",
        support_periods.support_period_end,
        name="support_period_end",
    ),
    path(
        "cases/<case_ref:reference>/support/needs-assessment/",
        needs_assessments.needs_assessment_new,
        name="needs_assessment_new",
    ),
    path(
        "cases/<case_ref:reference>/support/permission-to-stay/",
        support_periods.permission_to_stay_new,
        name="permission_to_stay_new",
    ),
]


def change_and_delete(name: str, prefix: str, module, view: str = "") -> list:
    """A record's Change and Delete pages: <prefix>/<id>/change/ and delete/, named
    <name>_change and <name>_delete, served by <view>_change and <view>_delete of `module`."""
    view = view or name
    return [
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/{action}/",
            getattr(module, f"{view}_{action}"),
            name=f"{name}_{action}",
        )
        for action in ("change", "delete")
    ]


# "Change" and "Delete" for every NRM and support record: (URL name, path, views module, view name).
CORRECTABLE = [
    ("nrm_referral", "nrm/referrals", corrections, "referral"),
    ("nrm_decision", "nrm/decisions", corrections, "decision"),
    ("nrm_reconsideration", "nrm/reconsiderations", corrections, "reconsideration"),
    ("nrm_disqualification", "nrm/disqualifications", corrections, "disqualification"),
    ("nrm_withdrawal", "nrm/withdrawals", corrections, "withdrawal"),
    ("support_period", "support/periods", corrections, "support_period"),
    ("needs_assessment", "support/needs-assessments", corrections, "needs_assessment"),
    ("permission_to_stay", "support/permissions-to-stay", corrections, "permission_to_stay"),
    # A child's records (support/views/children.py).
    ("child_guardian", "child/guardians", children, ""),
    ("age_dispute", "child/age-disputes", children, ""),
    ("local_authority_lead", "child/local-authority-leads", children, ""),
    # Outcome ratings, dependants and entitlements received.
    ("outcome_rating", "support/outcomes", outcomes, ""),
    ("dependant", "support/dependants", dependants, ""),
    ("entitlement_received", "support/entitlements", entitlements_received, ""),
    # Risk and safety, and the support plan's needs and goals.
    ("risk_assessment", "risk/assessments", risk, ""),
    ("plan_need", "plan/needs", plans, ""),
    ("plan_goal", "plan/goals", plans, ""),
]
for name, prefix, module, view in CORRECTABLE:
    urlpatterns += change_and_delete(name, prefix, module, view)

# Outcome ratings, dependants and entitlements received (support/views/outcomes.py, dependants.py,
# entitlements_received.py).
urlpatterns += [
    path(
        "cases/<case_ref:reference>/support/outcomes/new/",
        outcomes.outcome_ratings_new,
        name="outcome_ratings_new",
    ),
    path(
        "cases/<case_ref:reference>/support/dependants/new/", dependants.dependant_new, name="dependant_new"
    ),
    path(
        "cases/<case_ref:reference>/support/entitlements/new/",
        entitlements_received.entitlement_received_new,
        name="entitlement_received_new",
    ),
]
# Risk and safety (support/views/risk.py).
urlpatterns += [
    path("cases/<case_ref:reference>/risk/new/", risk.risk_assessment_new, name="risk_assessment_new"),
    path("team/risk-reviews/", risk.risk_review_periods, name="risk_review_periods"),
]
# The needs and support plan (support/views/plans.py); the plan itself is the case's "Plan" page.
urlpatterns += [
    path("cases/<case_ref:reference>/plan/needs/new/", plans.plan_need_new, name="plan_need_new"),
    path(
        "cases/<case_ref:reference>/plan/needs/<int:need_id>/goals/new/",
        plans.plan_goal_new,
        name="plan_goal_new",
    ),
    path(
        "cases/<case_ref:reference>/plan/goals/<int:goal_id>/actions/new/",
        plans.plan_action_new,
        name="plan_action_new",
    ),
    path("cases/<case_ref:reference>/plan/reviews/new/", plans.plan_review_new, name="plan_review_new"),
    path("cases/<case_ref:reference>/plan/agreed/", plans.plan_agree, name="plan_agree"),
]

# A Recovery Needs Assessment's steps after the draft (views/needs_assessments.py).
for step in ("share", "submit", "decide"):
    urlpatterns.append(
        path(
            f"cases/<case_ref:reference>/support/needs-assessments/<int:pk>/{step}/",
            getattr(needs_assessments, f"needs_assessment_{step}"),
            name=f"needs_assessment_{step}",
        )
    )
