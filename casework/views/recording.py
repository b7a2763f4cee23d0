"""The pages that record or change something on a case, all built the same way: the case
must be one the user may see and not erased; a create is saved once; an edit carries its
version."""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from casework.access import get_case_for_user
from casework.services import submission
from casework.services.conflicts import EditConflict
from casework.ui.govuk import apply_service_errors, posted

ERASED = "The survivor's personal data has been erased: nothing more can be recorded."

OUT_OF_DATE = "This page is out of date. Go back to the case and open it again."

# Said for a record deleted meanwhile and for one of another case reached through this case's
# address: the page cannot tell "deleted" from "never here" without saying what another case holds.
ALREADY_DELETED = (
    "This record was not found on this case (it may have been deleted). "
    "Nothing was saved: the case shows what is recorded now."
)

REASON_LABEL = "Why is this being corrected?"

DELETE_REASON_LABEL = "Why is this being deleted?"


def writable_case(request, reference):
    """The case (404 unless the user may see it), and a redirect back to it when its personal
    data has been erased (nothing more is recorded on it), else None."""
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        messages.error(request, ERASED)
        return case, redirect("case", reference=case.reference)
    return case, None


def record_on_case(
    request, reference, *, form, title, save, target=None, button="Save", intro="", back_to=None
):
    """The shape every "record something on this case" page shares: find the case (404
    unless the user may see it) and the record it concerns, show the form, call the
    service, put its refusals back on the form, and return to the case page on success.

    `form` is a form, or `form(case)` building one (`intro` too); `target(case)` finds the record the page
    is about (and 404s); `save(case, target, data)` calls the service and returns the success
    message. Every such page creates a record, so each saves once per form token
    (casework/services/submission.py). Pages that change a record use edit_on_case instead.
    `back_to` names the case page to return to (default: the case overview)."""

    def record():
        return _record(
            request,
            reference,
            form=form,
            title=title,
            save=save,
            target=target,
            button=button,
            intro=intro,
            back_to=back_to or "case",
        )

    if request.method == "POST":
        return submission.once(request, record)
    return record()


def _record(request, reference, *, form, title, save, target, button, intro, back_to):
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    obj = _target_or_gone(request, case, target) if target is not None else None
    if obj is _GONE:
        return redirect(back_to, reference=case.reference)
    if callable(form):  # a form that needs the case to build its choices
        form = form(case)
    if callable(intro):  # words that depend on what the case holds
        intro = intro(case)
    if request.method == "POST" and form.is_valid() and not submission.held(request):
        try:
            message = save(case, obj, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(back_to, reference=case.reference)
    return render(
        request,
        "casework/record_form.html",
        {
            "form": form,
            "case": case,
            "title": title,
            "button": button,
            "intro": intro,
            "submits_once": True,
            "back_to": back_to,
        },
    )


_GONE = object()


def _target_or_gone(request, case, target):
    """The record a page is about. Sent a form for a record no longer there (deleted in
    another tab, or Back after deleting it), the person goes back to the case with a notice
    rather than a bare "Page not found"; opening such a page is still a 404."""
    try:
        return target(case)
    except Http404:
        if request.method != "POST":
            raise
        messages.info(request, ALREADY_DELETED)
        return _GONE


def add_version_fields(form, *, version: int, reason: str = "") -> None:
    """Give an edit form the version its record had when it was opened (hidden) and, for a
    correction after the fact, a reason box (the service says when it is needed)."""
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=version, required=False)
    if reason:
        form.fields["reason"] = forms.CharField(
            label=reason,
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Needed when you change or remove something recorded, not when you fill in a "
            "blank. Kept in the record's history with the earlier values.",
            error_messages={
                "required": "Enter why this is being corrected",
                "max_length": "The reason must be 2000 characters or fewer",
            },
        )
    form.style_widgets()


def posted_version(form):
    """The version the form was opened on, or None (with an error on the form) if missing."""
    version = form.cleaned_data.get("version")
    if not version:
        form.add_error(None, OUT_OF_DATE)
        return None
    return version


def conflict_form(form_class, conflict: EditConflict, cleaned: dict, *, to_initial=None, reason="", **kwargs):
    """The form again after a conflict: the person's typed values, except where only the
    other person changed a field (keeping the old value there would undo their change), and
    the version now saved, so that saving again is a choice made knowing both."""
    initial = {name: value for name, value in cleaned.items() if name != "version"}
    taken = {f.name: f.current for f in conflict.fields if not f.mine_kept}
    if to_initial is not None:
        taken = to_initial(taken)
    initial.update(taken)
    form = form_class(None, initial=initial, **kwargs)
    add_version_fields(form, version=conflict.version, reason=reason)
    return form


def edit_on_case(
    request,
    reference,
    *,
    form_class,
    target,
    initial,
    save,
    title,
    correction=True,
    form_kwargs=None,
    to_initial=None,
    record_initial=None,
    button="Save changes",
    intro="",
    back_to="case",
):
    """The shape of every page that changes a record already on the case: the form opens
    with the record's values and version; the service refuses to overwrite a newer save
    (EditConflict), and the form comes back with both sets of values.

    `target(case)` finds the record (404s); `initial(record)` gives the form's values;
    `save(case, record, data, version, reason)` calls the service and returns the message;
    `to_initial(values)` renames the service's field names to the form's where they differ;
    `record_initial(values, record)` does so where one form field holds several of the record's
    (the record, as saved now, gives the parts the other person did not change).
    A correction (`correction=True`) needs a reason, kept in the record's history.
    `form_kwargs(case, record)` and a callable `title(record)` adapt the page to the record."""
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    record = _target_or_gone(request, case, target)
    if record is _GONE:
        return redirect(back_to, reference=case.reference)
    kwargs = form_kwargs(case, record) if form_kwargs else {}
    title = title(record) if callable(title) else title
    reason = REASON_LABEL if correction else ""
    form = form_class(posted(request), initial=initial(record), **kwargs)
    add_version_fields(form, version=record.version, reason=reason)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        if version is not None:
            # "reason" is the correction's reason here, not a field of the record.
            own = ("version", "reason") if correction else ("version",)
            data = {k: v for k, v in form.cleaned_data.items() if k not in own}
            try:
                message = save(
                    case, record, data, version, form.cleaned_data["reason"] if correction else None
                )
            except EditConflict as error:
                conflict = error
                if record_initial is not None:
                    record.refresh_from_db()
                    to_initial = partial(record_initial, record=record)
                form = conflict_form(
                    form_class, error, form.cleaned_data, to_initial=to_initial, reason=reason, **kwargs
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(back_to, reference=case.reference)
    return render(
        request,
        "casework/edit_form.html",
        {
            "form": form,
            "case": case,
            "title": title,
            "button": button,
            "intro": intro,
            "conflict": conflict,
            "reopen": request.path,
            "back_to": back_to,
        },
    )
