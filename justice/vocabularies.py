from django.db import models


class JusticeAction(models.TextChoices):
    """What the audit trail says of the criminal-justice journey (casework.hooks)."""

    PROCEEDING_RECORDED = "justice.proceeding_recorded", "Recorded a criminal proceeding"
    STEP_RECORDED = "justice.step_recorded", "Recorded a step in a proceeding"
    ENGAGEMENT_RECORDED = "justice.engagement_recorded", "Recorded the survivor's engagement"
    CLAIM_RECORDED = "justice.claim_recorded", "Recorded a compensation claim"
