"""The support plan's pages: add a need, a goal, an action; record a review and the survivor's
agreement; change or delete a need or a goal. Every page is a form on a case the user may see
(casework.views.recording); the services keep the rules. The plan itself is the case's "Plan"
page (hooks.CaseArea "plan"): its panel's context is plan_panel_context below."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework.selectors.tasks import assignee_choices
from casework.ui.dates import long_date
from casework.ui.govuk import posted
from casework.views.corrections import delete_view, find_on_case
from casework.views.recording import edit_on_case, record_on_case
from support.forms.plans import ActionForm, AgreementForm, GoalForm, NeedForm, ReviewForm
from support.models import Goal, Need, SupportPlan
from support.selectors.plans import plan_overview, plan_page
from support.services import plans

BACK = "case_plan"


def plan_panel_context(request, case) -> dict:
    """The Plan page's own panel (hooks.CasePanel on the area "plan"): a fixed number of queries."""
    return plan_page(case)


def plan_overview_context(request, case) -> dict:
    """The plan's row on the case's Overview (hooks.OVERVIEW): one query, nothing decrypted."""
    return plan_overview(case)


def _found(model, path, pk):
    def target(case):
        record = model.objects.filter(pk=pk, **{path: case}).select_related("plan__case").first()
        if record is None:
            raise Http404("No such record")
        return record

    return target


def _plan(case):
    plan = SupportPlan.objects.filter(case=case).first()
    if plan is None:
        raise Http404("No plan")
    return plan


@require_http_methods(["GET", "POST"])
def plan_need_new(request, reference):
    def save(case, _target, data):
        plans.need_add(actor=request.user, case=case, request=request, **data)
        return "Need added to the plan."

    return record_on_case(
        request,
        reference,
        form=NeedForm(posted(request)),
        title="Add a need",
        intro="A need the survivor has, in their own words where they can give them.",
        save=save,
        button="Add the need",
        back_to=BACK,
    )


@require_http_methods(["GET", "POST"])
def plan_goal_new(request, reference, need_id):
    def save(_case, need, data):
        goal = plans.goal_add(actor=request.user, need=need, request=request, **data)
        return f"Goal {goal.number} added to the plan."

    return record_on_case(
        request,
        reference,
        form=GoalForm(posted(request)),
        target=_found(Need, "plan__case", need_id),
        title="Add a goal",
        save=save,
        button="Add the goal",
        back_to=BACK,
    )


@require_http_methods(["GET", "POST"])
def plan_action_new(request, reference, goal_id):
    def save(_case, goal, data):
        plans.action_add(actor=request.user, goal=goal, request=request, **data)
        return f"Action added to goal {goal.number}. It is on the case's tasks."

    return record_on_case(
        request,
        reference,
        form=lambda case: ActionForm(
            posted(request), assignee_queryset=assignee_choices(case), initial={"assignee": request.user.pk}
        ),
        target=_found(Goal, "plan__case", goal_id),
        title="Add an action",
        intro="The action becomes a task on the case, for the person who will do it, about this goal.",
        save=save,
        button="Add the action",
        back_to=BACK,
    )


@require_http_methods(["GET", "POST"])
def plan_review_new(request, reference):
    def save(case, _plan, data):
        plans.review_record(actor=request.user, case=case, request=request, **data)
        return "Review recorded."

    return record_on_case(
        request,
        reference,
        form=ReviewForm(posted(request)),
        target=_plan,
        title="Record a review of the plan",
        save=save,
        back_to=BACK,
    )


@require_http_methods(["GET", "POST"])
def plan_agree(request, reference):
    def form(case):
        plan = SupportPlan.objects.filter(case=case).first()
        return AgreementForm(
            posted(request),
            initial={
                "edition": plan.edition if plan else None,
                "next_review_on": plan and plan.next_review_on,
            },
            review_needed=plan is None or plan.next_review_on is None,
        )

    def save(case, _plan, data):
        agreement = plans.plan_agree(actor=request.user, case=case, request=request, **data)
        return f"Recorded: the survivor agreed version {agreement.edition} of the plan."

    return record_on_case(
        request,
        reference,
        form=form,
        target=_plan,
        title="Record that the survivor has seen and agreed this plan",
        intro="Record this once you have gone through the plan as it is now with the survivor and they "
        "agree with it. If the plan changes later, they need to see and agree it again.",
        save=save,
        button="Record their agreement",
        back_to=BACK,
    )


def _change(form_class, model, service, arg, title):
    """A "Change" page: the plan changes as the survivor's situation does, so this is an update
    (no reason asked); the earlier values are kept in the record's history all the same."""

    @require_http_methods(["GET", "POST"])
    def view(request, reference, pk):
        def save(_case, record, data, version, _reason):
            changed = service(actor=request.user, version=version, request=request, **{arg: record}, **data)
            return (
                "Nothing was changed."
                if not changed
                else f"{title.removeprefix('Change the ').capitalize()} changed."
            )

        return edit_on_case(
            request,
            reference,
            form_class=form_class,
            target=_found(model, "plan__case", pk),
            initial=lambda record: {name: getattr(record, name) for name in form_class.base_fields},
            save=save,
            title=title,
            correction=False,
            back_to=BACK,
        )

    return view


plan_need_change = _change(NeedForm, Need, plans.need_change, "need", "Change the need")
plan_goal_change = _change(GoalForm, Goal, plans.goal_change, "goal", "Change the goal")
plan_need_delete = delete_view(
    find=find_on_case(Need, "plan__case"),
    service=plans.need_delete,
    arg="need",
    title="Delete the need",
    describe=lambda need: (
        f"{need.get_domain_display()}: a need added on {long_date(timezone.localdate(need.added_at))}."
    ),
    back_to=BACK,
)
plan_goal_delete = delete_view(
    find=find_on_case(Goal, "plan__case"),
    service=plans.goal_delete,
    arg="goal",
    title="Delete the goal",
    describe=lambda goal: f"Goal {goal.number}. Its actions stay on the case's tasks.",
    back_to=BACK,
)
