"""Building the support plan with the survivor: needs, goals, actions (casework tasks about a
goal), reviews and the survivor's agreement. Every change to what the plan says makes a new
version of it (SupportPlan.edition); changes and deletions go through casework's versioning,
so the earlier values are kept (encrypted) in each record's history. The audit names the
record's kind, never what was typed."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from casework import audit
from casework.dates import furthest_ahead
from casework.models import Case, Task
from casework.services import tasks, versioning
from casework.services.record_kinds import TaskEvent
from casework.ui.dates import long_date
from casework.vocabularies import TaskStatus
from support.models import Goal, Need, PlanAgreement, PlanReview, SupportPlan
from support.rules.dates import check_past
from support.vocabularies import NeedStatus, PlanAuditAction

GOAL_NEEDED = "Enter the goal"
NEED_HAS_GOALS = "This need has goals. Delete its goals first, or mark the need as no longer needed."
GOAL_HAS_OPEN_ACTIONS = (
    "This goal has open actions. Mark them done or cancel them on the Tasks page first, "
    "or change the goal's status instead."
)
PLAN_CHANGED = (
    "The plan has changed since you opened this page (it is now version {edition}). "
    "Go back to the plan, check the current version with the survivor, then record their agreement."
)
NO_PLAN = "There is no plan yet: add a need first."
NO_NEEDS = "The plan has no needs: add one before recording the survivor's agreement."
BEFORE_PLAN = "The plan was started on {day}: the date cannot be before it."
NEXT_REVIEW_AFTER = "The next review must be after the date of this review."
NEXT_REVIEW_FUTURE = "The next review must be today or later."
NEXT_REVIEW_TOO_FAR = "The next review must be within 10 years."
NEXT_REVIEW_NEEDED = "Enter when the plan will next be reviewed"


def _audit(action, actor, case, kind, request):
    audit.record(action=action, actor=actor, case=case, fields=[kind], request=request)


def _plan_for_change(case: Case, actor) -> SupportPlan:
    """The case's plan, locked for the rest of the transaction; made if it has none yet (the
    case row is locked first, so two first needs at once make one plan)."""
    plan = SupportPlan.objects.select_for_update().filter(case=case).first()
    if plan is not None:
        return plan
    versioning.lock(case)
    plan = SupportPlan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        plan = SupportPlan.objects.create(case=case, created_by=actor)
    return plan


def _new_edition(plan: SupportPlan) -> None:
    """What the plan says has changed: it is a new version (which the survivor has not seen)."""
    SupportPlan.objects.filter(pk=plan.pk).update(edition=F("edition") + 1)
    plan.edition += 1


def _met_on(status: str, earlier: date | None) -> date | None:
    if status != NeedStatus.MET:
        return None
    return earlier or timezone.localdate()


def _check_next_review(next_review_on: date | None, *, after: date | None = None) -> None:
    if next_review_on is None:
        return
    if after is not None and next_review_on <= after:
        raise ValidationError({"next_review_on": NEXT_REVIEW_AFTER})
    if next_review_on < timezone.localdate():
        raise ValidationError({"next_review_on": NEXT_REVIEW_FUTURE})
    if next_review_on > furthest_ahead():
        raise ValidationError({"next_review_on": NEXT_REVIEW_TOO_FAR})


def _check_on_or_after_plan(name: str, day: date, plan: SupportPlan) -> None:
    check_past(name, day)
    started = timezone.localdate(plan.created_at)
    if day < started:
        raise ValidationError({name: BEFORE_PLAN.format(day=long_date(started))})


# Needs.


@transaction.atomic
def need_add(
    *,
    actor,
    case: Case,
    domain: str,
    priority: str,
    status: str,
    survivor_words: str = "",
    notes: str = "",
    request=None,
) -> Need:
    plan = _plan_for_change(case, actor)
    need = Need(
        plan=plan,
        domain=domain,
        priority=priority,
        status=status,
        met_on=_met_on(status, None),
        survivor_words=(survivor_words or "").strip(),
        notes=(notes or "").strip(),
        added_by=actor,
    )
    need.full_clean(exclude=["plan"])
    need.save()
    if plan.needs.count() > 1:  # the first need makes version 1; each later one a new version
        _new_edition(plan)
    _audit(PlanAuditAction.NEED_ADDED, actor, case, "plan_need", request)
    return need


@transaction.atomic
def need_change(*, actor, need: Need, version: int, reason=None, request=None, **values) -> set:
    """Change a need as the survivor's situation changes (its status, priority, their words).
    The earlier values are kept in its history; a new version of the plan if anything changed."""
    plan = _plan_for_change(need.plan.case, actor)
    locked = versioning.lock(need)
    versioning.raise_if_conflict("plan_need", locked, version=version, values=values, actor=actor)
    for name in ("survivor_words", "notes"):
        values[name] = (values.get(name) or "").strip()
    values["met_on"] = _met_on(values["status"], locked.met_on)
    changed = versioning.save_changes(
        actor=actor,
        kind="plan_need",
        record=need,
        case=plan.case,
        expected_version=version,
        values=values,
        reason=reason,
        request=request,
    )
    if changed - {"met_on"}:
        _new_edition(plan)
    return changed


@transaction.atomic
def need_delete(*, actor, need: Need, version: int, reason: str, request=None) -> bool:
    """Delete a need added in error (its values kept in the case's history). One with goals is
    refused: they would go with it."""
    plan = _plan_for_change(need.plan.case, actor)
    if Goal.objects.filter(need_id=need.pk).exists():
        raise ValidationError(NEED_HAS_GOALS)
    deleted = versioning.remove(
        "plan_need", need, actor=actor, case=plan.case, version=version, reason=reason, request=request
    )
    if deleted:
        _new_edition(plan)
    return deleted


# Goals.


@transaction.atomic
def goal_add(*, actor, need: Need, text: str, status: str, request=None) -> Goal:
    plan = _plan_for_change(need.plan.case, actor)
    if not (text or "").strip():
        raise ValidationError({"text": GOAL_NEEDED})
    number = (Goal.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
    goal = Goal(plan=plan, need=need, number=number, text=text.strip(), status=status, added_by=actor)
    goal.full_clean(exclude=["plan", "need"])
    goal.save()
    _new_edition(plan)
    _audit(PlanAuditAction.GOAL_ADDED, actor, plan.case, "plan_goal", request)
    return goal


@transaction.atomic
def goal_change(*, actor, goal: Goal, version: int, reason=None, request=None, **values) -> set:
    plan = _plan_for_change(goal.plan.case, actor)
    if "text" in values:
        values["text"] = (values["text"] or "").strip()
        if not values["text"]:
            raise ValidationError({"text": GOAL_NEEDED})
    changed = versioning.save_changes(
        actor=actor,
        kind="plan_goal",
        record=goal,
        case=plan.case,
        expected_version=version,
        values=values,
        reason=reason,
        request=request,
    )
    if changed:
        _new_edition(plan)
    return changed


@transaction.atomic
def goal_delete(*, actor, goal: Goal, version: int, reason: str, request=None) -> bool:
    """Delete a goal added in error. One with open actions is refused (an owner would be left
    working towards a goal that is gone); its done and cancelled actions stay on the case's task
    list, saying the goal they were about has been deleted."""
    plan = _plan_for_change(goal.plan.case, actor)
    open_actions = Task.objects.filter(about_kind="plan_goal", about_id=goal.pk, status=TaskStatus.OPEN)
    if open_actions.exists():
        raise ValidationError(GOAL_HAS_OPEN_ACTIONS)
    deleted = versioning.remove(
        "plan_goal", goal, actor=actor, case=plan.case, version=version, reason=reason, request=request
    )
    if deleted:
        _new_edition(plan)
    return deleted


# Actions: tasks about a goal.


@transaction.atomic
def action_add(*, actor, goal: Goal, title: str, due_on: date, assignee, details: str = "", request=None):
    """An action agreed for a goal: a task on the case (so it is on "My work" and in the
    reminders), given to its owner, about the goal. A new version of the plan (action_changed,
    told by the task service)."""
    plan = _plan_for_change(goal.plan.case, actor)
    task = tasks.task_record(
        actor=actor,
        case=plan.case,
        title=title,
        due_on=due_on,
        assignee=assignee,
        details=details,
        about=f"plan_goal:{goal.pk}",
        request=request,
    )
    _audit(PlanAuditAction.ACTION_ADDED, actor, plan.case, "plan_goal", request)
    return task


# What is progress on the plan, not a change of what the survivor agreed.
PROGRESS = {TaskEvent.DONE, TaskEvent.REOPENED}


def action_changed(goal_ids: set[int], event: str) -> None:
    """Tasks about these goals were added, corrected (title, details, due date, owner, or moved
    to or from a goal), cancelled or handed over: what the plan says has changed, so it is a
    new version the survivor has not agreed (one, however many of its goals), wherever the
    change was made (the plan page or the case's Tasks page). Registered as the goal kind's
    on_task_change (support/hooks.py) and called in the task's own transaction. Marking an
    action done, or undoing that, is progress on what was agreed, not a change of it: the
    version stays (docs/domain.md, What needs agreeing again)."""
    if event in PROGRESS:
        return
    plan_ids = set(Goal.objects.filter(pk__in=goal_ids).values_list("plan_id", flat=True))
    # A deleted goal's plan had its new version when the goal was deleted.
    for plan in SupportPlan.objects.select_for_update().filter(pk__in=plan_ids).order_by("pk"):
        _new_edition(plan)


# Reviews and agreement.


def _existing_plan(case: Case) -> SupportPlan:
    plan = SupportPlan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        raise ValidationError(NO_PLAN)
    return plan


@transaction.atomic
def review_record(
    *, actor, case: Case, reviewed_on: date, next_review_on: date, changes: str = "", request=None
) -> PlanReview:
    """A review of the plan with the survivor: what changed, and when the next review is (the
    plan's review date from now on)."""
    plan = _existing_plan(case)
    _check_on_or_after_plan("reviewed_on", reviewed_on, plan)
    _check_next_review(next_review_on, after=reviewed_on)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        changes=(changes or "").strip(),
        next_review_on=next_review_on,
        recorded_by=actor,
    )
    SupportPlan.objects.filter(pk=plan.pk).update(next_review_on=next_review_on)
    _audit(PlanAuditAction.REVIEW_RECORDED, actor, case, "plan_review", request)
    return review


@transaction.atomic
def plan_agree(
    *,
    actor,
    case: Case,
    agreed_on: date,
    edition: int,
    next_review_on: date | None = None,
    request=None,
) -> PlanAgreement:
    """The survivor has seen and agreed the plan as it was when the page was opened (`edition`):
    refused if it has changed since, as they have not seen that version. A plan with no review
    date needs one here."""
    plan = _existing_plan(case)
    if not plan.needs.exists():  # every need deleted as made in error: nothing to agree
        raise ValidationError(NO_NEEDS)
    if edition != plan.edition:
        raise ValidationError(PLAN_CHANGED.format(edition=plan.edition))
    _check_on_or_after_plan("agreed_on", agreed_on, plan)
    if next_review_on is None and plan.next_review_on is None:
        raise ValidationError({"next_review_on": NEXT_REVIEW_NEEDED})
    if next_review_on is not None and next_review_on != plan.next_review_on:
        _check_next_review(next_review_on, after=agreed_on)
        SupportPlan.objects.filter(pk=plan.pk).update(next_review_on=next_review_on)
    agreement = PlanAgreement.objects.create(
        plan=plan, edition=plan.edition, agreed_on=agreed_on, recorded_by=actor
    )
    _audit(PlanAuditAction.AGREED, actor, case, "support_plan", request)
    return agreement


def plan_erase_personal_data(case: Case) -> None:
    """At the end of retention: the survivor's words, the notes, the goals and what changed at
    each review go; domains, priorities, statuses and dates stay for the statistics."""
    Need.objects.filter(plan__case=case).update(survivor_words="", notes="")
    Goal.objects.filter(plan__case=case).update(text="")
    PlanReview.objects.filter(plan__case=case).update(changes="")
