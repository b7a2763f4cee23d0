"""A manager's subject access export: step up with a fresh code, see the password once,
download the encrypted ZIP once."""

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from casework.access import get_managed_case_for_user
from casework.models import FormSubmission
from casework.security import passkeys, step_up
from casework.services import submission
from casework.services.subject_access import (
    EXPORT_DOWNLOAD_MINUTES,
    ExportAlreadyPrepared,
    case_export,
    case_export_download,
)
from casework.ui.govuk import posted

ALREADY_PREPARED = (
    "This export was already prepared when the button was first pressed, and its password was "
    "shown only then. If you did not see it, confirm again to prepare a new export: it replaces "
    "the earlier one."
)


@require_http_methods(["GET", "POST"])
def export_request(request, reference):
    case = get_managed_case_for_user(request, reference)
    form = step_up.form_class()(posted(request))
    token = submission.posted_token(request) if request.method == "POST" else None
    if token is not None and FormSubmission.objects.filter(token=token, user=request.user).exists():
        # Sent again (a double click, Back): no second export, and no second step-up either
        # (a one-time code would be refused as used, hiding what happened).
        return _already_prepared(request, case)
    if request.method == "POST" and "passkey" in request.POST:
        stepped_up = passkeys.take_step_up(request)  # confirmed on this page moments ago
        form = form.__class__()
    else:
        stepped_up = request.method == "POST" and form.is_valid() and step_up.confirmed(request, form)
    if stepped_up:
        try:
            export, password = case_export(actor=request.user, case=case, request=request, form_token=token)
        except ExportAlreadyPrepared:  # the same form, sent at the same moment
            return _already_prepared(request, case)
        return render(
            request,
            "casework/export_ready.html",
            {
                "case": case,
                "export": export,
                "password": password,
                "minutes": EXPORT_DOWNLOAD_MINUTES,
            },
        )
    return _request_page(request, case, form)


def _request_page(request, case, form):
    return render(
        request,
        "casework/export_request.html",
        {
            "case": case,
            "form": form,
            "has_passkey": passkeys.credentials(request.user).exists(),
            "passkey_confirmed": passkeys.has_fresh_step_up(request),
        },
    )


def _already_prepared(request, case):
    messages.warning(request, ALREADY_PREPARED)
    return _request_page(request, case, step_up.form_class()())


@require_GET
def export_download(request, reference, token):
    case = get_managed_case_for_user(request, reference, view=None)
    content = case_export_download(actor=request.user, case=case, token=token, request=request)
    if content is None:
        raise Http404("This download has expired or has been used")
    response = StreamingHttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-subject-access.zip"'
    return response
