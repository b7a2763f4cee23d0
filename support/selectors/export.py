"""The NRM and support records of a case, for the subject access export."""

from support.rules.children import pilot_area_name


def nrm_export_section(case):
    """Everything the NRM records hold, for the subject access export."""
    records = []
    for referral in case.referrals.prefetch_related("decisions__reconsideration"):
        records.append(
            {
                "record": referral.get_kind_display(),
                "submitted_on": referral.submitted_on,
                "first_responder": referral.get_first_responder_display(),
                "first_responder_other": referral.first_responder_other,
                "nrm_reference": referral.nrm_reference,
                "age_at_referral": referral.get_age_at_referral_display(),
                "age_at_exploitation": referral.get_age_at_exploitation_display(),
                "competent_authority": referral.get_competent_authority_display(),
                "child_panel_area": pilot_area_name(referral.child_panel_area),
                "nation": referral.get_nation_display(),
            }
        )
        for decision in referral.decisions.all():
            reconsideration = getattr(decision, "reconsideration", None)
            records.append(
                {
                    "record": f"{decision.get_outcome_display()} {decision.get_kind_display()} decision",
                    "decided_on": decision.decided_on,
                    "served_on": decision.served_on,
                    "notes": decision.notes,
                    "reconsideration_requested_on": reconsideration.requested_on if reconsideration else None,
                    "reconsideration_outcome": reconsideration.get_outcome_display()
                    if reconsideration
                    else None,
                }
            )
        disqualification = getattr(referral, "disqualification", None)
        if disqualification is not None:
            records.append(
                {
                    "record": "Public order disqualification",
                    "decided_on": disqualification.decided_on,
                    "ground": disqualification.get_ground_display() if disqualification.ground else None,
                    "notes": disqualification.notes,
                    "reconsideration_requested_on": disqualification.reconsideration_requested_on,
                    "reconsideration_outcome": disqualification.get_reconsideration_outcome_display() or None,
                    "reconsideration_outcome_on": disqualification.reconsideration_outcome_on,
                }
            )
        withdrawal = getattr(referral, "withdrawal", None)
        if withdrawal is not None:
            records.append(
                {"record": "Withdrawal", "withdrawn_on": withdrawal.withdrawn_on, "notes": withdrawal.notes}
            )
    return records


def support_export_section(case):
    """Support received, assessments and permission to stay, for the subject access export."""
    records = [
        {
            "record": f"Support: {period.get_kind_display()}",
            "provider": period.provider_name or period.get_provider_display(),
            "from": period.start_on,
            "to": period.end_on,
            "planned_end": period.planned_end_on,
            "end_reason": period.get_end_reason_display() if period.end_reason else "",
            "notes": period.notes,
        }
        for period in case.support_periods.all()
    ]
    records += [
        {
            "record": "Recovery Needs Assessment",
            "due": a.due_on,
            "status": a.get_status_display(),
            "needs_and_recommendations": a.needs,
            "shared_with_the_survivor": a.shared_on,
            "survivor_comments": a.survivor_comments,
            "submitted": a.submitted_on,
            "decided": a.decided_on,
            "outcome": a.get_outcome_display(),
            "services_agreed": a.services_agreed,
            "support_agreed_until": a.support_until,
            "reasons": a.reasons,
            "next_review": a.next_review_on,
        }
        for a in case.needs_assessments.all()
    ]
    records += [
        {
            "record": "Temporary permission to stay",
            "decision": p.get_decision_display(),
            "decided": p.decided_on,
            "expires": p.expires_on,
            "notes": p.notes,
        }
        for p in case.permissions_to_stay.all()
    ]
    return records


def children_export_section(case):
    """A child's guardian, age disputes and local authority lead, for the subject access export."""
    records = [
        {
            "record": "Child trafficking guardian",
            "referred_on": g.referred_on,
            "service": g.get_service_display(),
            "area": g.area,
        }
        for g in case.child_guardians.all()
    ]
    records += [
        {
            "record": "Age dispute",
            "raised_on": d.raised_on,
            "outcome": d.get_outcome_display(),
            "assessed_on": d.assessed_on,
        }
        for d in case.age_disputes.all()
    ]
    records += [
        {
            "record": "Local authority lead",
            "authority": lead.authority,
            "social_worker": lead.social_worker,
            "since": lead.since,
        }
        for lead in case.local_authority_leads.all()
    ]
    return records
