"""Correcting what was recorded: "Change" (with a reason, the earlier values kept in the
record's history) and "Delete" (a record made in error) for every NRM and support record.
Each page is on a case the user may see; the services keep the rules of recording."""

from casework.selectors.cases import is_possibly_child
from casework.ui.dates import long_date
from casework.views.corrections import change_view, delete_view, find_on_case
from support.forms.needs_assessments import NeedsAssessmentForm
from support.forms.nrm import (
    DecisionChangeForm,
    DisqualificationChangeForm,
    ReconsiderationChangeForm,
    ReferralChangeForm,
    WithdrawalForm,
)
from support.forms.support_periods import PermissionToStayForm, SupportPeriodForm
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
from support.services import needs_assessments, support_periods
from support.services.decisions import decision_change, decision_delete
from support.services.disqualifications import disqualification_change
from support.services.reconsiderations import reconsideration_change, reconsideration_delete
from support.services.referrals import referral_change, referral_delete, referral_record_delete
from support.services.withdrawals import withdrawal_change


def _long(day):
    return long_date(day) if day else "no date"


find_referral = find_on_case(Referral, "case")
find_decision = find_on_case(Decision, "referral__case")
find_reconsideration = find_on_case(Reconsideration, "decision__referral__case")
find_disqualification = find_on_case(PublicOrderDisqualification, "referral__case")
find_withdrawal = find_on_case(Withdrawal, "referral__case")
find_period = find_on_case(SupportPeriod, "case")
find_assessment = find_on_case(RecoveryNeedsAssessment, "case")
find_permission = find_on_case(PermissionToStay, "case")

referral_change = change_view(
    form_class=ReferralChangeForm,
    find=find_referral,
    service=referral_change,
    arg="referral",
    title="Correct the referral",
    form_kwargs=lambda case, _referral: {"case": case, "possibly_child": is_possibly_child(case)},
    back_to="case_nrm",
)
referral_delete = delete_view(
    find=find_referral,
    service=referral_delete,
    arg="referral",
    title="Delete the referral",
    describe=lambda r: f"{r.get_kind_display()} submitted on {_long(r.submitted_on)}.",
    back_to="case_nrm",
)
decision_change = change_view(
    form_class=DecisionChangeForm,
    find=find_decision,
    service=decision_change,
    arg="decision",
    title="Correct the decision",
    form_kwargs=lambda case, decision: {"kind": decision.kind},
    page_title=lambda decision: f"Correct the {decision.get_kind_display()} decision",
    back_to="case_nrm",
)
decision_delete = delete_view(
    find=find_decision,
    service=decision_delete,
    arg="decision",
    title="Delete the decision",
    describe=lambda d: f"{d.get_outcome_display()} {d.get_kind_display()} decision of {_long(d.decided_on)}.",
    back_to="case_nrm",
)
reconsideration_change = change_view(
    form_class=ReconsiderationChangeForm,
    find=find_reconsideration,
    service=reconsideration_change,
    arg="reconsideration",
    title="Correct the reconsideration",
    back_to="case_nrm",
)
reconsideration_delete = delete_view(
    find=find_reconsideration,
    service=reconsideration_delete,
    arg="reconsideration",
    title="Delete the reconsideration",
    describe=lambda r: f"Reconsideration requested on {_long(r.requested_on)}.",
    back_to="case_nrm",
)
disqualification_change = change_view(
    form_class=DisqualificationChangeForm,
    find=find_disqualification,
    service=disqualification_change,
    arg="disqualification",
    title="Correct the public order disqualification",
    back_to="case_nrm",
)
disqualification_delete = delete_view(
    find=find_disqualification,
    service=referral_record_delete,
    arg="record",
    kind="disqualification",
    title="Delete the public order disqualification",
    describe=lambda d: f"Public order disqualification of {_long(d.decided_on)}.",
    back_to="case_nrm",
)
withdrawal_change = change_view(
    form_class=WithdrawalForm,
    find=find_withdrawal,
    service=withdrawal_change,
    arg="withdrawal",
    title="Correct the withdrawal",
    back_to="case_nrm",
)
withdrawal_delete = delete_view(
    find=find_withdrawal,
    service=referral_record_delete,
    arg="record",
    kind="withdrawal",
    title="Delete the withdrawal",
    describe=lambda w: f"Withdrawal from the NRM on {_long(w.withdrawn_on)}.",
    back_to="case_nrm",
)
support_period_change = change_view(
    form_class=SupportPeriodForm,
    find=find_period,
    service=support_periods.support_period_change,
    arg="period",
    title="Correct the period of support",
    back_to="case_support",
)
support_period_delete = delete_view(
    find=find_period,
    service=support_periods.support_record_delete,
    arg="record",
    kind="support_period",
    title="Delete the period of support",
    describe=lambda p: f"{p.get_kind_display()} from {_long(p.start_on)}.",
    back_to="case_support",
)
needs_assessment_change = change_view(
    form_class=NeedsAssessmentForm,
    find=find_assessment,
    service=needs_assessments.needs_assessment_change,
    arg="assessment",
    title="Correct the Recovery Needs Assessment",
    back_to="case_support",
)
needs_assessment_delete = delete_view(
    find=find_assessment,
    service=support_periods.support_record_delete,
    arg="record",
    kind="needs_assessment",
    title="Delete the Recovery Needs Assessment",
    describe=lambda a: f"Recovery Needs Assessment due {_long(a.due_on)}.",
    back_to="case_support",
)
permission_to_stay_change = change_view(
    form_class=PermissionToStayForm,
    find=find_permission,
    service=support_periods.permission_to_stay_change,
    arg="permission",
    title="Correct the permission to stay",
    back_to="case_support",
)
permission_to_stay_delete = delete_view(
    find=find_permission,
    service=support_periods.support_record_delete,
    arg="record",
    kind="permission_to_stay",
    title="Delete the permission to stay",
    describe=lambda p: f"Permission to stay considered from {_long(p.considered_from)}.",
    back_to="case_support",
)
