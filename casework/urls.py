from django.urls import path

from casework import converters, hooks
from casework.views import (
    assignment,
    audit_trail,
    case_list,
    case_pages,
    cases,
    closure,
    consent,
    contacts,
    documents,
    duplicates,
    history,
    retention,
    sharing,
    subject_access,
    tasks,
    teams,
    timeline,
)

assert converters  # registers <case_ref:...>

urlpatterns = [
    path("", cases.home, name="home"),
    path("cases/", case_list.case_list_page, name="case_list"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<case_ref:reference>/", case_pages.case_page, name="case"),
    path("cases/<case_ref:reference>/details/", case_pages.case_details, name="case_details"),
    path("cases/<case_ref:reference>/consent/", case_pages.case_consent, name="case_consent"),
    path("cases/<case_ref:reference>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<case_ref:reference>/history/", history.case_history, name="case_history"),
    path(
        "cases/<case_ref:reference>/history/<int:revision_id>/remove/",
        history.case_history_remove,
        name="case_history_remove",
    ),
    path("cases/<case_ref:reference>/assign/", assignment.case_assign, name="case_assign"),
    path("cases/<case_ref:reference>/share/", sharing.case_share, name="case_share"),
    path(
        "cases/<case_ref:reference>/share/<int:share_id>/end/", sharing.case_share_end, name="case_share_end"
    ),
    path("cases/<case_ref:reference>/close/", closure.case_close, name="case_close"),
    path("cases/<case_ref:reference>/reopen/", closure.case_reopen, name="case_reopen"),
    path("cases/<case_ref:reference>/contacts/", contacts.contact_list, name="case_contacts"),
    path("cases/<case_ref:reference>/contacts/new/", contacts.contact_new, name="contact_new"),
    path(
        "cases/<case_ref:reference>/contacts/<int:contact_id>/change/",
        contacts.contact_change,
        name="contact_change",
    ),
    path(
        "cases/<case_ref:reference>/contacts/<int:contact_id>/delete/",
        contacts.contact_delete,
        name="contact_delete",
    ),
    path(
        "cases/<case_ref:reference>/contacts/<int:contact_id>/safeguarding-seen/",
        contacts.contact_safeguarding_seen,
        name="contact_safeguarding_seen",
    ),
    path("cases/<case_ref:reference>/tasks/", tasks.task_list, name="case_tasks"),
    path("cases/<case_ref:reference>/tasks/new/", tasks.task_new, name="task_new"),
    path("cases/<case_ref:reference>/tasks/<int:task_id>/done/", tasks.task_done, name="task_done"),
    path("cases/<case_ref:reference>/tasks/<int:task_id>/reopen/", tasks.task_reopen, name="task_reopen"),
    path("cases/<case_ref:reference>/tasks/<int:task_id>/cancel/", tasks.task_cancel, name="task_cancel"),
    path("cases/<case_ref:reference>/tasks/<int:task_id>/change/", tasks.task_change, name="task_change"),
    path("cases/<case_ref:reference>/timeline/", timeline.case_timeline, name="case_timeline"),
    path("cases/<case_ref:reference>/documents/", documents.document_list, name="case_documents"),
    path("cases/<case_ref:reference>/documents/new/", documents.document_new, name="document_new"),
    path(
        "cases/<case_ref:reference>/documents/<int:document_id>/download/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "cases/<case_ref:reference>/documents/<int:document_id>/versions/<int:number>/download/",
        documents.document_version_download,
        name="document_version_download",
    ),
    path(
        "cases/<case_ref:reference>/documents/<int:document_id>/replace/",
        documents.document_replace,
        name="document_replace",
    ),
    path(
        "cases/<case_ref:reference>/documents/<int:document_id>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    path(
        "cases/<case_ref:reference>/timeline/print/", timeline.case_timeline_print, name="case_timeline_print"
    ),
    path("cases/<case_ref:reference>/consents/new/", consent.consent_new, name="consent_new"),
    path(
        "cases/<case_ref:reference>/consents/<int:consent_id>/withdraw/",
        consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<case_ref:reference>/export/", subject_access.export_request, name="case_export"),
    path(
        "cases/<case_ref:reference>/export/<uuid:token>/",
        subject_access.export_download,
        name="case_export_download",
    ),
    path("duplicates/<int:flag_id>/settle/", duplicates.duplicate_settle, name="duplicate_settle"),
    path("audit/", audit_trail.audit_list, name="audit"),
    path("team/members/", teams.team_members, name="team_members"),
    path("team/members/<int:membership_id>/confirm/", teams.membership_confirm, name="membership_confirm"),
    path("team/members/<int:membership_id>/refuse/", teams.membership_refuse, name="membership_refuse"),
    path("retention/", retention.retention_list, name="retention"),
]

# The pages other apps add to a case (hooks.CaseArea, registered by each app's hooks.py before
# the URLs load): /cases/<ref>/<slug>/, named "case_<slug>", all drawn by one view from the
# area's panels.
urlpatterns += [
    path(
        f"cases/<case_ref:reference>/{area.slug}/",
        case_pages.case_area,
        {"area": area.slug},
        name=f"case_{area.slug}",
    )
    for area in hooks.case_areas()
]
