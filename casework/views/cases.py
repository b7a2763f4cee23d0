"""Thin views: parse the request, call a selector or service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import audit, hooks
from casework.access import get_case_for_user, get_managed_case_for_user, is_manager, manages, require_manager
from casework.forms.cases import (
    AssignForm,
    AuditFilterForm,
    CaseSearchForm,
    CloseForm,
    ConsentForm,
    ConsentWithdrawForm,
    EraseForm,
    ShareForm,
    SurvivorDetailsForm,
)
from casework.models import Team
from casework.selectors import cases as selectors
from casework.services import cases as services
from casework.services import versioning
from casework.services.submission import held, submit_once
from casework.services.versioning import EditConflict
from casework.ui.govuk import apply_service_errors, posted
from casework.views.recording import (
    add_version_fields,
    conflict_form,
    edit_on_case,
    posted_version,
    record_on_case,
)
from casework.vocabularies import AuditAction, DuplicateResolution, Role


def home(request):
    """My work: the user's own cases first; for managers, what needs their attention."""
    user = request.user
    my_cases = selectors.case_list(user).filter(assignee=user)
    context = {
        # What is owed on my cases (NRM decisions, deadlines...), overdue first.
        "work_items": hooks.work_items(my_cases, timezone.localdate()),
        "my_cases": my_cases[:100],
        "shared_cases": selectors.shared_with_me(user),
    }
    if is_manager(user):
        context["unassigned_cases"] = selectors.unassigned_team_cases(user)[:50]
        # The other case of a pair is named only if this manager may see it.
        context["duplicate_rows"] = selectors.duplicate_rows_for_manager(user)
    return render(request, "casework/home.html", context)


@require_POST
def duplicate_settle(request, flag_id):
    """A manager settles a possible duplicate shown on their "My work" (404 for anyone else)."""
    flag = get_object_or_404(selectors.duplicate_flags_for_manager(request.user), pk=flag_id)
    answer = request.POST.get("same_person")
    if answer not in ("yes", "no"):
        messages.error(request, "Choose whether the two cases are the same person.")
        return redirect("home")
    flag = services.duplicate_settle(
        actor=request.user, flag=flag, same_person=answer == "yes", request=request
    )
    if flag.resolution == DuplicateResolution.SAME_PERSON:
        message = "Recorded as the same person: both sides agree, so the two cases are linked."
    elif answer == "yes" and flag.resolved_at is not None:
        message = (
            "Recorded as the same person. The other team's manager said they are not, so the "
            "cases are not linked."
        )
    elif answer == "yes":
        message = (
            "Recorded as the same person. The cases are linked only if the other team's manager says so too."
        )
    else:
        message = "Recorded as not the same person."
    messages.success(request, message)
    return redirect("home")


