"""Correcting what was recorded: "Change" (with a reason, the earlier values kept in the
record's history) and "Delete" (a record made in error) for every NRM and support record.
Each page is on a case the user may see; the services keep the rules of recording."""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from casework import clocks
from casework.recording import delete_on_case, edit_on_case
from casework.selectors import is_possibly_child
from casework.versioning import NOTHING_CHANGED
from support import services, support_services
from support.forms import (
    DecisionChangeForm,
    DisqualificationForm,
    NeedsAssessmentForm,
    PermissionToStayForm,
    ReconsiderationChangeForm,
    ReferralChangeForm,
    SupportPeriodForm,
    WithdrawalForm,
)
from support.models import (
    Decision,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
    Withdrawal,
)


def _on_case(model, path):
    """Find a record of the case by id: `path` is the lookup from the record to its case."""
    return lambda pk: lambda case: model.objects.filter(pk=pk, **{path: case}).first()


def _change(*, form_class, find, service, arg, title, form_kwargs=None, page_title=None):
    @require_http_methods(["GET", "POST"])
    def view(request, reference, pk):
        def target(case):
            record = find(pk)(case)
            if record is None:
                raise Http404("No such record")
            return record

        def save(case, record, data, version, reason):
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
            initial=lambda record: {name: getattr(record, name, None) for name in form_class.base_fields},
            save=save,
            title=page_title or title,
            form_kwargs=form_kwargs,
        )

    return view


def _delete(*, find, kind, service, title, describe):
    @require_http_methods(["GET", "POST"])
    def view(request, reference, pk):
        return delete_on_case(
            request,
            reference,
            find=find(pk),
            delete=lambda case, record, version, reason: service(
                actor=request.user, record=record, version=version, reason=reason, request=request, kind=kind
            ),
            title=title,
            describe=describe,
        )

    return view


def _referral_delete(*, actor, kind, record, version, reason, request):
    return services.referral_delete(
        actor=actor, referral=record, version=version, reason=reason, request=request
    )


def _decision_delete(*, actor, kind, record, version, reason, request):
    return services.decision_delete(
        actor=actor, decision=record, version=version, reason=reason, request=request
    )


def _reconsideration_delete(*, actor, kind, record, version, reason, request):
    return services.reconsideration_delete(
        actor=actor, reconsideration=record, version=version, reason=reason, request=request
    )


def _long(day):
    return clocks.long_date(day) if day else "no date"


find_referral = _on_case(Referral, "case")
find_decision = _on_case(Decision, "referral__case")
find_reconsideration = _on_case(Reconsideration, "decision__referral__case")
find_disqualification = _on_case(PublicOrderDisqualification, "referral__case")
find_withdrawal = _on_case(Withdrawal, "referral__case")
find_period = _on_case(SupportPeriod, "case")
find_assessment = _on_case(RecoveryNeedsAssessment, "case")
find_permission = _on_case(PermissionToStay, "case")

referral_change = _change(
    form_class=ReferralChangeForm,
    find=find_referral,
    service=services.referral_change,
    arg="referral",
    title="Correct the referral",
    form_kwargs=lambda case, _referral: {"case": case, "possibly_child": is_possibly_child(case)},
)
referral_delete = _delete(
    find=find_referral,
    kind="referral",
    service=_referral_delete,
    title="Delete the referral",
    describe=lambda r: f"{r.get_kind_display()} submitted on {_long(r.submitted_on)}.",
)
decision_change = _change(
    form_class=DecisionChangeForm,
    find=find_decision,
    service=services.decision_change,
    arg="decision",
    title="Correct the decision",
    form_kwargs=lambda case, decision: {"kind": decision.kind},
    page_title=lambda decision: f"Correct the {decision.get_kind_display()} decision",
)
decision_delete = _delete(
    find=find_decision,
    kind="decision",
    service=_decision_delete,
    title="Delete the decision",
    describe=lambda d: f"{d.get_outcome_display()} {d.get_kind_display()} decision of {_long(d.decided_on)}.",
)
reconsideration_change = _change(
    form_class=ReconsiderationChangeForm,
    find=find_reconsideration,
    service=services.reconsideration_change,
    arg="reconsideration",
    title="Correct the reconsideration",
)
reconsideration_delete = _delete(
    find=find_reconsideration,
    kind="reconsideration",
    service=_reconsideration_delete,
    title="Delete the reconsideration",
    describe=lambda r: f"Reconsideration requested on {_long(r.requested_on)}.",
)
disqualification_change = _change(
    form_class=DisqualificationForm,
    find=find_disqualification,
    service=services.disqualification_change,
    arg="disqualification",
    title="Correct the public order disqualification",
)
disqualification_delete = _delete(
    find=find_disqualification,
    kind="disqualification",
    service=services.referral_record_delete,
    title="Delete the public order disqualification",
    describe=lambda d: f"Public order disqualification of {_long(d.decided_on)}.",
)
withdrawal_change = _change(
    form_class=WithdrawalForm,
    find=find_withdrawal,
    service=services.withdrawal_change,
    arg="withdrawal",
    title="Correct the withdrawal",
)
withdrawal_delete = _delete(
    find=find_withdrawal,
    kind="withdrawal",
    service=services.referral_record_delete,
    title="Delete the withdrawal",
    describe=lambda w: f"Withdrawal from the NRM on {_long(w.withdrawn_on)}.",
)
support_period_change = _change(
    form_class=SupportPeriodForm,
    find=find_period,
    service=support_services.support_period_change,
    arg="period",
    title="Correct the period of support",
)
support_period_delete = _delete(
    find=find_period,
    kind="support_period",
    service=support_services.support_record_delete,
    title="Delete the period of support",
    describe=lambda p: f"{p.get_kind_display()} from {_long(p.start_on)}.",
)
needs_assessment_change = _change(
    form_class=NeedsAssessmentForm,
    find=find_assessment,
    service=support_services.needs_assessment_change,
    arg="assessment",
    title="Correct the Recovery Needs Assessment",
)
needs_assessment_delete = _delete(
    find=find_assessment,
    kind="needs_assessment",
    service=support_services.support_record_delete,
    title="Delete the Recovery Needs Assessment",
    describe=lambda a: f"Recovery Needs Assessment due {_long(a.due_on)}.",
)
permission_to_stay_change = _change(
    form_class=PermissionToStayForm,
    find=find_permission,
    service=support_services.permission_to_stay_change,
    arg="permission",
    title="Correct the permission to stay",
)
permission_to_stay_delete = _delete(
    find=find_permission,
    kind="permission_to_stay",
    service=support_services.support_record_delete,
    title="Delete the permission to stay",
    describe=lambda p: f"Permission to stay considered from {_long(p.considered_from)}.",
)
