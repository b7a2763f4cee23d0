"""The criminal-justice journey's vocabularies: what the proceedings, their steps and the
claims store, and what the audit trail says of them."""

from django.db import models


class JusticeAction(models.TextChoices):
    """What the audit trail says of the criminal-justice journey (casework.hooks)."""

    PROCEEDING_RECORDED = "justice.proceeding_recorded", "Recorded a criminal proceeding"
    STEP_RECORDED = "justice.step_recorded", "Recorded a step in a proceeding"
    ENGAGEMENT_RECORDED = "justice.engagement_recorded", "Recorded the survivor's engagement"
    CLAIM_RECORDED = "justice.claim_recorded", "Recorded a compensation claim"


class ProceedingKind(models.TextChoices):
    VICTIM_WITNESS = "victim_witness", "Survivor as victim and witness"
    DEFENDANT = "defendant", "Survivor prosecuted (as defendant)"


class PoliceForce(models.TextChoices):
    """The UK's territorial forces, plus British Transport Police, the NCA and the GLAA."""

    AVON_SOMERSET = "avon_somerset", "Avon and Somerset"
    BEDFORDSHIRE = "bedfordshire", "Bedfordshire"
    CAMBRIDGESHIRE = "cambridgeshire", "Cambridgeshire"
    CHESHIRE = "cheshire", "Cheshire"
    CITY_OF_LONDON = "city_of_london", "City of London"
    CLEVELAND = "cleveland", "Cleveland"
    CUMBRIA = "cumbria", "Cumbria"
    DERBYSHIRE = "derbyshire", "Derbyshire"
    DEVON_CORNWALL = "devon_cornwall", "Devon and Cornwall"
    DORSET = "dorset", "Dorset"
    DURHAM = "durham", "Durham"
    DYFED_POWYS = "dyfed_powys", "Dyfed-Powys"
    ESSEX = "essex", "Essex"
    GLOUCESTERSHIRE = "gloucestershire", "Gloucestershire"
    GREATER_MANCHESTER = "greater_manchester", "Greater Manchester"
    GWENT = "gwent", "Gwent"
    HAMPSHIRE = "hampshire", "Hampshire and Isle of Wight"
    HERTFORDSHIRE = "hertfordshire", "Hertfordshire"
    HUMBERSIDE = "humberside", "Humberside"
    KENT = "kent", "Kent"
    LANCASHIRE = "lancashire", "Lancashire"
    LEICESTERSHIRE = "leicestershire", "Leicestershire"
    LINCOLNSHIRE = "lincolnshire", "Lincolnshire"
    MERSEYSIDE = "merseyside", "Merseyside"
    METROPOLITAN = "metropolitan", "Metropolitan Police"
    NORFOLK = "norfolk", "Norfolk"
    NORTH_WALES = "north_wales", "North Wales"
    NORTH_YORKSHIRE = "north_yorkshire", "North Yorkshire"
    NORTHAMPTONSHIRE = "northamptonshire", "Northamptonshire"
    NORTHUMBRIA = "northumbria", "Northumbria"
    NOTTINGHAMSHIRE = "nottinghamshire", "Nottinghamshire"
    SOUTH_WALES = "south_wales", "South Wales"
    SOUTH_YORKSHIRE = "south_yorkshire", "South Yorkshire"
    STAFFORDSHIRE = "staffordshire", "Staffordshire"
    SUFFOLK = "suffolk", "Suffolk"
    SURREY = "surrey", "Surrey"
    SUSSEX = "sussex", "Sussex"
    THAMES_VALLEY = "thames_valley", "Thames Valley"
    WARWICKSHIRE = "warwickshire", "Warwickshire"
    WEST_MERCIA = "west_mercia", "West Mercia"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    WEST_YORKSHIRE = "west_yorkshire", "West Yorkshire"
    WILTSHIRE = "wiltshire", "Wiltshire"
    POLICE_SCOTLAND = "police_scotland", "Police Scotland"
    PSNI = "psni", "Police Service of Northern Ireland"
    BTP = "btp", "British Transport Police"
    NCA = "nca", "National Crime Agency"
    GLAA = "glaa", "Gangmasters and Labour Abuse Authority"


class Engagement(models.TextChoices):
    ENGAGED = "engaged", "Engaged"
    PAUSED = "paused", "Paused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DisengagementReason(models.TextChoices):
    FEAR = "fear_of_reprisals", "Fear of reprisals"
    TRAUMA = "trauma", "Trauma or ill health"
    SUPPORT_ENDED = "support_ended", "Support ended"
    LOST_CONTACT = "lost_contact", "Lost contact"
    MOVED_AWAY = "moved_away", "Moved away"
    IMMIGRATION = "immigration_concerns", "Immigration concerns"
    DELAYS = "delays", "Delays in the process"
    OTHER = "other", "Other"


