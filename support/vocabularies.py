from django.db import models


class ReferralKind(models.TextChoices):
    NRM = "nrm", "NRM referral"
    DUTY_TO_NOTIFY = "dtn", "Duty to Notify report (anonymous, adult who did not consent)"


class FirstResponder(models.TextChoices):
    """First Responder Organisations (domain.md §1.2)."""

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


class Nation(models.TextChoices):
    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


class AgeGroup(models.TextChoices):
    ADULT = "adult", "Adult"
    CHILD = "child", "Child (under 18, or may be under 18)"


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


class NrmStatus(models.TextChoices):
    """Where a case stands (domain.md §6). Derived from the records, never stored."""

    NONE = "none", "No referral recorded"
    DTN_ONLY = "dtn_only", "Duty to Notify report only"
    RG_PENDING = "rg_pending", "Waiting for the RG decision"
    RG_POSITIVE = "rg_positive", "Positive RG: recovery period"
    RG_NEGATIVE = "rg_negative", "Negative RG decision"
    RECONSIDERATION = "reconsideration", "Reconsideration requested"
    CG_PENDING = "cg_pending", "Waiting for the CG decision"
    CG_POSITIVE = "cg_positive", "Positive CG: confirmed victim"
    CG_NEGATIVE = "cg_negative", "Negative CG decision"
    DISQUALIFIED = "disqualified", "Public order disqualification"
    WITHDRAWN = "withdrawn", "Withdrawn from the NRM"


class ReminderKind(models.TextChoices):
    DAILY = "daily", "Morning reminder"
    MANAGER_DAILY = "manager_daily", "Manager's morning reminder"
    MANAGER_WEEKLY = "manager_weekly", "Manager's Monday summary"


class DeliveryStatus(models.TextChoices):
    CLAIMED = "claimed", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be delivered"
