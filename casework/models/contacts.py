"""The contact log: every contact with a survivor (or an attempt, or a call with someone else
about them), dated to the minute. The note and the names of others present are encrypted;
the kind, place and flags are vocabularies the work lists and the backlog count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from fernet_fields import EncryptedCharField, EncryptedTextField

from casework.models.revisions import version_field
from casework.vocabularies import ContactKind, ContactPlace

NOTE_MAX_LENGTH = 20_000

# Kinds that do not reach the survivor: an attempt, or a call with someone else about them.
NOT_WITH_SURVIVOR = (ContactKind.ATTEMPTED, ContactKind.THIRD_PARTY)


class Contact(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="contacts")
    happened_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    others_present = EncryptedCharField(max_length=500, blank=True)
    interpreter_used = models.BooleanField(default=False)
    interpreter_language = EncryptedCharField(max_length=100, blank=True)
    place = models.CharField(max_length=20, choices=ContactPlace.choices, blank=True)
    note = EncryptedTextField(blank=True)
    safeguarding_concern = models.BooleanField(default=False)
    survivor_distressed = models.BooleanField(default=False)
    exploiter_contact_reported = models.BooleanField(default=False)
    # A safeguarding concern waits on the team managers' "My work" and goes in their next morning
    # email until one of them marks it seen (casework/services/contacts.py).
    safeguarding_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    safeguarding_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-happened_at"], name="contact_case_latest"),
            # The last contact that reached the survivor (the contact clocks), from the index alone.
            models.Index(
                fields=["case", "-happened_at"],
                name="contact_case_reached",
                condition=~Q(kind__in=NOT_WITH_SURVIVOR),
            ),
            models.Index(
                fields=["case"],
                name="contact_concern_unseen",
                condition=Q(safeguarding_concern=True, safeguarding_seen_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContactKind.values), name="contact_kind_valid"),
            models.CheckConstraint(
                condition=Q(place="") | Q(place__in=ContactPlace.values), name="contact_place_valid"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="contact_duration_at_most_a_day",
            ),
            models.CheckConstraint(
                condition=Q(safeguarding_seen_at__isnull=True)
                | Q(safeguarding_concern=True, safeguarding_seen_by__isnull=False),
                name="contact_seen_only_a_concern",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.happened_at):%Y-%m-%d %H:%M}"

    @property
    def reached(self) -> bool:
        """An attempt, or a call with someone else about the survivor, starts a new case's
        contact (the first-contact clock) but is never contact with the survivor."""
        return self.kind not in NOT_WITH_SURVIVOR
