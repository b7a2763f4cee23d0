from django.db import models


class SupportAuditAction(models.TextChoices):
    """What the audit trail says of the NRM and support records (registered in support/hooks.py)."""

    NRM_REFERRAL_RECORDED = "nrm.referral_recorded", "Recorded NRM referral"
    NRM_DECISION_RECORDED = "nrm.decision_recorded", "Recorded NRM decision"
    NRM_RECONSIDERATION_RECORDED = "nrm.reconsideration_recorded", "Recorded reconsideration"
    NRM_DISQUALIFICATION_RECORDED = "nrm.disqualification_recorded", "Recorded public order disqualification"
    NRM_DISQUALIFICATION_RECONSIDERED = (
        "nrm.disqualification_reconsidered",
        "Recorded reconsideration of a public order disqualification",
    )
    NRM_WITHDRAWAL_RECORDED = "nrm.withdrawal_recorded", "Recorded NRM withdrawal"
    SUPPORT_RECORDED = "support.recorded", "Recorded support"
    CHILD_GUARDIAN_RECORDED = "children.guardian_recorded", "Recorded Independent Child Trafficking Guardian"
    AGE_DISPUTE_RECORDED = "children.age_dispute_recorded", "Recorded age dispute"
    LOCAL_AUTHORITY_LEAD_RECORDED = "children.local_authority_lead_recorded", "Recorded local authority lead"
    # Outcomes, dependants and entitlements received (issue 19).
    OUTCOME_RATINGS_RECORDED = "outcomes.ratings_recorded", "Recorded outcome ratings"
    DEPENDANT_RECORDED = "dependants.recorded", "Recorded a dependant"
    ENTITLEMENT_RECORDED = "entitlements.recorded", "Recorded an entitlement received or refused"
    # Risk and safety (support/services/risk.py).
    RISK_ASSESSMENT_RECORDED = "risk.assessment_recorded", "Recorded risk assessment"
    RISK_REVIEW_POLICY_SET = "risk.review_policy_set", "Changed the team's risk review periods"


class ReferralKind(models.TextChoices):
    NRM = "nrm", "NRM referral"
    DUTY_TO_NOTIFY = "dtn", "Duty to Notify report (anonymous, adult who did not consent)"


class FirstResponder(models.TextChoices):
    """First Responder Organisations: the bodies authorised to refer a potential victim to the
    NRM (docs/domain.md, NRM referral and decisions)."""

    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HSC_TRUST = "hsc_trust", "Health and Social Care Trust (Northern Ireland)"
    UKVI = "ukvi", "UK Visas and Immigration"
    BORDER_FORCE = "border_force", "Border Force"
    IMMIGRATION_ENFORCEMENT = "immigration_enforcement", "Immigration Enforcement"
    NCA = "nca", "National Crime Agency"
    GLAA = "glaa", "Gangmasters and Labour Abuse Authority"
    SALVATION_ARMY = "salvation_army", "The Salvation Army"
    MIGRANT_HELP = "migrant_help", "Migrant Help"
    MEDAILLE_TRUST = "medaille_trust", "Medaille Trust"
    KALAYAAN = "kalayaan", "Kalayaan"
    BARNARDOS = "barnardos", "Barnardo's"
    UNSEEN = "unseen", "Unseen"
    NSPCC = "nspcc", "NSPCC (CTAC)"
    BAWSO = "bawso", "BAWSO"
    NEW_PATHWAYS = "new_pathways", "New Pathways"
    REFUGEE_COUNCIL = "refugee_council", "Refugee Council"
    TARA = "tara", "TARA (Scotland)"
    OTHER = "other", "Other"


class CompetentAuthority(models.TextChoices):
    SCA = "sca", "Single Competent Authority (SCA)"
    IECA = "ieca", "Immigration Enforcement Competent Authority (IECA)"
    # Children only, in the local authorities of the pilot (support/rules/children.py).
    CHILD_PANEL = "dcdm", "Devolved child decision-making panel (local authority pilot, children only)"


class AgeGroup(models.TextChoices):
    ADULT = "adult", "Adult"
    CHILD = "child", "Child (under 18, or may be under 18)"


