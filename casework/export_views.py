"""A manager's subject access export: step up with a fresh code, see the password once,
download the encrypted ZIP once."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from casework import passkeys, services, step_up
from casework.access import get_managed_case_for_user
from casework.govuk import posted


@require_http_methods(["GET", "POST"])
def export_request(request, reference):
    case = get_managed_case_for_user(request, reference)
    form = step_up.form_class()(posted(request))
    if request.method == "POST" and "passkey" in request.POST:
        stepped_up = passkeys.take_step_up(request)  # confirmed on this page moments ago
        form = form.__class__()
    else:
        stepped_up = request.method == "POST" and form.is_valid() and step_up.confirmed(request, form)
    if stepped_up:
        export, password = services.case_export(actor=request.user, case=case, request=request)
        return render(
            request,
            "casework/export_ready.html",
            {
                "case": case,
                "export": export,
                "password": password,
                "minutes": services.EXPORT_DOWNLOAD_MINUTES,
            },
        )
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


@require_GET
def export_download(request, reference, token):
    case = get_managed_case_for_user(request, reference, view=None)
    content = services.case_export_download(actor=request.user, case=case, token=token, request=request)
    if content is None:
        raise Http404("This download has expired or has been used")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-subject-access.zip"'
    return response
