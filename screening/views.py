"""The screening interview, section by section. Every page is on a case the user may see
(get_case_for_user: 404 otherwise)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casework.access import get_case_for_user
from casework.services.conflicts import EditConflict
from casework.services.submission import submit_once
from casework.ui.govuk import apply_service_errors, posted
from casework.views.recording import add_version_fields, posted_version
from screening import rules, services
from screening.display import amendment_rows, answer_sections
from screening.forms import AmendmentReasonForm, SectionForm, StopForm
from screening.questions import questionnaire
from screening.vocabularies import InterviewStatus, ScreeningAction, SectionProgress


def _interview(request, reference, interview_id, view=ScreeningAction.VIEWED):
    case = get_case_for_user(request, reference, view=view)
    if case.erased_at is not None:
        raise Http404("Erased at the end of retention")
    return case, get_object_or_404(case.screening_interviews, pk=interview_id)


def _section(interview, slug):
    section = questionnaire(interview.version).section(slug)
    if section is None:
        raise Http404("No such section")
    return section


@require_POST
@submit_once
def interview_start(request, reference):
    case = get_case_for_user(request, reference, view=None)
    if case.erased_at is not None:
        return redirect("case", reference=case.reference)
    interview = services.interview_start(actor=request.user, case=case, request=request)
    return redirect("screening_interview", reference=case.reference, interview_id=interview.pk)


def interview_page(request, reference, interview_id):
    """The task list while in progress; the read-only record once completed or stopped."""
    case, interview = _interview(request, reference, interview_id)
    context = {"case": case, "interview": interview, "sections": answer_sections(interview)}
    if rules.may_answer(interview):
        context["ready"] = not services.sections_left(interview)
        context["SectionProgress"] = SectionProgress  # the template compares stored codes with it
        return render(request, "screening/task_list.html", context)
    context["amendments"] = amendment_rows(interview)
    context["InterviewStatus"] = InterviewStatus  # the template compares the stored status with it
    return render(request, "screening/interview.html", context)


def _conflict_form(section, form, error: EditConflict, draft=False):
    """The section again after a conflict: the person's answers, except those only the other
    person changed (theirs are taken, or saving again would undo them)."""
    answers = form.answers()
    for field in error.fields:
        if not field.mine_kept:
            key = field.name.split(".", 1)[1]
            if field.current in (None, "", [], {}):
                answers.pop(key, None)
            else:
                answers[key] = field.current
    fresh = SectionForm(None, section=section, answers=answers, draft=draft)
    add_version_fields(fresh, version=error.version)
    return fresh


@require_http_methods(["GET", "POST"])
def section_page(request, reference, interview_id, section):
    case, interview = _interview(request, reference, interview_id)
    if not rules.may_answer(interview):
        return redirect("screening_interview", reference=case.reference, interview_id=interview.pk)
    section = _section(interview, section)
    draft = "later" in request.POST
    form = SectionForm(
        posted(request),
        section=section,
        answers=interview.answers.get(section.slug),
        draft=draft,
        user=request.user,
    )
    add_version_fields(form, version=interview.edit_version)
    conflict = None
    if request.method == "POST" and form.is_valid() and (version := posted_version(form)):
        try:
            services.interview_save_section(
                actor=request.user,
                interview=interview,
                section=section.slug,
                answers=form.answers(),
                complete=not draft,
                version=version,
                prefilled=form.prefilled(),
                request=request,
            )
        except EditConflict as error:
            conflict = error
            form = _conflict_form(section, form, error, draft)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{section.title}: saved{' (still in progress)' if draft else ''}.")
            return redirect("screening_interview", reference=case.reference, interview_id=interview.pk)
    return render(
        request,
        "screening/section.html",
        {
            "case": case,
            "interview": interview,
            "section": section,
            "form": form,
            "conflict": conflict,
            "reopen": request.path,
        },
    )


@require_http_methods(["GET", "POST"])
def check_answers(request, reference, interview_id):
    case, interview = _interview(request, reference, interview_id)
    if not rules.may_answer(interview):
        return redirect("screening_interview", reference=case.reference, interview_id=interview.pk)
    error = None
    if request.method == "POST":
        try:
            services.interview_complete(actor=request.user, interview=interview, request=request)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Screening interview completed.")
            return redirect("case_screening", reference=case.reference)
    return render(
        request,
        "screening/check.html",
        {"case": case, "interview": interview, "sections": answer_sections(interview), "error": error},
    )


@require_http_methods(["GET", "POST"])
def stop_interview(request, reference, interview_id):
    case, interview = _interview(request, reference, interview_id)
    if not rules.may_answer(interview):
        return redirect("screening_interview", reference=case.reference, interview_id=interview.pk)
    form = StopForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.interview_stop(
            actor=request.user,
            interview=interview,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, "Interview stopped. What was recorded is kept.")
        return redirect("case_screening", reference=case.reference)
    return render(request, "screening/stop.html", {"case": case, "interview": interview, "form": form})


@require_http_methods(["GET", "POST"])
def amend_section(request, reference, interview_id, section):
    case, interview = _interview(request, reference, interview_id)
    if not rules.may_amend(interview):
        raise Http404("Only completed interviews are amended")
    section = _section(interview, section)
    data = posted(request)
    form = SectionForm(data, section=section, answers=interview.answers.get(section.slug))
    add_version_fields(form, version=interview.edit_version)
    reason_form = AmendmentReasonForm(data)
    conflict = None
    if (
        request.method == "POST"
        and all([form.is_valid(), reason_form.is_valid()])
        and (version := posted_version(form))
    ):
        try:
            services.interview_amend(
                actor=request.user,
                interview=interview,
                section=section.slug,
                answers=form.answers(),
                reason=reason_form.cleaned_data["reason"],
                version=version,
                request=request,
            )
        except EditConflict as error:
            conflict = error
            form = _conflict_form(section, form, error)
        except ValidationError as error:
            apply_service_errors(reason_form, error)
        else:
            messages.success(request, f"{section.title}: correction saved.")
            return redirect("screening_interview", reference=case.reference, interview_id=interview.pk)
    return render(
        request,
        "screening/section.html",
        {
            "case": case,
            "interview": interview,
            "section": section,
            "form": form,
            "reason_form": reason_form,
            "amending": True,
            "conflict": conflict,
            "reopen": request.path,
        },
    )


def print_interview(request, reference, interview_id):
    case, interview = _interview(request, reference, interview_id, view=ScreeningAction.PRINTED)
    return render(
        request,
        "screening/print.html",
        {
            "case": case,
            "interview": interview,
            "sections": answer_sections(interview),
            "amendments": amendment_rows(interview),
        },
    )
