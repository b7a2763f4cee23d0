"""Recording the NRM referral and the decisions on it. Every page is a form on a case the
user may see (casework.views.recording.record_on_case); the services refuse impossible records."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from casework.selectors.cases import is_possibly_child
from casework.ui.govuk import posted
from casework.views.recording import edit_on_case, record_on_case
from support.forms.nrm import (
    DecisionForm,
    DisqualificationForm,
    DisqualificationReconsiderationForm,
    ReconsiderationOutcomeForm,
    ReconsiderationRequestForm,
    ReferralForm,
    ServedForm,
    WithdrawalForm,
)
from support.models import Decision, PublicOrderDisqualification, Reconsideration
from support.rules.nrm_status import latest_referral
from support.services.decisions import decision_record, decision_update_served
from support.services.disqualifications import disqualification_reconsideration, disqualification_record
from support.services.reconsiderations import reconsideration_conclude, reconsideration_request
from support.services.referrals import referral_record
from support.services.withdrawals import withdrawal_record


def _latest_referral(case):
    referral = latest_referral(case)
    if referral is None:
        raise Http404("No referral recorded")
    return referral


def _decision(decision_id):
    return lambda case: get_object_or_404(Decision, pk=decision_id, referral__case=case)


@require_http_methods(["GET", "POST"])
def referral_new(request, reference):
    def save(case, _target, data):
        referral_record(actor=request.user, case=case, request=request, **data)
        return "Referral recorded."

    return record_on_case(
        request,
        reference,
        form=lambda case: ReferralForm(posted(request), case=case, possibly_child=is_possibly_child(case)),
        title="Record an NRM referral or Duty to Notify report",
        save=save,
        intro="An adult must have consented to an NRM referral (record it in the consent ledger "
        "first). An adult who declines can be reported anonymously under the Duty to Notify.",
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def decision_new(request, reference):
    def save(case, referral, data):
        decision_record(actor=request.user, referral=referral, request=request, **data)
        return "Decision recorded."

    return record_on_case(
        request,
        reference,
        form=DecisionForm(posted(request)),
        title="Record a decision",
        target=_latest_referral,
        save=save,
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def decision_served(request, reference, decision_id):
    def save(case, decision, data, version, _reason):
        decision_update_served(
            actor=request.user, decision=decision, version=version, request=request, **data
        )
        return "Date served recorded."

    return edit_on_case(
        request,
        reference,
        form_class=ServedForm,
        target=_decision(decision_id),
        initial=lambda decision: {"served_on": decision.served_on},
        save=save,
        title="Record when the decision was served",
        correction=False,
        button="Save",
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def reconsideration_new(request, reference, decision_id):
    def save(case, decision, data):
        reconsideration_request(actor=request.user, decision=decision, request=request, **data)
        return "Reconsideration request recorded."

    return record_on_case(
        request,
        reference,
        form=ReconsiderationRequestForm(posted(request)),
        title="Record a reconsideration request",
        target=_decision(decision_id),
        save=save,
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def reconsideration_outcome(request, reference, decision_id):
    def save(case, reconsideration, data, version, _reason):
        reconsideration_conclude(
            actor=request.user, reconsideration=reconsideration, version=version, request=request, **data
        )
        return "Outcome of the reconsideration recorded."

    return edit_on_case(
        request,
        reference,
        form_class=ReconsiderationOutcomeForm,
        target=lambda case: get_object_or_404(
            Reconsideration, decision_id=decision_id, decision__referral__case=case
        ),
        initial=lambda reconsideration: {},
        save=save,
        title="Record the outcome of the reconsideration",
        correction=False,
        button="Save",
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def disqualification_new(request, reference):
    def save(case, referral, data):
        disqualification_record(actor=request.user, referral=referral, request=request, **data)
        return "Public order disqualification recorded."

    return record_on_case(
        request,
        reference,
        form=DisqualificationForm(posted(request)),
        title="Record a public order disqualification",
        target=_latest_referral,
        save=save,
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def disqualification_reconsider(request, reference):
    def save(case, disqualification, data, version, _reason):
        disqualification_reconsideration(
            actor=request.user, disqualification=disqualification, version=version, request=request, **data
        )
        return "Reconsideration of the disqualification recorded."

    return edit_on_case(
        request,
        reference,
        form_class=DisqualificationReconsiderationForm,
        target=lambda case: get_object_or_404(PublicOrderDisqualification, referral=_latest_referral(case)),
        initial=lambda d: {
            "reconsideration_requested_on": d.reconsideration_requested_on,
            "reconsideration_outcome": d.reconsideration_outcome or "pending",
            "reconsideration_outcome_on": d.reconsideration_outcome_on,
        },
        save=save,
        title="Record a reconsideration of the disqualification",
        correction=False,
        button="Save",
        back_to="case_nrm",
    )


@require_http_methods(["GET", "POST"])
def withdrawal_new(request, reference):
    def save(case, referral, data):
        withdrawal_record(actor=request.user, referral=referral, request=request, **data)
        return "Withdrawal recorded."

    return record_on_case(
        request,
        reference,
        form=WithdrawalForm(posted(request)),
        title="Record a withdrawal from the NRM",
        target=_latest_referral,
        save=save,
        back_to="case_nrm",
    )
