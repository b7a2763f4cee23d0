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

# "Change" and "Delete" for every NRM and support record.
CORRECTABLE = {
    "nrm_referral": ("nrm/referrals", "referral"),
    "nrm_decision": ("nrm/decisions", "decision"),
    "nrm_reconsideration": ("nrm/reconsiderations", "reconsideration"),
    "nrm_disqualification": ("nrm/disqualifications", "disqualification"),
    "nrm_withdrawal": ("nrm/withdrawals", "withdrawal"),
    "support_period": ("support/periods", "support_period"),
    "needs_assessment": ("support/needs-assessments", "needs_assessment"),
    "permission_to_stay": ("support/permissions-to-stay", "permission_to_stay"),
}
for name, (prefix, view) in CORRECTABLE.items():
    urlpatterns += [
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/change/",
            getattr(corrections, f"{view}_change"),
            name=f"{name}_change",
        ),
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/delete/",
            getattr(corrections, f"{view}_delete"),
            name=f"{name}_delete",
        ),
    ]

# The same for a child's records (support/views/children.py).
for name, prefix in {
    "child_guardian": "child/guardians",
    "age_dispute": "child/age-disputes",
    "local_authority_lead": "child/local-authority-leads",
}.items():
    urlpatterns += [
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/change/",
            getattr(children, f"{name}_change"),
            name=f"{name}_change",
        ),
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/delete/",
            getattr(children, f"{name}_delete"),
            name=f"{name}_delete",
        ),
    ]

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
for name, prefix, module in (
    ("outcome_rating", "support/outcomes", outcomes),
    ("dependant", "support/dependants", dependants),
    ("entitlement_received", "support/entitlements", entitlements_received),
):
    urlpatterns += [
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/change/",
            getattr(module, f"{name}_change"),
            name=f"{name}_change",
        ),
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/delete/",
            getattr(module, f"{name}_delete"),
            name=f"{name}_delete",
        ),
    ]
# Risk and safety (support/views/risk.py).
urlpatterns += [
    path("cases/<case_ref:reference>/risk/new/", risk.risk_assessment_new, name="risk_assessment_new"),
    path(
        "cases/<case_ref:reference>/risk/assessments/<int:pk>/change/",
        risk.risk_assessment_change,
        name="risk_assessment_change",
    ),
    path(
        "cases/<case_ref:reference>/risk/assessments/<int:pk>/delete/",
        risk.risk_assessment_delete,
        name="risk_assessment_delete",
    ),
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
for name in ("need", "goal"):
    for action in ("change", "delete"):
        urlpatterns.append(
            path(
                f"cases/<case_ref:reference>/plan/{name}s/<int:pk>/{action}/",
                getattr(plans, f"plan_{name}_{action}"),
                name=f"plan_{name}_{action}",
            )
        )

# A Recovery Needs Assessment's steps after the draft (views/needs_assessments.py).
for step in ("share", "submit", "decide"):
    urlpatterns.append(
        path(
            f"cases/<case_ref:reference>/support/needs-assessments/<int:pk>/{step}/",
            getattr(needs_assessments, f"needs_assessment_{step}"),
            name=f"needs_assessment_{step}",
        )
    )
