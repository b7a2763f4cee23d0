"""What the NRM and support records add to the case file: panels, work items, data
areas (export and erasure together), demo data, key rotation and words."""

from casework import hooks
from casework.documents_demo import seed_documents
from casework.models.audit import register_actions
from casework.ui import labels
from casework.ui.dates import long_date
from support.demo.children import seed_children
from support.demo.dependants import seed_dependants
from support.demo.entitlements import seed_entitlements
from support.demo.nrm import seed_nrm
from support.demo.outcomes import seed_outcomes
from support.demo.plans import seed_plans
from support.demo.risk import seed_risk
from support.demo.support_periods import seed_support
from support.overview import support_overview_context
from support.panels import children_panel_context, nrm_panel_context, support_panel_context
from support.selectors import dependants, entitlements_received, outcomes
from support.selectors.export import children_export_section, nrm_export_section, support_export_section
from support.selectors.plan_work import plan_work_items
from support.selectors.plans import PLAN, plan_events, plan_export_section
from support.selectors.risk import (
    RISK_LEVEL_COLUMN,
    RISK_LEVEL_FILTER,
    RISK_TIMELINE,
    risk_export_section,
    risk_overview_context,
    risk_page_context,
)
from support.selectors.risk_work import risk_work_items
from support.selectors.stage import NRM_STAGE_FILTER
from support.selectors.timeline import SOURCES as timeline_sources
from support.selectors.work import work_items
from support.services.children import children_erase_personal_data
from support.services.dependants import dependants_erase_personal_data
from support.services.entitlements_received import entitlements_erase_personal_data
from support.services.outcomes import outcomes_erase_personal_data
from support.services.plans import action_changed, plan_erase_personal_data
from support.services.referrals import nrm_erase_personal_data, referral_blind_indexes_refresh
from support.services.risk import risk_erase_personal_data
from support.services.support_periods import support_erase_personal_data
from support.views.plans import plan_overview_context, plan_panel_context
from support.vocabularies import DecisionKind, PlanAuditAction, ReferralKind, SupportAuditAction

