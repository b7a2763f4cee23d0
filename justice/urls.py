from django.urls import path

from casework import converters
from justice import views

assert converters  # registers <case_ref:...>

urlpatterns = [
    path("cases/<case_ref:reference>/justice/new/", views.proceeding_new, name="proceeding_new"),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/step/",
        views.milestone_new,
        name="milestone_new",
    ),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/engagement/",
        views.engagement_edit,
        name="engagement_edit",
    ),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/change/",
        views.proceeding_change,
        name="proceeding_change",
    ),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/delete/",
        views.proceeding_delete,
        name="proceeding_delete",
    ),
    path(
        "cases/<case_ref:reference>/justice/steps/<int:milestone_id>/change/",
        views.milestone_change,
        name="milestone_change",
    ),
    path(
        "cases/<case_ref:reference>/justice/steps/<int:milestone_id>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path("cases/<case_ref:reference>/claims/new/", views.claim_new, name="claim_new"),
    path(
        "cases/<case_ref:reference>/claims/<int:claim_id>/change/",
        views.claim_change,
        name="claim_change",
    ),
    path(
        "cases/<case_ref:reference>/claims/<int:claim_id>/settle/",
        views.claim_settle,
        name="claim_settle",
    ),
    path(
        "cases/<case_ref:reference>/claims/<int:claim_id>/delete/",
        views.claim_delete,
        name="claim_delete",
    ),
]
