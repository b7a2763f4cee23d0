"""Recording the survivor's outcome ratings, and correcting or deleting one. The chart and the
table are a panel (support/selectors/outcomes.py)."""

from django.views.decorators.http import require_http_methods

from casework.ui.dates import long_date
from casework.ui.govuk import posted
from casework.views.corrections import change_view, delete_view, find_on_case
from casework.views.recording import record_on_case
from support.forms.outcomes import OutcomeRatingForm, OutcomeRatingsForm
from support.models import OutcomeRating
from support.services import outcomes

# The page the panel is on (the integrator moves it to the plan page, "case_plan").
BACK_TO = "case_plan"


@require_http_methods(["GET", "POST"])
def outcome_ratings_new(request, reference):
    form = OutcomeRatingsForm(posted(request))

    def save(case, _target, data):
        outcomes.ratings_record(
            actor=request.user,
            case=case,
            rated_on=data["rated_on"],
            occasion=data["occasion"],
            ratings=form.ratings(),
            request=request,
        )
        return "Ratings recorded."

    return record_on_case(
        request,
        reference,
        form=form,
        title="Record the survivor's ratings",
        intro="Ask them to rate, from 1 (very bad) to 5 (very good), each outcome that matters to them, "
        "and write down what they say in their own words. Leave the others blank.",
        save=save,
        back_to=BACK_TO,
    )


find_rating = find_on_case(OutcomeRating, "case")

outcome_rating_change = change_view(
    form_class=OutcomeRatingForm,
    find=find_rating,
    service=outcomes.rating_change,
    arg="rating",
    title="Correct the rating",
    back_to=BACK_TO,
)
outcome_rating_delete = delete_view(
    find=find_rating,
    service=outcomes.rating_delete,
    arg="rating",
    title="Delete the rating",
    describe=lambda r: f"{r.get_outcome_display()} rated {r.score} on {long_date(r.rated_on)}.",
    back_to=BACK_TO,
)