class ExploitationAge(models.TextChoices):
    """Age when the exploitation happened, as the Home Office NRM statistics count it."""

    ADULT = "adult", "Adult"
    CHILD = "child", "Child (under 18)"
    NOT_SPECIFIED = "not_specified", "Not specified"


class GuardianService(models.TextChoices):
    """Who provides the child's guardian (docs/domain.md, Children)."""

    ICTG = "ictg", "Independent Child Trafficking Guardian service (England and Wales)"
    SCOTTISH_GUARDIANSHIP = "scottish_guardianship", "Scottish Guardianship Service (Scotland)"
    NI_INDEPENDENT_GUARDIAN = "ni_independent_guardian", "Independent Guardian Service (Northern Ireland)"


class AgeDisputeOutcome(models.TextChoices):
    PENDING = "pending", "Waiting for the age assessment"
    CHILD = "child", "Assessed as a child (under 18)"
    ADULT = "adult", "Assessed as an adult"


class DecisionKind(models.TextChoices):
    RG = "rg", "Reasonable Grounds (RG)"
    CG = "cg", "Conclusive Grounds (CG)"


class Outcome(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class ReconsiderationOutcome(models.TextChoices):
    PENDING = "pending", "Waiting for the outcome"
    OVERTURNED = "overturned", "Decision changed to positive"
    UPHELD = "upheld", "Negative decision upheld"


class DisqualificationReconsiderationOutcome(models.TextChoices):
    """A reconsideration of a public order disqualification: the same codes as a decision's
    reconsideration (ReconsiderationOutcome), in the words of a disqualification."""

    PENDING = "pending", "Waiting for the outcome"
    OVERTURNED = "overturned", "Disqualification withdrawn"
    UPHELD = "upheld", "Disqualification upheld"


class DisqualificationGround(models.TextChoices):
    """Nationality and Borders Act 2022 s63(1): the two grounds for disqualification."""

    PUBLIC_ORDER = "public_order", "Threat to public order"
    BAD_FAITH = "bad_faith", "Claimed to be a victim in bad faith"


class NrmStatus(models.TextChoices):
    """Where a case stands in the NRM (docs/domain.md, NRM referral and decisions). Derived from
    the records by support/rules/nrm_status.py, never stored."""

    NONE = "none", "No referral recorded"
    DTN_ONLY = "dtn_only", "Duty to Notify report only"
    RG_PENDING = "rg_pending", "Waiting for the RG decision"
    RG_POSITIVE = "rg_positive", "Positive RG: recovery period"
    RG_NEGATIVE = "rg_negative", "Negative RG decision"
    RECONSIDERATION = "reconsideration", "Reconsideration requested"
    CG_PENDING = "cg_pending", "Waiting for the CG decision"
    CG_POSITIVE = "cg_positive", "Positive CG: confirmed victim"
    CG_NEGATIVE = "cg_negative", "Negative CG decision"
    DISQUALIFIED = "disqualified", "Public order disqualification: CG decision awaited"
    WITHDRAWN = "withdrawn", "Withdrawn from the NRM"


class SupportProvider(models.TextChoices):
    VICTIM_CARE_CONTRACT = "vcc", "Victim care contract provider (The Salvation Army)"
    VCC_SUBCONTRACTOR = "vcc_subcontractor", "Victim care contract subcontractor"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OWN_ORGANISATION = "own", "Our organisation"
    OTHER = "other", "Other (named)"


class SupportKind(models.TextChoices):
    ACCOMMODATION = "accommodation", "Accommodation"
    OUTREACH = "outreach", "Outreach support"
    SUBSISTENCE = "subsistence", "Subsistence payments"
    LEGAL_ADVICE = "legal_advice", "Legal advice"
    COUNSELLING = "counselling", "Counselling and therapy"
    HEALTHCARE = "healthcare", "Healthcare"
    EDUCATION_EMPLOYMENT = "education_employment", "Education and employment"
    MOVE_ON = "move_on", "Move-on support"
    REACH_IN = "reach_in", "Reach-in support"
    # England and Wales: up to 3 working days while the person decides on a referral; the one
    # kind of support that may start before the referral (docs/domain.md).
    PLACES_OF_SAFETY = "places_of_safety", "Places of Safety (before deciding on a referral)"


class SupportEndReason(models.TextChoices):
    PLANNED_END = "planned_end", "Planned end"
    # The survivor's own choice: the days without support that follow are theirs, not the
    # service failing (support/rules/twelve_months.py).
    SURVIVOR_ENDED = "survivor_left", "The survivor chose to end it"
    DECLINED = "declined", "The survivor declined it (offered, not taken up)"
    WITHDRAWN_AFTER_NEGATIVE = "withdrawn_after_negative", "Support withdrawn after a negative decision"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of the area"
    LOST_CONTACT = "lost_contact", "Lost contact"
    RE_TRAFFICKED = "re_trafficked", "Re-trafficked"
    OTHER = "other", "Other"


# Why a period of support ended, as a phrase after its end date on the case page ("12 Mar 2026:
# ended as planned"): the labels above read as form options ("Planned end" reads like a date).
END_REASON_WORDS = {
    SupportEndReason.PLANNED_END: "ended as planned",
    SupportEndReason.SURVIVOR_ENDED: "the survivor chose to end it",
    SupportEndReason.DECLINED: "offered, and the survivor declined it",
    SupportEndReason.WITHDRAWN_AFTER_NEGATIVE: "withdrawn after a negative decision",
    SupportEndReason.MOVED_OUT_OF_AREA: "moved out of the area",
    SupportEndReason.LOST_CONTACT: "lost contact",
    SupportEndReason.RE_TRAFFICKED: "re-trafficked",
    SupportEndReason.OTHER: "ended for another reason",
}


class SupportAnchor(models.TextChoices):
    """From when the 12 months of support are counted, chosen by the SUPPORT_ANCHOR setting
    (docs/domain.md, Support and the twelve months)."""

    CG_DECISION = "cg_decision", "The positive CG decision date"
    CG_SERVED = "cg_served", "The date the positive CG was served"
    RECOVERY_END = "recovery_end", "The end of the recovery period"


class SupportVerdict(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    SURVIVOR_CHOICE = "survivor_choice", "The survivor's choice"
    DISCRETION = "discretion", "No minimum (a discretion)"


class RnaOutcome(models.TextChoices):
    """The competent authority's decision on a Recovery Needs Assessment (docs/domain.md)."""

    PENDING = "pending", "Awaiting a decision"
    CONTINUED = "continued", "Continued support with the services agreed"
    MOVE_ON = "move_on", "Move-on: no further support from the Victim Care Contract"


class RnaStatus(models.TextChoices):
    """Where a Recovery Needs Assessment is, derived from its dates (never stored)."""

    DRAFT = "draft", "Draft"
    SHARED = "shared", "Shared with the survivor"
    SUBMITTED = "submitted", "Submitted, awaiting a decision"
    DECIDED = "decided", "Decided"


class PermissionGround(models.TextChoices):
    """Nationality and Borders Act 2022 s65(2): what the permission is needed for."""

    RECOVERY = "recovery", "Recovery from physical or psychological harm from the exploitation"
    COMPENSATION = "compensation", "Seeking compensation for the exploitation"
    COOPERATION = "cooperation", "Co-operating with a public authority's investigation or proceedings"


class PermissionDecision(models.TextChoices):
    PENDING = "pending", "Being considered"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


# Outcomes, dependants and entitlements received (issue 19 items 4-6; docs/domain.md, Outcomes).


class CoreOutcome(models.TextChoices):
    """The seven outcomes of the Modern Slavery Core Outcome Set (docs/domain.md, Outcomes)."""

    HOUSING = "housing", "Secure and suitable housing"
    SAFETY = "safety", "Safety from the trafficker or abuser"
    SUPPORT = "support", "Long-term, consistent support"
    SERVICES = "services", "Compassionate, trauma-informed services"
    PURPOSE = "purpose", "Purpose in life"
    MEDICAL = "medical", "Access to medical treatment"
    EDUCATION = "education", "Access to education"


class RatingOccasion(models.TextChoices):
    INTAKE = "intake", "At intake"
    PLAN_REVIEW = "plan_review", "At a plan review"
    OTHER = "other", "Another time"


class DependantRelationship(models.TextChoices):
    CHILD = "child", "Their child"
    STEPCHILD = "stepchild", "Their stepchild"
    GRANDCHILD = "grandchild", "Their grandchild"
    SIBLING = "sibling", "Their brother or sister"
    PARTNER = "partner", "Their partner"
    PARENT = "parent", "Their parent"
    OTHER_RELATIVE = "other_relative", "Another relative"
    OTHER = "other", "Someone else who depends on them"


class EntitlementKind(models.TextChoices):
    ACCOMMODATION = "accommodation", "Accommodation"
    SUBSISTENCE = "subsistence", "Financial support (subsistence)"
    COUNSELLING = "counselling", "Counselling"
    LEGAL_AID = "legal_aid", "Legal aid"
    INTERPRETER = "interpreter", "Interpreter"
    TRAVEL = "travel", "Travel"
    HEALTHCARE = "healthcare", "Healthcare registration"
    EDUCATION = "education", "Education"


class EntitlementResult(models.TextChoices):
    RECEIVED = "received", "Received"
    REFUSED = "refused", "Refused"


# Risk and safety (support/models/risk.py).


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskArea(models.TextChoices):
    RE_TRAFFICKING = "re_trafficking", "Re-trafficking"
    EXPLOITER_CONTACT = "exploiter_contact", "Contact from the exploiters"
    SELF_HARM = "self_harm", "Self-harm or suicide"
    HEALTH = "health", "Physical and mental health"
    IMMIGRATION = "immigration", "Immigration detention or removal"
    DEBT_BONDAGE = "debt_bondage", "Debt bondage"
    HOMELESSNESS = "homelessness", "Homelessness"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CHILDREN = "children", "Risk to or from children"
    STAFF = "staff", "Risk to staff"


# The needs and support plan (support/models/plans.py; docs/domain.md, Needs and support plan).


class PlanAuditAction(models.TextChoices):
    """What the audit trail says of the support plan (registered in support/hooks.py): the
    record's kind only, never what was typed."""

    NEED_ADDED = "plan.need_added", "Added a need to the support plan"
    GOAL_ADDED = "plan.goal_added", "Added a goal to the support plan"
    ACTION_ADDED = "plan.action_added", "Added an action to the support plan"
    REVIEW_RECORDED = "plan.review_recorded", "Recorded a support plan review"
    AGREED = "plan.agreed", "Recorded that the survivor agreed the support plan"


class NeedDomain(models.TextChoices):
    """The seven outcomes of the Modern Slavery Core Outcome Set (Rights Lab, University of
    Nottingham), then the practical domains caseworkers plan around."""

    HOUSING = "housing", "Secure and suitable housing"
    SAFETY = "safety", "Safety from the trafficker or abuser"
    LONG_TERM_SUPPORT = "long_term_support", "Long-term, consistent support"
    TRAUMA_INFORMED = "trauma_informed", "Compassionate, trauma-informed services"
    PURPOSE = "purpose", "Purpose in life"
    MEDICAL = "medical", "Access to medical treatment"
    EDUCATION = "education", "Access to education"
    LEGAL_IMMIGRATION = "legal_immigration", "Legal and immigration"
    MONEY = "money", "Money and benefits"
    EMPLOYMENT = "employment", "Employment"
    FAMILY = "family", "Family and dependants"
    CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"


# The domains that are the Core Outcome Set's outcomes (the rest are practical domains).
CORE_OUTCOME_DOMAINS = frozenset(
    {
        NeedDomain.HOUSING,
        NeedDomain.SAFETY,
        NeedDomain.LONG_TERM_SUPPORT,
        NeedDomain.TRAUMA_INFORMED,
        NeedDomain.PURPOSE,
        NeedDomain.MEDICAL,
        NeedDomain.EDUCATION,
    }
)


class NeedPriority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class NeedStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    MET = "met", "Met"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "No longer wanted"
