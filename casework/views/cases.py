"""My work, the list and search, opening a case and changing the survivor's details (the
pages of a case are in case_pages.py)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import clocks
from casework.access import get_case_for_user
from casework.context_processors import navigation
from casework.forms.cases import SurvivorDetailsForm
from casework.models import Team
from casework.selectors.cases import (
    case_detail,
    duplicate_rows_for_manager,
    shared_with_me,
    unassigned_team_cases,
    visible_cases,
)
from casework.selectors.contact_work import unseen_concerns_for_manager
from casework.selectors.tasks import my_open_tasks, my_work_items
from casework.services import cases
from casework.services.conflicts import EditConflict
from casework.services.submission import held, submit_once
from casework.ui.govuk import apply_service_errors, posted
from casework.views.recording import add_version_fields, conflict_form, posted_version
from casework.vocabularies import CaseStatus


def home(request):
    """My work: the user's own cases first; for managers, what needs their attention."""
    user = request.user
    today = timezone.localdate()
    # The access rule is read once (its memberships and shares are two queries): my cases, the
    # cases I cover, my tasks and what is owed all derive from this one queryset.
    visible = visible_cases(user)
    my_cases = visible.filter(assignee=user)
    context = {
        # What is owed on my cases (NRM decisions, deadlines...) and my tasks on others', overdue first.
        "work_items": my_work_items(user, visible, today),
        # "Soon" means the same everywhere: due within clocks.CLOSING_SOON_DAYS.
        "soon_until": today + timedelta(days=clocks.CLOSING_SOON_DAYS),
        "my_cases": my_cases[:100],
        "shared_cases": shared_with_me(user, visible),
        "my_tasks": my_open_tasks(user, visible)[:50],
        "today": today,
        "CaseStatus": CaseStatus,  # the case table compares the stored status with it
    }
    # The navigation's manager check (cached on the request), not a second query for the same answer.
    if navigation(request)["nav_is_manager"]:
        context["unassigned_cases"] = unassigned_team_cases(user)[:50]
        # The other case of a pair is named only if this manager may see it.
        context["duplicate_rows"] = duplicate_rows_for_manager(user)
        context["safeguarding_concerns"] = unseen_concerns_for_manager(user)[:50]
    return render(request, "casework/home.html", context)


@require_http_methods(["GET", "POST"])
@submit_once
def case_new(request):
    # Teams where the user's role is confirmed (cases.case_open checks the same).
    teams = Team.objects.member_of(request.user)
    if not teams:
        raise Http404("Only members of a team can open cases")
    form = SurvivorDetailsForm(posted(request), teams=teams)
    if request.method == "POST" and form.is_valid() and not held(request):
        opened = cases.case_open(
            actor=request.user, team=form.cleaned_data["team"], details=form.details(), request=request
        )
        messages.success(request, f"Case {opened.case.reference} opened.")
        if opened.possible_duplicate:
            # Only matches the caseworker may see are mentioned (cases.OpenedCase).
            messages.warning(
                request,
                "A case with the same name and date of birth may already exist: "
                f"{', '.join(opened.duplicate_references)}. Your manager has been told and will check.",
            )
        return redirect("case", reference=opened.case.reference)
    return render(request, "casework/case_form.html", {"form": form, "creating": True})


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
    case = get_case_for_user(request, reference, case_detail())
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    form = SurvivorDetailsForm(posted(request), initial=SurvivorDetailsForm.initial_for(case))
    add_version_fields(form, version=case.person.version)
    conflict = None
    if request.method == "POST" and form.is_valid() and (version := posted_version(form)):
        try:
            changed = cases.case_update_details(
                actor=request.user, case=case, details=form.details(), version=version, request=request
            )
        except EditConflict as error:
            conflict = error
            form = conflict_form(SurvivorDetailsForm, error, form.cleaned_data, to_initial=_details_initial)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Details saved." if changed else "Nothing was changed.")
            return redirect("case_details", reference=case.reference)
    return render(
        request,
        "casework/case_form.html",
        {"form": form, "case": case, "creating": False, "conflict": conflict, "reopen": request.path},
    )
