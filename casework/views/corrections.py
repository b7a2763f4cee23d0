"""The Change and Delete pages of a record entered in error (built on recording.edit_on_case)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework.services.conflicts import EditConflict
from casework.services.versioning import NOTHING_CHANGED
from casework.ui.govuk import GovukFormMixin, apply_service_errors, posted
from casework.views.recording import (
    ALREADY_DELETED,
    DELETE_REASON_LABEL,
    edit_on_case,
    posted_version,
    writable_case,
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


def delete_on_case(request, reference, *, find, delete, title, describe, back_to="case"):
    """Delete a record made in error, with a reason. `find(case)` gives the record or None
    (already deleted: a double submission is harmless); `delete(case, record, version,
    reason)` calls the service (which refuses what would leave the file impossible)."""
    case, erased = writable_case(request, reference)
    if erased:
        return erased
    record = find(case)
    if record is None:
        if request.method == "POST":  # a double submission, or Back after deleting
            messages.info(request, ALREADY_DELETED)
            return redirect(back_to, reference=case.reference)
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
                return redirect(back_to, reference=case.reference)
    return render(
        request,
        "casework/delete_form.html",
        {
            "form": form,
            "case": case,
            "title": title,
            "describe": describe(record),
            "notice": notice,
            "back_to": back_to,
        },
    )


def find_on_case(model, path):
    """`find(pk)(case)`: the case's record with this id, or None. `path` is the lookup from
    the record to its case ("referral__case")."""
    return lambda pk: lambda case: model.objects.filter(pk=pk, **{path: case}).first()


def _one_id(ids: dict) -> int:
    (pk,) = ids.values()  # the record's id, whatever the URL calls it (pk, claim_id...)
    return pk


def change_view(
    *,
    form_class,
    find,
    service,
    arg,
    title,
    form_kwargs=None,
    page_title=None,
    initial=None,
    to_data=None,
    to_initial=None,
    record_initial=None,
    back_to="case",
):
    """A "Change" page: the form opens with the record's values, `service(actor=..., <arg>=
    record, version=..., reason=..., **data)` corrects it. `initial(record)` and
    `to_data(data)` adapt where the form's fields differ from the record's."""

    @require_http_methods(["GET", "POST"])
    def view(request, reference, **ids):
        def target(case):
            record = find(_one_id(ids))(case)
            if record is None:
                raise Http404("No such record")
            return record

        def save(case, record, data, version, reason):
            data = to_data(data) if to_data else data
            changed = service(
                actor=request.user, version=version, reason=reason, request=request, **{arg: record}, **data
            )
            if not changed:
                return NOTHING_CHANGED
            return f"{title.removeprefix('Correct the ').capitalize()} corrected."

        return edit_on_case(
            request,
            reference,
            form_class=form_class,
            target=target,
            initial=initial
            or (lambda record: {name: getattr(record, name, None) for name in form_class.base_fields}),
            save=save,
            title=page_title or title,
            form_kwargs=form_kwargs,
            to_initial=to_initial,
            record_initial=record_initial,
            back_to=back_to,
        )

    return view


def delete_view(*, find, service, arg, title, describe, back_to="case", **extra):
    """A "Delete" page: `service(actor=..., <arg>=record, version=..., reason=..., **extra)`
    deletes the record, or refuses what would leave the file impossible."""

    @require_http_methods(["GET", "POST"])
    def view(request, reference, **ids):
        return delete_on_case(
            request,
            reference,
            find=find(_one_id(ids)),
            delete=lambda case, record, version, reason: service(
                actor=request.user, version=version, reason=reason, request=request, **{arg: record}, **extra
            ),
            title=title,
            describe=describe,
            back_to=back_to,
        )

    return view