hooks.register(
    hooks.AppHooks(
        app="support",
        areas=[
            hooks.CaseArea(order=50, slug="nrm", title="NRM"),
            hooks.CaseArea(order=60, slug="support", title="Support"),
            hooks.CaseArea(order=64, slug="risk", title="Risk"),
            hooks.CaseArea(order=62, slug="plan", title="Plan"),
        ],
        panels=[
            hooks.CasePanel(
                order=10,
                template="support/_overview.html",
                context=support_overview_context,
                area=hooks.OVERVIEW,
            ),
            hooks.CasePanel(
                order=10, template="support/_nrm_panel.html", context=nrm_panel_context, area="nrm"
            ),
            hooks.CasePanel(
                order=15, template="support/_children_panel.html", context=children_panel_context, area="nrm"
            ),
            hooks.CasePanel(
                order=20,
                template="support/_support_panel.html",
                context=support_panel_context,
                area="support",
            ),
            # Outcomes and entitlements received follow the plan on its page.
            hooks.CasePanel(
                order=50,
                template="support/outcomes_panel.html",
                context=outcomes.outcome_ratings_panel_context,
                area="plan",
            ),
            hooks.CasePanel(
                order=60,
                template="support/entitlements_panel.html",
                context=entitlements_received.entitlements_panel_context,
                area="plan",
            ),
            hooks.CasePanel(
                order=20,
                template="support/dependants_overview.html",
                context=dependants.dependants_overview_context,
                area=hooks.OVERVIEW,
            ),
            hooks.CasePanel(
                order=10, template="support/_risk_panel.html", context=risk_page_context, area="risk"
            ),
            hooks.CasePanel(
                order=15,
                template="support/_risk_overview.html",
                context=risk_overview_context,
                area=hooks.OVERVIEW,
            ),
            hooks.CasePanel(
                order=12,
                template="support/plan_overview.html",
                context=plan_overview_context,
                area=hooks.OVERVIEW,
            ),
            # The plan itself; the outcomes and entitlements panels follow it (orders 50 and up).
            hooks.CasePanel(
                order=10, template="support/plan_panel.html", context=plan_panel_context, area="plan"
            ),
        ],
        work_sources=[work_items, risk_work_items, plan_work_items],
        case_list_filters=[NRM_STAGE_FILTER, RISK_LEVEL_FILTER],
        case_list_columns=[RISK_LEVEL_COLUMN],
        data_areas=[
            hooks.DataArea(
                order=20,
                title="National Referral Mechanism",
                export=nrm_export_section,
                erase=nrm_erase_personal_data,
            ),
            hooks.DataArea(
                order=25,
                title="Child: guardian, age dispute and local authority",
                export=children_export_section,
                erase=children_erase_personal_data,
            ),
            hooks.DataArea(
                order=30,
                title="Support",
                export=support_export_section,
                erase=support_erase_personal_data,
            ),
            hooks.DataArea(
                order=32,
                title="Outcome ratings",
                export=outcomes.outcomes_export_section,
                erase=outcomes_erase_personal_data,
            ),
            hooks.DataArea(
                order=33,
                title="Dependants",
                export=dependants.dependants_export_section,
                erase=dependants_erase_personal_data,
            ),
            hooks.DataArea(
                order=34,
                title="Entitlements received and refused",
                export=entitlements_received.entitlements_export_section,
                erase=entitlements_erase_personal_data,
            ),
            hooks.DataArea(
                order=35, title="Risk and safety", export=risk_export_section, erase=risk_erase_personal_data
            ),
            hooks.DataArea(
                order=33,
                title="Needs and support plan",
                export=plan_export_section,
                erase=plan_erase_personal_data,
            ),
        ],
        audit_actions=SupportAuditAction,
        demo_seeders=[
            seed_nrm,
            seed_support,
            seed_children,
            seed_outcomes,
            seed_dependants,
            seed_entitlements,
            seed_risk,
            seed_plans,
            seed_documents,  # casework's: it attaches letters to the decisions seed_nrm makes
        ],
        blind_index_refreshers=[referral_blind_indexes_refresh],
        timeline_sources=[
            *timeline_sources,
            outcomes.TIMELINE,
            dependants.TIMELINE,
            entitlements_received.TIMELINE,
            RISK_TIMELINE,
            hooks.TimelineSource(kinds=[(PLAN, "Support plan")], events=plan_events),
        ],
    )
)
# The plan's audit actions (AppHooks takes one vocabulary per app).
register_actions(PlanAuditAction)
labels.register(DecisionKind.choices)
labels.register(
    {  # the pages of a case (casework/ui/labels.py PAGES)
        "case_nrm": "NRM page",
        "case_support": "Support page",
        "nrm_referral_new": "Record an NRM referral page",
        "nrm_referral_change": "Change an NRM referral page",
        "nrm_referral_delete": "Delete an NRM referral page",
        "nrm_decision_new": "Record an NRM decision page",
        "nrm_decision_served": "Record when a decision was served page",
        "nrm_decision_change": "Change an NRM decision page",
        "nrm_decision_delete": "Delete an NRM decision page",
        "nrm_reconsideration_new": "Record a reconsideration request page",
        "nrm_reconsideration_outcome": "Record a reconsideration's outcome page",
        "nrm_reconsideration_change": "Change a reconsideration page",
        "nrm_reconsideration_delete": "Delete a reconsideration page",
        "nrm_disqualification_new": "Record a public order disqualification page",
        "nrm_disqualification_change": "Change a public order disqualification page",
        "nrm_disqualification_reconsider": "Record a reconsideration of a disqualification page",
        "nrm_disqualification_delete": "Delete a public order disqualification page",
        "nrm_withdrawal_new": "Record an NRM withdrawal page",
        "nrm_withdrawal_change": "Change an NRM withdrawal page",
        "nrm_withdrawal_delete": "Delete an NRM withdrawal page",
        "child_guardian_new": "Record a guardian referral page",
        "child_guardian_change": "Change a guardian referral page",
        "child_guardian_delete": "Delete a guardian referral page",
        "age_dispute_new": "Record an age dispute page",
        "age_dispute_change": "Change an age dispute page",
        "age_dispute_delete": "Delete an age dispute page",
        "local_authority_lead_new": "Record the local authority lead page",
        "local_authority_lead_change": "Change the local authority lead page",
        "local_authority_lead_delete": "Delete the local authority lead page",
        "support_period_new": "Record a support period page",
        "support_period_end": "End a support period page",
        "support_period_change": "Change a support period page",
        "support_period_delete": "Delete a support period page",
        "needs_assessment_new": "Draft a Recovery Needs Assessment page",
        "needs_assessment_share": "Record sharing a Recovery Needs Assessment page",
        "needs_assessment_submit": "Record submitting a Recovery Needs Assessment page",
        "needs_assessment_decide": "Record the decision on a Recovery Needs Assessment page",
        "needs_assessment_change": "Change a Recovery Needs Assessment page",
        "needs_assessment_delete": "Delete a Recovery Needs Assessment page",
        "permission_to_stay_new": "Record temporary permission to stay page",
        "permission_to_stay_change": "Change temporary permission to stay page",
        "permission_to_stay_delete": "Delete temporary permission to stay page",
        "case_risk": "Risk page",
        "risk_assessment_new": "Record a risk assessment page",
        "risk_assessment_change": "Correct a risk assessment page",
        "risk_assessment_delete": "Delete a risk assessment page",
        # The support plan.
        "case_plan": "Plan page",
        "plan_need_new": "Add a need to the plan page",
        "plan_need_change": "Change a need of the plan page",
        "plan_need_delete": "Delete a need of the plan page",
        "plan_goal_new": "Add a goal to the plan page",
        "plan_goal_change": "Change a goal of the plan page",
        "plan_goal_delete": "Delete a goal of the plan page",
        "plan_action_new": "Add an action to the plan page",
        "plan_review_new": "Record a review of the plan page",
        "plan_agree": "Record the survivor's agreement to the plan page",
    }
)
labels.register(ReferralKind.choices)
labels.register(
    {
        "support_period": "Support period",
        "recovery_needs_assessment": "Recovery Needs Assessment",
        "permission_to_stay": "Temporary permission to stay",
        "submitted_on": "Date submitted",
        "first_responder": "First Responder Organisation",
        "first_responder_other": "Other First Responder Organisation",
        "nrm_reference": "NRM reference",
        "age_at_referral": "Age at referral",
        "competent_authority": "Competent authority",
        "child_panel_area": "Pilot local authority",
        "child_guardian": "Child trafficking guardian",
        "age_dispute": "Age dispute",
        "local_authority_lead": "Local authority lead",
        "referred_on": "Referred",
        "service": "Service",
        "area": "Area",
        "raised_on": "Raised",
        "assessed_on": "Age assessed",
        "authority": "Local authority",
        "social_worker": "Social worker",
        "since": "Since",
        "nation": "UK nation",
        "provider": "Provider",
        "from": "From",
        "to": "To",
        "planned_end": "Planned end",
        "due": "Due",
        "submitted": "Submitted",
        "risk_assessment": "Risk assessment",
        "date_assessed": "Date assessed",
        "overall_level": "Overall risk level",
        "next_review_on": "Next review by",
        "safety_plan": "Safety plan",
        "level": "Level",
        "evidence": "Evidence",
    }
)


