"""The case's documents: the list, adding one (a file upload), replacing its file, deleting it
as a correction, and downloading a version. A download is always an attachment, never shown
in the browser: the content is untrusted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from casework.access import get_case_for_user
from casework.forms.documents import DocumentForm, DocumentReplaceForm
from casework.selectors import documents as selectors
from casework.selectors.cases import case_header
from casework.services import document_storage, documents, submission
from casework.services.submission import submit_once
from casework.ui import labels
from casework.ui.govuk import apply_service_errors, posted
from casework.views.corrections import DeleteForm
from casework.views.recording import ALREADY_DELETED, posted_version, writable_case

UNREADABLE = (
    "This file could not be read from storage. Nothing was downloaded. Tell your administrator: "
    "they can check the documents store."
)


def document_list(request, reference):
    case = get_case_for_user(request, reference, case_header())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    return render(
        request, "casework/documents.html", {"case": case, "documents": selectors.held_documents(case)}
    )


def _files(request):
    return request.FILES if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@submit_once
def document_new(request, reference):
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    form = DocumentForm(posted(request), _files(request), about_choices=selectors.subject_choices(case))
    if request.method == "POST" and form.is_valid() and not submission.held(request):
        try:
            documents.document_add(actor=request.user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Document added.")
            return redirect("case_documents", reference=case.reference)
    return render(
        request,
        "casework/documents_upload.html",
        {"case": case, "form": form, "title": "Add a document", "button": "Upload", "submits_once": True},
    )


def _held(case, document_id):
    document = selectors.held_document(case, document_id)
    if document is None:
        raise Http404("No such document")
    return document


@require_http_methods(["GET", "POST"])
def document_replace(request, reference, document_id):
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    document = selectors.held_document(case, document_id)
    if document is None:
        if request.method == "POST":  # deleted in another tab meanwhile
            messages.info(request, documents.ALREADY_REPLACED)
            return redirect("case_documents", reference=case.reference)
        raise Http404("No such document")
    form = DocumentReplaceForm(posted(request), _files(request), initial={"version": document.version})
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        if version is not None:
            try:
                documents.document_replace(
                    actor=request.user,
                    document=document,
                    file=form.cleaned_data["file"],
                    version=version,
                    request=request,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "New version uploaded. The earlier one is kept.")
                return redirect("case_documents", reference=case.reference)
    return render(
        request,
        "casework/documents_upload.html",
        {
            "case": case,
            "form": form,
            "document": document,
            "title": "Upload a new version",
            "button": "Upload the new version",
        },
    )


@require_http_methods(["GET", "POST"])
def document_delete(request, reference, document_id):
    """Delete a document added in error, with a reason (a correction). Unlike other records'
    Delete pages, its files do not stay in the case's history: they are removed from storage."""
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    document = selectors.held_document(case, document_id)
    if document is None:
        if request.method == "POST":  # a double submission, or Back after deleting
            messages.info(request, ALREADY_DELETED)
            return redirect("case_documents", reference=case.reference)
        raise Http404("No such document")
    form = DeleteForm(posted(request), initial={"version": document.version})
    form.fields["reason"].help_text = "Kept, encrypted, with the note that the document was deleted."
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        if version is not None:
            try:
                documents.document_delete(
                    actor=request.user,
                    document=document,
                    version=version,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Document deleted. Its files have been removed.")
                return redirect("case_documents", reference=case.reference)
    return render(
        request,
        "casework/documents_delete.html",
        {"case": case, "form": form, "document": document, "back_to": "case_documents"},
    )


def _download(request, reference, document_id, number=None):
    # The download audits itself (the document, not the page), only once it can be read.
    case = get_case_for_user(request, reference, view=None)
    if case.erased_at is not None:
        raise Http404("No such document")
    document = _held(case, document_id)
    file = selectors.document_file(document, number)
    if file is None:
        raise Http404("No such version")
    try:
        chunks = documents.document_download(
            actor=request.user, document=document, file=file, request=request
        )
    except document_storage.DocumentUnreadable:
        messages.error(request, UNREADABLE)
        return redirect("case_documents", reference=case.reference)
    response = StreamingHttpResponse(chunks, content_type=file.content_type or "application/octet-stream")
    response["Content-Disposition"] = documents.content_disposition(file)
    response["Content-Length"] = str(file.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def document_download(request, reference, document_id):
    return _download(request, reference, document_id)


@require_GET
def document_version_download(request, reference, document_id, number):
    return _download(request, reference, document_id, number)


# The pages' names in the audit trail (a view names its URL), and a download's "document:<id>".
PAGE_NAMES = {
    "case_documents": "Documents page",
    "document_new": "Add a document page",
    "document_replace": "Upload a new version of a document page",
    "document_delete": "Delete a document page",
    "document_download": "Download a document",
    "document_version_download": "Download an earlier version of a document",
}


def _document_label(code: str) -> str | None:
    kind, _, pk = code.partition(":")
    return f"Document {pk}" if kind == "document" and pk.isdecimal() else None


def register_labels() -> None:
    labels.register(PAGE_NAMES)
    labels.register_resolver(_document_label)
