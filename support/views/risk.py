"""Recording a risk assessment (a first one or a review), correcting or deleting one, and the
managers' page of their team's review periods. The services keep the rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework.models import Team
from casework.ui.dates import long_date
from casework.ui.govuk import apply_service_errors, posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import record_on_case
from support.forms.risk import RiskAssessmentForm, RiskReviewPolicyForm
from support.models import RiskAssessment
from support.rules.risk import flag_areas
from support.selectors.risk import review_periods
from support.services import risk
from support.vocabularies import RiskArea, RiskLevel


def _new_form(request):
    def build(case):
        current = case.risk_assessments.order_by("-assessed_on", "-id").first()
        initial = risk.assessment_values(current) if current else {}
        initial["assessed_on"] = timezone.localdate()
        return RiskAssessmentForm(posted(request), initial=initial)

    return build


def _intro(case) -> str:
    current = case.risk_assessments.order_by("-assessed_on", "-id").only("assessed_on").first()
    if current is not None:
        return (
            f"A review: the form starts from the assessment of {long_date(current.assessed_on)}. "
            "Change what is different now; the earlier assessment is kept."
        )
    areas = [RiskArea(area).label.lower() for area in flag_areas(case.person.risk_flags)]
    noted = f" Noted when the case was opened: {', '.join(areas)}." if areas else ""
    return "Give a level to each area where there is a risk, with what shows it." + noted


@require_http_methods(["GET", "POST"])
def risk_assessment_new(request, reference):
    def save(case, _target, data):
        assessment = risk.risk_assessment_record(actor=request.user, case=case, request=request, **data)
        return f"Risk assessment recorded. Next review by {long_date(assessment.next_review_on)}."

    return record_on_case(
        request,
        reference,
        form=_new_form(request),
        title="Record a risk assessment",
        save=save,
        intro=_intro,
        back_to="case_risk",
    )


find_assessment = find_on_case(RiskAssessment, "case")

risk_assessment_change = change_view(
    form_class=RiskAssessmentForm,
    find=find_assessment,
    service=risk.risk_assessment_change,
    arg="assessment",
    title="Correct the risk assessment",
    initial=risk.assessment_values,
    back_to="case_risk",
)
risk_assessment_delete = delete_view(
    find=find_assessment,
    service=risk.risk_assessment_delete,
    arg="assessment",
    title="Delete the risk assessment",
    describe=lambda a: (
        f"Risk assessment of {long_date(a.assessed_on)} ({a.get_overall_level_display()} risk)."
    ),
    back_to="case_risk",
)


@require_http_methods(["GET", "POST"])
def risk_review_periods(request):
    """A manager sets their team's days to the next review per level, from a date."""
    teams = list(Team.objects.managed_by(request.user))
    if not teams:
        raise Http404("Only managers set the review periods")
    today = timezone.localdate()
    chosen = _chosen_team(request, teams)
    shown = review_periods(request.user, today)
    now = next(entry for entry in shown if entry["team"].pk == chosen.pk)["now"]
    initial = {"effective_from": today, **{f"{level}_days": days for level, days in _now_by_code(now)}}
    form = RiskReviewPolicyForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = risk.risk_review_policy_set(
                actor=request.user,
                team=chosen,
                effective_from=data["effective_from"],
                days={level: data[f"{level}_days"] for level in RiskLevel},
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            when = long_date(data["effective_from"])
            messages.success(
                request,
                f"Review periods for {chosen.name} saved, from {when}."
                if changed
                else "Nothing was changed.",
            )
            return redirect(f"{request.path}?team={chosen.pk}")
    return render(
        request,
        "support/risk_review_periods.html",
        {"form": form, "teams": teams, "chosen": chosen, "shown": shown},
    )


def _chosen_team(request, teams):
    wanted = request.GET.get("team", "")
    for team in teams:
        if str(team.pk) == wanted:
            return team
    return teams[0]


def _now_by_code(now):
    labels = {level.label: level for level in RiskLevel}
    return [(labels[label].value, days) for label, days in now]
