"""The managers' backlog pages. Caseworkers, administrators and other teams get 404."""

import csv
from datetime import date

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from casework import audit
from casework.access import require_manager
from casework.models import Case
from justice.selectors.funnel import funnel
from oversight import backlog, outbox, statistics
from oversight.forms import BacklogFilterForm
from oversight.vocabularies import OversightAction
from support.rules import needs_assessments
from support.rules.nrm_status import position
from support.rules.outcomes import chosen_period, periods
from support.selectors.nrm import NRM_PREFETCH

# A spreadsheet treats a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _filters(request, team_ids) -> tuple[BacklogFilterForm, backlog.Filters]:
    form = BacklogFilterForm(request.GET or None, team_ids=team_ids)
    if not form.is_bound or not form.is_valid():
        return form, backlog.Filters()
    data = form.cleaned_data
    return form, backlog.Filters(
        team=data["team"].pk if data["team"] else None,
        caseworker=data["caseworker"],
        nation=data["nation"],
        age_group=data["age_group"],
        exploitation=data["exploitation"],
    )


def _query(request) -> str:
    query = request.GET.copy()
    for key in ("figure", "bucket", "page"):
        query.pop(key, None)
    return query.urlencode()


def backlog_page(request):
    team_ids = require_manager(request)
    form, filters = _filters(request, team_ids)
    figures = backlog.backlog(request.user, filters, timezone.localdate())
    context = {
        "form": form,
        "b": figures,
        "query": _query(request),
        "cg_chart": [{"label": label, "value": value} for label, value in figures.cg_buckets],
        "chart_max": max([value for _label, value in figures.cg_buckets] + [1]),
        "today": timezone.localdate(),
        # Reminder emails to the teams' staff that never went (oversight/outbox.py).
        "unsent_reminders": outbox.unsent_for_teams(team_ids)[:50],
    }
    template = "oversight/_backlog_figures.html" if request.htmx else "oversight/backlog.html"
    return render(request, template, context)


def _figure_rows(request):
    team_ids = require_manager(request)
    figure = request.GET.get("figure", "")
    if figure not in backlog.FIGURES:
        raise Http404("No such figure")
    _form, filters = _filters(request, team_ids)
    today = timezone.localdate()
    cases = (
        backlog.figure_cases(request.user, filters, figure, today, bucket=request.GET.get("bucket", ""))
        .select_related("team", "assignee")
        .order_by("opened_on", "id")
    )
    return figure, backlog.with_figure_facts(cases, figure, today), today


def _fact(case, figure: str, today: date) -> tuple[str, date | None]:
    """What the list shows of a case for these figures, as (words, date): the overdue tasks and
    the oldest one's due date, or the day the survivor was last reached (instead of the NRM's
    next item, which says nothing about them)."""
    if figure == "overdue_tasks":
        count = case.overdue_task_count
        return f"{count} overdue task{'' if count == 1 else 's'}, the oldest due", case.oldest_task_due
    if figure in ("risk_overdue", "high_risk"):
        return "Due by", case.risk_review_on
    if figure == "rna_attention":
        return needs_assessments.attention_fact(case.rna_due_on, case.rna_submitted_on, today) or ("", None)
    if case.last_reached_at is None:
        return "Never reached", None
    return "Last reached", timezone.localtime(case.last_reached_at).date()


def backlog_cases(request):
    if not request.GET.get("figure"):
        # The list is always of one figure; without one, the figures themselves are the way in.
        return redirect("backlog")
    figure, cases, today = _figure_rows(request)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    prefetch_related_objects(rows, NRM_PREFETCH)
    return render(
        request,
        "oversight/backlog_cases.html",
        {
            "title": backlog.no_contact_words(request.user)
            if figure == "no_contact"
            else backlog.FIGURES[figure],
            "bucket": request.GET.get("bucket", ""),
            "rows": [
                (
                    case,
                    position(case, today),
                    _fact(case, figure, today) if figure in backlog.FACT_HEADINGS else None,
                )
                for case in rows
            ],
            "fact_heading": backlog.FACT_HEADINGS.get(figure, ""),
            "page": page,
            "query": request.GET.copy().urlencode(),
            "csv_query": request.GET.urlencode(),
        },
    )


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def backlog_csv(request):
    figure, cases, today = _figure_rows(request)
    cases = cases.prefetch_related(NRM_PREFETCH)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="backlog-{figure}-{today:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    # The last columns: the figure's own fact (overdue tasks, last reached), else the NRM's next item.
    last = {
        "overdue_tasks": ["Overdue tasks", "Oldest due"],
        "no_contact": ["Last reached"],
        "risk_overdue": ["Risk review due by"],
        "high_risk": ["Risk review due by"],
        "rna_attention": ["RNA", "Since"],
    }.get(figure, ["What is owed", "Due or since"])
    writer.writerow(["Case reference", "Team", "Assigned to", "Opened", "NRM status", *last])
    for case in cases.iterator(chunk_size=500):
        where = position(case, today)
        if figure == "overdue_tasks":
            fact = [case.overdue_task_count, case.oldest_task_due.isoformat()]
        elif figure in ("risk_overdue", "high_risk"):
            fact = [case.risk_review_on.isoformat()]
        elif figure == "rna_attention":
            words, since = needs_assessments.attention_fact(
                case.rna_due_on, case.rna_submitted_on, today
            ) or (
                "",
                None,
            )
            fact = [words, since.isoformat() if since else ""]
        elif figure == "no_contact":
            reached = case.last_reached_at
            fact = [timezone.localtime(reached).date().isoformat() if reached else "Never"]
        else:
            owed = where.owed[0] if where.owed else None
            fact = [_safe(owed.text if owed else ""), owed.due_on.isoformat() if owed else ""]
        writer.writerow(
            [
                _safe(case.reference),
                _safe(case.team.name),
                _safe(case.assignee.display_name if case.assignee else ""),
                case.opened_on.isoformat(),
                _safe(where.status_label),
                *fact,
            ]
        )
    audit.record(
        action=OversightAction.BACKLOG_EXPORTED, actor=request.user, fields=[figure], request=request
    )
    return response


def statistics_page(request):
    team_ids = require_manager(request)
    # The recovery figures' period: a choice from a list (anything else is the last 12 months).
    today = timezone.localdate()
    period = chosen_period(request.GET.get("period"), today)
    return render(
        request,
        "oversight/statistics.html",
        {
            "tables": statistics.team_statistics(team_ids, request.user),
            "period": period,
            "periods": periods(today),
            "recovery_tables": [
                statistics.outcome_figures(team_ids, request.user, period),
                statistics.entitlement_figures(team_ids, request.user, period),
            ],
        },
    )


def funnel_page(request):
    team_ids = require_manager(request)
    cases = Case.objects.visible_to(request.user).filter(team__in=team_ids)
    return render(request, "oversight/justice_funnel.html", {"funnel": funnel(cases)})