class S45Outcome(models.TextChoices):
    NOT_RAISED = "", "Not raised"
    PENDING = "pending", "Raised, not yet decided"
    ACCEPTED = "accepted", "Accepted (charges dropped or acquitted)"
    REJECTED = "rejected", "Rejected"


class OffenceGroup(models.TextChoices):
    """What a survivor prosecuted is charged with, in groups enough to check the statutory
    defence's excluded offences (MSA 2015 Schedule 4; HTE (NI) Act 2015 Schedule 3)."""

    NOT_RECORDED = "", "Not recorded"
    DRUGS = "drugs", "Drugs: production, cultivation or supply"
    DOCUMENTS = "documents", "Immigration or identity document offences"
    THEFT_FRAUD = "theft_fraud", "Theft, fraud or handling stolen goods"
    MURDER = "murder", "Murder or manslaughter"
    KIDNAPPING = "kidnapping", "Kidnapping or false imprisonment"
    ROBBERY = "robbery", "Robbery"
    WOUNDING = "wounding", "Wounding or grievous bodily harm"
    SEXUAL = "sexual", "A sexual offence"
    FIREARMS = "firearms", "Firearms or explosives"
    SLAVERY = "slavery", "Slavery or trafficking offences against others"
    THREATS_TO_KILL = "threats", "Threats to kill"
    BLACKMAIL = "blackmail", "Blackmail"
    BURGLARY = "burglary", "Aggravated burglary, or burglary intending harm or damage"
    ARSON = "arson", "Arson, or criminal damage endangering life"
    RIOT = "riot", "Riot"
    FACILITATION = "facilitation", "Assisting unlawful immigration (facilitation)"
    OTHER = "other", "Another offence"


class MilestoneKind(models.TextChoices):
    REPORTED = "reported", "Reported to police"
    CRIME_RECORDED = "crime_recorded", "Crime recorded"
    ABE_INTERVIEW = "abe_interview", "Achieving Best Evidence interview"
    EARLY_ADVICE = "early_advice", "Early investigative advice from the CPS"
    SUSPECT_ARRESTED = "suspect_arrested", "Suspect arrested"
    CHARGING_DECISION = "charging_decision", "Charging decision"
    VRR_REQUESTED = "vrr_requested", "Victims' Right to Review asked for"
    VRR_DECISION = "vrr_decision", "Victims' Right to Review decision"
    FIRST_APPEARANCE = "first_appearance", "First appearance in court"
    PLEA = "plea", "Plea"
    SPECIAL_MEASURES_APPLIED = "special_measures_applied", "Special measures applied for"
    SPECIAL_MEASURES_GRANTED = "special_measures_granted", "Special measures granted"
    TRIAL_LISTED = "trial_listed", "Trial listed"
    TRIAL_STARTED = "trial_started", "Trial started"
    TRIAL_ADJOURNED = "trial_adjourned", "Trial adjourned"
    VERDICT = "verdict", "Verdict"
    VPS_MADE = "vps_made", "Victim Personal Statement made"
    VPS_READ = "vps_read", "Victim Personal Statement read in court"
    SENTENCE = "sentence", "Sentence"
    PREVENTION_ORDER = "prevention_order", "Slavery and Trafficking Prevention Order"
    RISK_ORDER = "risk_order", "Slavery and Trafficking Risk Order"
    REPARATION_ORDER = "reparation_order", "Slavery and Trafficking Reparation Order"
    APPEAL = "appeal", "Appeal"
    HEARING = "hearing", "Hearing (survivor as defendant)"


class MilestoneOutcome(models.TextChoices):
    NONE = "", "Not applicable"
    CHARGED = "charged", "Charged"
    NO_FURTHER_ACTION = "nfa", "No further action"
    GUILTY = "guilty", "Guilty"
    NOT_GUILTY = "not_guilty", "Not guilty"
    MIXED = "mixed", "Guilty of some counts"
    UPHELD = "upheld", "Decision not to charge upheld"
    OVERTURNED = "overturned", "Decision overturned"


class ClaimKind(models.TextChoices):
    CICA = "cica", "Criminal Injuries Compensation Authority"
    EMPLOYMENT_TRIBUNAL = "employment_tribunal", "Employment tribunal"
    CIVIL = "civil", "Civil claim"


class ExtensionOutcome(models.TextChoices):
    """A late CICA application's request for more time ("exceptional circumstances", 2012
    scheme paragraph 89): what CICA said."""

    NOT_ASKED = "", "Not asked for"
    WAITING = "waiting", "Asked for, waiting for the answer"
    GRANTED = "granted", "Accepted: the time limit was extended"
    REFUSED = "refused", "Refused"


class ClaimOutcome(models.TextChoices):
    PENDING = "pending", "Waiting"
    AWARDED = "awarded", "Awarded"
    SETTLED = "settled", "Settled"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_PURSUED = "not_pursued", "Not pursued"
