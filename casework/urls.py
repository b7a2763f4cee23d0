from django.urls import path

from casework import converters
from casework.views import cases as views
from casework.views import subject_access as export_views

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
    path("duplicates/<int:flag_id>/settle/", views.duplicate_settle, name="duplicate_settle"),
    path("audit/", views.audit_list, name="audit"),
    path("team/members/", views.team_members, name="team_members"),
    path("team/members/<int:membership_id>/confirm/", views.membership_confirm, name="membership_confirm"),
    path("team/members/<int:membership_id>/refuse/", views.membership_refuse, name="membership_refuse"),
    path("retention/", views.retention_list, name="retention"),
]
