"""The case's contact log: the list, logging a contact, and correcting or deleting one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casework.access import get_case_for_user, get_managed_case_for_user, manages
from casework.forms.contacts import ContactForm, ContactLogForm, service_values
from casework.models import Contact, User
from casework.selectors.cases import case_header
from casework.selectors.contacts import case_contacts, staff_choices
from casework.services import contacts
from casework.ui.govuk import posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import record_on_case

PAGE_SIZE = 25


def contact_list(request, reference):
    case = get_case_for_user(request, reference, case_header())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    page = Paginator(case_contacts(case), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/contacts.html",
        {
            "case": case,
            "page": page,
            "contacts": page.object_list,
            "query": "",
            # A manager of the case's team marks a safeguarding concern seen here as on My work.
            "can_manage": manages(request.user, case),
        },
    )


def _form_kwargs(case, record=None) -> dict:
    return {"staff_queryset": staff_choices(case, record)}


@require_http_methods(["GET", "POST"])
def contact_new(request, reference):
    now = timezone.localtime()

    def form(case):
        return ContactLogForm(
            posted(request),
            initial={"on": now.date(), "at": now.strftime("%H:%M"), "staff": [request.user.pk]},
            **_form_kwargs(case),
        )

    def save(case, _target, data):
        values = service_values(data)
        contacts.contact_record_with_follow_up(actor=request.user, case=case, request=request, **values)
        return "Contact and follow-up task saved." if values.get("follow_up_title") else "Contact logged."

    return record_on_case(
        request,
        reference,
        form=form,
        title="Log a contact",
        save=save,
        back_to="case_contacts",
        intro="One entry for each call, visit or message, and for each attempt that did not reach "
        "the survivor.",
    )


def _initial(contact: Contact) -> dict:
    happened = timezone.localtime(contact.happened_at)
    initial = {name: getattr(contact, name) for name in contacts.FIELDS if name != "happened_at"}
    return {
        **initial,
        "on": happened.date(),
        "at": happened.strftime("%H:%M"),
        "staff": [person.pk for person in contact.staff.all()],
    }


def _describe(contact: Contact) -> str:
    happened = timezone.localtime(contact.happened_at)
    return f"{contact.get_kind_display()}, {happened:%-d %B %Y at %H:%M}"


def _conflict_initial(values: dict) -> dict:
    """The other person's saved values, as the form's boxes: the date and time apart, and the
    staff (kept by name in the history) as the ticked people."""
    values = dict(values)
    if "happened_at" in values:
        happened = timezone.localtime(values.pop("happened_at"))
        values["on"], values["at"] = happened.date(), happened.strftime("%H:%M")
    if "staff" in values:
        names = set(values.pop("staff"))
        values["staff"] = [p.pk for p in User.objects.filter(is_active=True) if p.display_name in names]
    return values


contact_change = change_view(
    form_class=ContactForm,
    find=find_on_case(Contact, "case"),
    service=contacts.contact_change,
    arg="contact",
    title="Correct the contact",
    form_kwargs=_form_kwargs,
    initial=_initial,
    to_data=service_values,
    to_initial=_conflict_initial,
    back_to="case_contacts",
)

contact_delete = delete_view(
    find=find_on_case(Contact, "case"),
    service=contacts.contact_delete,
    arg="contact",
    title="Delete a contact logged in error",
    describe=_describe,
    back_to="case_contacts",
)


@require_POST
def contact_safeguarding_seen(request, reference, contact_id):
    """A manager of the case's team marks a safeguarding concern as read (404 to anyone else)."""
    case = get_managed_case_for_user(request, reference)
    contact = get_object_or_404(case.contacts, pk=contact_id, safeguarding_concern=True)
    if contacts.safeguarding_seen(actor=request.user, contact=contact, request=request):
        messages.success(request, f"The safeguarding concern on {case.reference} is marked as seen.")
    else:
        contact.refresh_from_db()
        seen_by = contact.safeguarding_seen_by.display_name if contact.safeguarding_seen_by else "someone"
        messages.info(request, f"{seen_by} had already marked this safeguarding concern as seen.")
    if request.POST.get("back") == "contacts":  # one fixed place, never a URL taken from the form
        return redirect(f"{reverse('case_contacts', args=[case.reference])}#contact-{contact.pk}")
    return redirect("home")