def register_record_kinds():
    """What each correctable record is called, and its fields' labels (the forms' own)."""
    from casework.services.record_kinds import register_kind
    from support import models
    from support.forms import children, needs_assessments, nrm, plans, support_periods

    kinds = [
        ("referral", "NRM referral", models.Referral, nrm.ReferralForm),
        ("decision", "NRM decision", models.Decision, nrm.DecisionForm),
        ("reconsideration", "Reconsideration", models.Reconsideration, nrm.ReconsiderationChangeForm),
        (
            "disqualification",
            "Public order disqualification",
            models.PublicOrderDisqualification,
            nrm.DisqualificationForm,
        ),
        ("withdrawal", "Withdrawal from the NRM", models.Withdrawal, nrm.WithdrawalForm),
        ("support_period", "Period of support", models.SupportPeriod, support_periods.SupportPeriodForm),
        (
            "needs_assessment",
            "Recovery Needs Assessment",
            models.RecoveryNeedsAssessment,
            needs_assessments.NeedsAssessmentForm,
        ),
        (
            "permission_to_stay",
            "Permission to stay",
            models.PermissionToStay,
            support_periods.PermissionToStayForm,
        ),
    ]
    kinds += [
        ("child_guardian", "Child trafficking guardian", models.ChildGuardian, children.ChildGuardianForm),
        ("age_dispute", "Age dispute", models.AgeDispute, children.AgeDisputeForm),
        (
            "local_authority_lead",
            "Local authority lead",
            models.LocalAuthorityLead,
            children.LocalAuthorityLeadForm,
        ),
    ]
    from support.forms.risk import RiskAssessmentForm
    from support.services.risk import level_field
    from support.vocabularies import RiskArea, RiskLevel

    register_kind(
        "risk_assessment",
        title="Risk assessment",
        models=(models.RiskAssessment,),
        form_class=RiskAssessmentForm,
        choices={level_field(area): dict(RiskLevel.choices) for area in RiskArea},
        task_subject_case="case",
        task_subject_name=lambda r: f"Risk assessment of {long_date(r.assessed_on)}",
    )
    # The support plan: its needs and goals change and are deleted through versioning; an action
    # is a task about a goal, named by its number (its words are encrypted).
    register_kind("plan_need", title="Support plan need", models=(models.Need,), form_class=plans.NeedForm)
    register_kind(
        "plan_goal",
        title="Support plan goal",
        models=(models.Goal,),
        form_class=plans.GoalForm,
        task_subject_case="plan__case",
        task_subject_name=lambda goal: f"Support plan goal {goal.number}",
        on_task_change=action_changed,  # an action changed: a new version of the plan
    )
    for key, title, model, form_class in kinds:
        # Any of them can be what a task is about ("chase the CG decision"), named by dates
        # and vocabularies only.
        case_lookup, name = TASK_SUBJECTS[key]
        register_kind(
            key,
            title=title,
            models=(model,),
            form_class=form_class,
            task_subject_case=case_lookup,
            task_subject_name=name,
            document_subject=key == "decision",  # the Home Office's RG or CG decision letter
        )