@require_http_methods(["GET", "POST"])
def case_list(request):
    """The user's cases; a POSTed search narrows it (names never go in a URL)."""
    status = request.GET.get("status", "open")
    cases = selectors.case_list(request.user, status=None if status == "all" else "open")
    form = CaseSearchForm(posted(request))
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        cases = selectors.case_search(
            request.user,
            reference=form.cleaned_data["reference"],
            full_name=form.cleaned_data["full_name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        audit.record(action=AuditAction.CASE_SEARCHED, actor=request.user, request=request)
    page = Paginator(cases, selectors.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/case_list.html",
        {"page": page, "form": form, "searched": searched, "status": status},
    )


@require_http_methods(["GET", "POST"])
@submit_once
def case_new(request):
    # Teams where the user's role is confirmed (services.case_open checks the same).
    teams = Team.objects.filter(memberships__user=request.user, memberships__confirmed_role__in=Role.values)
    if not teams:
        raise Http404("Only members of a team can open cases")
    form = SurvivorDetailsForm(posted(request), teams=teams)
    if request.method == "POST" and form.is_valid() and not held(request):
        opened = services.case_open(
            actor=request.user, team=form.cleaned_data["team"], details=form.details(), request=request
        )
        messages.success(request, f"Case {opened.case.reference} opened.")
        if opened.possible_duplicate:
            # Only matches the caseworker may see are mentioned (services.OpenedCase).
            messages.warning(
                request,
                "A case with the same name and date of birth may already exist: "
                f"{', '.join(opened.duplicate_references)}. Your manager has been told and will check.",
            )
        return redirect("case", reference=opened.case.reference)
    return render(request, "casework/case_form.html", {"form": form, "creating": True})


def case_page(request, reference):
    case = get_case_for_user(request, reference, selectors.case_detail(request.user, reference))
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    possibly_child = selectors.is_possibly_child(case)
    # Sections other apps add (NRM, support, justice), rendered here so casework never imports them.
    panels = [
        render_to_string(
            panel.template,
            {"case": case, "possibly_child": possibly_child, **panel.context(request, case)},
            request=request,
        )
        for panel in hooks.case_panels()
    ]
    return render(
        request,
        "casework/case_page.html",
        {
            "case": case,
            "person": case.person,
            "shares": selectors.live_shares(case),
            "can_manage": manages(request.user, case),
            "consents": selectors.consent_ledger(case),
            "possibly_child": possibly_child,
            "panels": panels,
            "linked_cases": selectors.linked_cases(request.user, case),
            # The history has its own page (audited, a page at a time): the case page only
            # says how much there is, so opening a case does not decrypt every earlier value.
            "history_count": versioning.case_revisions(case).count(),
        },
    )


HISTORY_PAGE_SIZE = 25


def case_history(request, reference):
    """The case's changes and corrections with the earlier values, newest first."""
    case = get_case_for_user(request, reference)
    if case.erased_at is not None:
        return render(request, "casework/case_erased.html", {"case": case})
    page = Paginator(versioning.case_revisions(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/case_history.html",
        {
            "case": case,
            "page": page,
            "query": "",
            "rows": versioning.history_rows(page.object_list),
            "can_manage": manages(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def case_history_remove(request, reference, revision_id):
    """A manager removes earlier values that were another person's, entered on this case."""
    case = get_managed_case_for_user(request, reference)
    revision = get_object_or_404(versioning.case_revisions(case), pk=revision_id)
    if request.method == "POST":
        if versioning.remove_wrong_case_values(actor=request.user, revision=revision, request=request):
            messages.success(
                request, "The earlier values were removed. The change itself stays in the history."
            )
        return redirect("case_history", reference=case.reference)
    (row,) = versioning.history_rows([revision])
    return render(request, "casework/case_history_remove.html", {"case": case, "row": row})


@require_http_methods(["GET", "POST"])
def consent_new(request, reference):
    def save(case, _target, data):
        services.consent_record(actor=request.user, case=case, request=request, **data)
        return "Consent decision recorded."

    return record_on_case(
        request,
        reference,
        form=ConsentForm(posted(request)),
        title="Record a consent decision",
        save=save,
        intro="Record each purpose separately. Consent to an NRM referral is not consent to share "
        "information with the police.",
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, reference, consent_id):
    def save(case, consent, data, version, _reason):
        services.consent_withdraw(
            actor=request.user, consent=consent, version=version, request=request, **data
        )
        return "Withdrawal of consent recorded."

    return edit_on_case(
        request,
        reference,
        form_class=ConsentWithdrawForm,
        target=lambda case: get_object_or_404(case.consents, pk=consent_id),
        initial=lambda consent: {},
        save=save,
        title="Record that consent was withdrawn",
        correction=False,
        button="Save",
    )


def _details_initial(values: dict) -> dict:
    """Service-level detail values (nationalities as a list) as the details form's fields."""
    initial = dict(values)
    if "nationalities" in initial:
        codes = list(initial.pop("nationalities"))
        initial["nationality"] = codes[0] if codes else ""
        initial["second_nationality"] = codes[1] if len(codes) > 1 else ""
    return initial


@require_http_methods(["GET", "POST"])
def case_edit(request, reference):
    case = get_case_for_user(request, reference, selectors.case_detail(request.user, reference))
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    form = SurvivorDetailsForm(posted(request), initial=SurvivorDetailsForm.initial_for(case))
    add_version_fields(form, version=case.person.version)
    conflict = None
    if request.method == "POST" and form.is_valid() and (version := posted_version(form)):
        try:
            changed = services.case_update_details(
                actor=request.user, case=case, details=form.details(), version=version, request=request
            )
        except EditConflict as error:
            conflict = error
            form = conflict_form(SurvivorDetailsForm, error, form.cleaned_data, to_initial=_details_initial)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Details saved." if changed else "Nothing was changed.")
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_form.html",
        {"form": form, "case": case, "creating": False, "conflict": conflict, "reopen": request.path},
    )


@require_http_methods(["GET", "POST"])
def case_assign(request, reference):
    case = get_managed_case_for_user(request, reference)
    form = AssignForm(posted(request), team=case.team, initial={"assignee": case.assignee_id})
    add_version_fields(form, version=case.assignment_version)
    conflict = None
    if request.method == "POST" and form.is_valid() and (version := posted_version(form)):
        try:
            services.case_assign(
                actor=request.user,
                case=case,
                assignee=form.cleaned_data["assignee"],
                version=version,
                request=request,
            )
        except EditConflict as error:
            conflict = error
            form = conflict_form(AssignForm, error, form.cleaned_data, team=case.team)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Assignment saved.")
            back = request.POST.get("next", "")
            if back.startswith("/backlog/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
                return redirect(back)  # back to the backlog list the manager came from
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_assign.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "reopen": request.path,
            "next": request.POST.get("next", "") or request.GET.get("next", ""),
        },
    )


@require_http_methods(["GET", "POST"])
@submit_once
def case_share(request, reference):
    case = get_managed_case_for_user(request, reference)
    form = ShareForm(posted(request), case=case)
    if request.method == "POST" and form.is_valid() and not held(request):
        try:
            share = services.case_share(
                actor=request.user,
                case=case,
                colleague=form.cleaned_data["colleague"],
                expires_on=form.cleaned_data["expires_on"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{share.user.display_name} can work on this case until {share.expires_on:%-d %B %Y}.",
            )
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_share.html",
        {"form": form, "case": case, "shares": selectors.live_shares(case), "submits_once": True},
    )


@require_POST
def case_share_end(request, reference, share_id):
    case = get_managed_case_for_user(request, reference)
    share = get_object_or_404(case.shares, pk=share_id)
    services.case_share_end(actor=request.user, share=share, request=request)
    messages.success(request, "Cover ended.")
    return redirect("case", reference=case.reference)


@require_http_methods(["GET", "POST"])
def case_close(request, reference):
    case = get_case_for_user(request, reference)
    if not case.is_open:
        return redirect("case", reference=case.reference)
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                actor=request.user,
                case=case,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Case closed.")
            return redirect("case", reference=case.reference)
    return render(request, "casework/case_close.html", {"form": form, "case": case})


@require_POST
def case_reopen(request, reference):
    case = get_managed_case_for_user(request, reference)
    try:
        services.case_reopen(actor=request.user, case=case, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Case reopened.")
    return redirect("case", reference=case.reference)


@require_GET
def team_members(request):
    """A manager's teams: who is in them, and the roles an administrator granted that wait
    for a manager's Confirm or Refuse before they give access to any case."""
    require_manager(request)
    members = list(selectors.team_members(request.user))
    return render(
        request,
        "casework/team_members.html",
        {
            "pending": [m for m in members if m.is_pending],
            "members": [m for m in members if not m.is_pending],
            "admin_confirmations": selectors.first_managers_confirmed_by_administrators(request.user),
        },
    )


def _pending_membership(request, membership_id):
    # Another person's pending role in a team the user manages; 404 for anything else.
    pending = selectors.team_members(request.user).pending().exclude(user=request.user)
    return get_object_or_404(pending, pk=membership_id)


@require_POST
def membership_confirm(request, membership_id):
    membership = _pending_membership(request, membership_id)
    services.membership_confirm(actor=request.user, membership=membership, request=request)
    messages.success(
        request, f"{membership.user.display_name} is confirmed as {membership.get_role_display().lower()}."
    )
    return redirect("team_members")


@require_POST
def membership_refuse(request, membership_id):
    membership = _pending_membership(request, membership_id)
    services.membership_refuse(actor=request.user, membership=membership, request=request)
    messages.success(request, f"The role for {membership.user.display_name} was refused.")
    return redirect("team_members")


def audit_list(request):
    require_manager(request)
    form = AuditFilterForm(request.GET or None, staff=selectors.team_staff(request.user))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.team_audit_events(
        request.user,
        case_reference=filters.get("case", ""),
        actor=filters.get("user"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "casework/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_http_methods(["GET", "POST"])
def retention_list(request):
    """A manager approves the erasure of personal data whose retention period has ended."""
    require_manager(request)
    expired = list(selectors.expired_cases(request.user))
    form = EraseForm(posted(request), cases=expired)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["cases"])
        for case in expired:
            if case.reference in chosen:
                services.case_erase_personal_data(actor=request.user, case=case, request=request)
        messages.success(
            request, f"Personal data erased from {len(chosen)} case{'s' if len(chosen) != 1 else ''}."
        )
        return redirect("retention")
    return render(request, "casework/retention.html", {"form": form, "expired": expired})
