"""The criminal-justice journey (domain.md §3): each proceeding the survivor is part of,
its milestones, the survivor's engagement, and compensation and civil claims."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field


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


class Proceeding(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(max_length=20, choices=ProceedingKind.choices)
    police_force = models.CharField(max_length=30, choices=PoliceForce.choices)
    crime_reference = EncryptedCharField(max_length=50, blank=True)
    officer_in_charge = EncryptedCharField(max_length=200, blank=True)
    offence = EncryptedTextField(blank=True)  # the survivor's own charge, as defendant
    engagement = models.CharField(max_length=10, choices=Engagement.choices, default=Engagement.ENGAGED)
    engagement_changed_on = models.DateField(null=True, blank=True)
    disengagement_reason = models.CharField(max_length=25, choices=DisengagementReason.choices, blank=True)
    s45_outcome = models.CharField(
        "Section 45 defence", max_length=10, choices=S45Outcome.choices, blank=True
    )
    notes = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        db_table = "casework_proceeding"  # kept when the model moved app
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement=Engagement.ENGAGED) | ~Q(disengagement_reason=""),
                name="proceeding_disengagement_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(kind=ProceedingKind.DEFENDANT) | Q(s45_outcome=""),
                name="proceeding_s45_for_defendants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_police_force_display()})"


class MilestoneKind(models.TextChoices):
    REPORTED = "reported", "Reported to police"
    CRIME_RECORDED = "crime_recorded", "Crime recorded"
    ABE_INTERVIEW = "abe_interview", "Achieving Best Evidence interview"
    EARLY_ADVICE = "early_advice", "Early investigative advice from the CPS"
    SUSPECT_ARRESTED = "suspect_arrested", "Suspect arrested"
    CHARGING_DECISION = "charging_decision", "Charging decision"
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


class Milestone(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices)
    on = models.DateField()
    outcome = models.CharField(max_length=12, choices=MilestoneOutcome.choices, blank=True)
    survivor_told_on = models.DateField(null=True, blank=True)  # charging decision (Victims' Code right 6)
    # "Defendant 1": a verdict is per defendant. Encrypted, as someone may type a name here.
    defendant = EncryptedCharField(max_length=50, blank=True)
    custody_months = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        db_table = "casework_milestone"  # kept when the model moved app
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["kind", "on"], name="milestone_kind_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class ClaimKind(models.TextChoices):
    CICA = "cica", "Criminal Injuries Compensation Authority"
    EMPLOYMENT_TRIBUNAL = "employment_tribunal", "Employment tribunal"
    CIVIL = "civil", "Civil claim"


class ClaimOutcome(models.TextChoices):
    PENDING = "pending", "Waiting"
    AWARDED = "awarded", "Awarded"
    SETTLED = "settled", "Settled"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_PURSUED = "not_pursued", "Not pursued"


class Claim(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=25, choices=ClaimKind.choices)
    incident_on = models.DateField(help_text="The incident (CICA) or the act complained of.")
    submitted_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=ClaimOutcome.choices, default=ClaimOutcome.PENDING)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        db_table = "casework_claim"  # kept when the model moved app
        ordering = ["incident_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} claim"
