from django.urls import path

from casework import converters
from support.views import corrections as correction_views
from support.views import nrm as views
from support.views import support_periods as support_views

assert converters  # registers <case_ref:...>

urlpatterns = [
    path("cases/<case_ref:reference>/nrm/referral/", views.referral_new, name="nrm_referral_new"),
    path("cases/<case_ref:reference>/nrm/decision/", views.decision_new, name="nrm_decision_new"),
    path(
        "cases/<case_ref:reference>/nrm/decisions/<int:decision_id>/served/",
        views.decision_served,
        name="nrm_decision_served",
    ),
    path(
        "cases/<case_ref:reference>/nrm/decisions/<int:decision_id>/reconsideration/",
        views.reconsideration_new,
        name="nrm_reconsideration_new",
    ),
    path(
        "cases/<case_ref:reference>/nrm/decisions/<int:decision_id>/reconsideration/outcome/",
        views.reconsideration_outcome,
        name="nrm_reconsideration_outcome",
    ),
    path(
        "cases/<case_ref:reference>/nrm/disqualification/",
        views.disqualification_new,
        name="nrm_disqualification_new",
    ),
    path("cases/<case_ref:reference>/nrm/withdrawal/", views.withdrawal_new, name="nrm_withdrawal_new"),
    path(
        "cases/<case_ref:reference>/support/new/", support_views.support_period_new, name="support_period_new"
    ),
    path(
        "cases/<case_ref:reference>/support/<int:period_id>/end/",
        support_views.support_period_end,
        name="support_period_end",
    ),
    path(
        "cases/<case_ref:reference>/support/needs-assessment/",
        support_views.needs_assessment_new,
        name="needs_assessment_new",
    ),
    path(
        "cases/<case_ref:reference>/support/permission-to-stay/",
        support_views.permission_to_stay_new,
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
            getattr(correction_views, f"{view}_change"),
            name=f"{name}_change",
        ),
        path(
            f"cases/<case_ref:reference>/{prefix}/<int:pk>/delete/",
            getattr(correction_views, f"{view}_delete"),
            name=f"{name}_delete",
        ),
    ]
