from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from casework import submission
from casework.access import get_case_for_user
from casework.govuk import GovukFormMixin, apply_service_errors, posted
from casework.versioning import EditConflict

ERASED = "The survivor's personal data has been erased: nothing more can be recorded."
OUT_OF_DATE = "This page is out of date. Go back to the case and open it again."
REASON_LABEL = "Why is this being corrected?"
DELETE_REASON_LABEL = "Why is this being deleted?"


def record_on_case(request, reference, *, form, title, save, target=None, button="Save", intro=""):
    """The shape every "record something on this case" page shares: find the case (404
    unless the user may see it) and the record it concerns, show the form, call the
    service, put its refusals back on the form, and return to the case page on success.

    `form` is a form, or `form(case)` building one; `target(case)` finds the record the page
    is about (and 404s); `save(case, target, data)` calls the service and returns the success
    message. Every such page creates a record, so each saves once per form token
    (casework/submission.py). Pages that change a record use edit_on_case instead."""

    def record():
        return _record(
            request, reference, form=form, title=title, save=save, target=target, button=button, intro=intro
        )

    if request.method == "POST":
        return submission.once(request, record)
    return record()


def _record(request, reference, *, form, title, save, target, button, intro):
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        messages.error(request, ERASED)
        return redirect("case", reference=case.reference)
    obj = target(case) if target is not None else None
    if callable(form):  # a form that needs the case to build its choices
        form = form(case)
    if request.method == "POST" and form.is_valid():
        try:
            message = save(case, obj, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("case", reference=case.reference)
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
        },
    )


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
    button="Save changes",
    intro="",
):
    """The shape of every page that changes a record already on the case: the form opens
    with the record's values and version; the service refuses to overwrite a newer save
    (EditConflict), and the form comes back with both sets of values.

    `target(case)` finds the record (404s); `initial(record)` gives the form's values;
    `save(case, record, data, version, reason)` calls the service and returns the message;
    `to_initial(values)` renames the service's field names to the form's where they differ.
    A correction (`correction=True`) needs a reason, kept in the record's history.
    `form_kwargs(case, record)` and a callable `title(record)` adapt the page to the record."""
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        messages.error(request, ERASED)
        return redirect("case", reference=case.reference)
    record = target(case)
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
                form = conflict_form(
                    form_class, error, form.cleaned_data, to_initial=to_initial, reason=reason, **kwargs
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("case", reference=case.reference)
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
        },
    )


class DeleteForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=DELETE_REASON_LABEL,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a record made in error. Everything it held is kept in the case's history.",
        error_messages={
            "required": "Enter why this is being deleted",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def delete_on_case(request, reference, *, find, delete, title, describe):
    """Delete a record made in error, with a reason. `find(case)` gives the record or None
    (already deleted: a double submission is harmless); `delete(case, record, version,
    reason)` calls the service (which refuses what would leave the file impossible)."""
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        messages.error(request, ERASED)
        return redirect("case", reference=case.reference)
    record = find(case)
    if record is None:
        if request.method == "POST":
            messages.success(request, "Deleted.")
            return redirect("case", reference=case.reference)
        raise Http404("No such record")
    form = DeleteForm(posted(request), initial={"version": record.version})
    notice = ""
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        if version is not None:
            try:
                delete(case, record, version, form.cleaned_data["reason"])
            except EditConflict as error:
                who = " and ".join(error.who) or "Someone"
                notice = (
                    f"{who} changed this record after you opened this page. Nothing was deleted: check it."
                )
                form = DeleteForm(
                    None, initial={"version": error.version, "reason": form.cleaned_data["reason"]}
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Deleted. The earlier values are kept in the case's history.")
                return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/delete_form.html",
        {"form": form, "case": case, "title": title, "describe": describe(record), "notice": notice},
    )