def _decision_name(decision) -> str:
    # "Positive RG decision of 4 March 2026": the kind's short name (its code, in capitals).
    decided = long_date(decision.decided_on)
    return f"{decision.get_outcome_display()} {decision.kind.upper()} decision of {decided}"


# A task's subject: the lookup to the record's case, and its name (support/models' columns).
TASK_SUBJECTS = {
    "referral": ("case", lambda r: f"{r.get_kind_display()} submitted {long_date(r.submitted_on)}"),
    "decision": ("referral__case", _decision_name),
    "reconsideration": (
        "decision__referral__case",
        lambda r: f"Reconsideration requested {long_date(r.requested_on)}",
    ),
    "disqualification": (
        "referral__case",
        lambda r: f"Public order disqualification of {long_date(r.decided_on)}",
    ),
    "withdrawal": ("referral__case", lambda r: f"Withdrawal from the NRM on {long_date(r.withdrawn_on)}"),
    "support_period": ("case", lambda r: f"{r.get_kind_display()} from {long_date(r.start_on)}"),
    "needs_assessment": ("case", lambda r: f"Recovery Needs Assessment due {long_date(r.due_on)}"),
    "permission_to_stay": (
        "case",
        lambda r: f"Permission to stay considered from {long_date(r.considered_from)}",
    ),
    "child_guardian": ("case", lambda r: f"Guardian referral of {long_date(r.referred_on)}"),
    "age_dispute": ("case", lambda r: f"Age dispute raised {long_date(r.raised_on)}"),
    "local_authority_lead": ("case", lambda r: f"Local authority lead since {long_date(r.since)}"),
}


register_record_kinds()


def register_outcome_kinds():
    """Outcome ratings, dependants and entitlements received: correctable, and what a task can be
    about ("chase the GP registration"), named by vocabularies and dates only."""
    from casework.services.record_kinds import register_kind
    from support import models
    from support.forms.dependants import DependantForm
    from support.forms.entitlements_received import EntitlementReceivedForm
    from support.forms.outcomes import OutcomeRatingForm

    kinds = [
        (
            "outcome_rating",
            "Outcome rating",
            models.OutcomeRating,
            OutcomeRatingForm,
            lambda r: f"{r.get_outcome_display()} rating of {long_date(r.rated_on)}",
        ),
        (
            "dependant",
            "Dependant",
            models.Dependant,
            DependantForm,
            lambda d: f"Dependant ({d.get_relationship_display().lower()})",
        ),
        (
            "entitlement_received",
            "Entitlement received or refused",
            models.EntitlementReceived,
            EntitlementReceivedForm,
            lambda e: f"{e.get_kind_display()} {e.get_result_display().lower()} {long_date(e.start_on)}",
        ),
    ]
    for key, title, model, form_class, name in kinds:
        register_kind(
            key,
            title=title,
            models=(model,),
            form_class=form_class,
            task_subject_case="case",
            task_subject_name=name,
        )


register_outcome_kinds()
labels.register(
    {  # outcome ratings, dependants and entitlements received: pages, records and fields
        "outcome_ratings_new": "Record outcome ratings page",
        "outcome_rating_change": "Change an outcome rating page",
        "outcome_rating_delete": "Delete an outcome rating page",
        "dependant_new": "Add a dependant page",
        "dependant_change": "Change a dependant page",
        "dependant_delete": "Delete a dependant page",
        "entitlement_received_new": "Record an entitlement page",
        "entitlement_received_change": "Change an entitlement page",
        "entitlement_received_delete": "Delete an entitlement page",
        "outcome_rating": "Outcome rating",
        "dependant": "Dependant",
        "entitlement_received": "Entitlement received or refused",
        "rated_on": "Rated",
        "occasion": "When",
        "score": "Rating",
        "words": "In their own words",
        "whereabouts": "Where they are",
        "risks_and_needs": "Risks and needs",
        "relationship": "Relationship",
        "refusal_reason": "Why it was refused",
        "result": "Received or refused",
    }
)
