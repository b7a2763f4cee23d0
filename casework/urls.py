from django.urls import path

from casework import converters, export_views, justice_views, views

assert converters  # registers <case_ref:...>

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<case_ref:reference>/", views.case_page, name="case"),
    path("cases/<case_ref:reference>/edit/", views.case_edit, name="case_edit"),
    path("cases/<case_ref:reference>/history/", views.case_history, name="case_history"),
    path(
        "cases/<case_ref:reference>/history/<int:revision_id>/remove/",
        views.case_history_remove,
        name="case_history_remove",
    ),
    path("cases/<case_ref:reference>/assign/", views.case_assign, name="case_assign"),
    path("cases/<case_ref:reference>/share/", views.case_share, name="case_share"),
    path("cases/<case_ref:reference>/share/<int:share_id>/end/", views.case_share_end, name="case_share_end"),
    path("cases/<case_ref:reference>/close/", views.case_close, name="case_close"),
    path("cases/<case_ref:reference>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<case_ref:reference>/consents/new/", views.consent_new, name="consent_new"),
    path(
        "cases/<case_ref:reference>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<case_ref:reference>/export/", export_views.export_request, name="case_export"),
    path(
        "cases/<case_ref:reference>/export/<uuid:token>/",
        export_views.export_download,
        name="case_export_download",
    ),
    path("cases/<case_ref:reference>/justice/new/", justice_views.proceeding_new, name="proceeding_new"),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/step/",
        justice_views.milestone_new,
        name="milestone_new",
    ),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/engagement/",
        justice_views.engagement_edit,
        name="engagement_edit",
    ),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/change/",
        justice_views.proceeding_change,
        name="proceeding_change",
    ),
    path(
        "cases/<case_ref:reference>/justice/<int:proceeding_id>/delete/",
        justice_views.proceeding_delete,
        name="proceeding_delete",
    ),
    path(
        "cases/<case_ref:reference>/justice/steps/<int:milestone_id>/change/",
        justice_views.milestone_change,
        name="milestone_change",
    ),
    path(
        "cases/<case_ref:reference>/justice/steps/<int:milestone_id>/delete/",
        justice_views.milestone_delete,
        name="milestone_delete",
    ),
    path("cases/<case_ref:reference>/claims/new/", justice_views.claim_new, name="claim_new"),
    path(
        "cases/<case_ref:reference>/claims/<int:claim_id>/change/",
        justice_views.claim_change,
        name="claim_change",
    ),
    path(
        "cases/<case_ref:reference>/claims/<int:claim_id>/settle/",
        justice_views.claim_settle,
        name="claim_settle",
    ),
    path(
        "cases/<case_ref:reference>/claims/<int:claim_id>/delete/",
        justice_views.claim_delete,
        name="claim_delete",
    ),
    path("duplicates/<int:flag_id>/settle/", views.duplicate_settle, name="duplicate_settle"),
    path("backlog/justice/", justice_views.funnel_page, name="justice_funnel"),
    path("audit/", views.audit_list, name="audit"),
    path("team/members/", views.team_members, name="team_members"),
    path("team/members/<int:membership_id>/confirm/", views.membership_confirm, name="membership_confirm"),
    path("team/members/<int:membership_id>/refuse/", views.membership_refuse, name="membership_refuse"),
    path("retention/", views.retention_list, name="retention"),
]
