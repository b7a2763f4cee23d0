from django.urls import path

from casework import converters
from support import views

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
]
