import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField
from fernet_fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedEmailField,
    EncryptedTextField,
)
from guardian.models import UserObjectPermissionBase

from casework.models.accounts import Membership
from casework.models.revisions import version_field
from casework.security.fields import EncryptedIntegerField, EncryptedJSONField
from casework.vocabularies import (
    AgeAtExploitation,
    CaseStatus,
    ClosureReason,
    ExploitationType,
    Gender,
    RiskFlag,
    Role,
    WhereExploited,
)

# Crockford-style alphabet without look-alikes (0/O, 1/I/L, U), so a reference read
# over the phone is typed right. 30^8 ≈ 6.6e11 references: not guessable.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PATTERN = r"SC-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}"


def new_case_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SC-{chars[:4]}-{chars[4:]}"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The access rule (docs/architecture.md, Access rule), the only way any code reads cases for a user.

        An administrator sees none. Anyone else sees a case they are assigned to, every case
        of a team they manage, and a case shared with them for cover until the share's end
        date; on every branch only while they are a confirmed member of the case's team, so
        someone moved to another team loses
        their old team's cases at once, even where an assignment or a share was left behind.
        The share's date is checked here, in the query, so an expired share stops working
        with no job running.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        # Administrators see no survivor data, whatever rows say: the database triggers that
        # keep them out of teams exist on PostgreSQL only, so this holds on SQLite too.
        if user.is_staff or user.is_superuser:
            return self.none()
        # The memberships and shares are read first (two small indexed queries) so that the
        # case query stays a plain OR of indexed columns, which PostgreSQL answers with a
        # bitmap of index scans instead of reading every case to test a subquery; the
        # membership condition is a list of team ids inside each branch, not an EXISTS.
        # Only confirmed roles count: a membership an administrator granted gives nothing
        # until a manager of the team confirms it, and a raise to manager keeps the
        # caseworker's access until then (Membership, services.membership_confirm).
        memberships = list(
            Membership.objects.confirmed().filter(user=user).values_list("team_id", "confirmed_role")
        )
        member_teams = sorted({team_id for team_id, _role in memberships})
        if not member_teams:
            return self.none()
        managed_teams = sorted({team_id for team_id, role in memberships if role == Role.MANAGER})
        shared = list(
            CaseShare.objects.filter(
                user=user,
                expires_on__gte=timezone.localdate(),
                content_object__team_id__in=member_teams,
            ).values_list("content_object_id", flat=True)
        )
        rule = Q(assignee=user, team_id__in=member_teams)
        if managed_teams:
            rule |= Q(team_id__in=managed_teams)
        if shared:
            rule |= Q(pk__in=shared)
        return self.filter(rule)

    def open(self):
        return self.filter(status=CaseStatus.OPEN)


class Case(models.Model):
    """The survivor's case. Its plaintext columns hold only identifiers, dates and
    controlled vocabularies (kept for statistics even after personal data is erased);
    everything personal is on the encrypted Person."""

    reference = models.CharField(max_length=12, unique=True, default=new_case_reference, editable=False)
    team = models.ForeignKey("casework.Team", on_delete=models.PROTECT, related_name="cases")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    # Of the assignment: two managers reassigning at once are told, not silently overwritten
    # (casework/services/versioning.py). A database default too: code that predates the column (an
    # older release during a deploy, a data migration's historical model) still inserts cases.
    assignment_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    # Set when the case closes: the personal data may be kept until this date (RETENTION_YEARS).
    retention_until = models.DateField(null=True, blank=True)
    # When the survivor's personal data was erased; statistics fields and the audit trail stay.
    erased_at = models.DateTimeField(null=True, blank=True)

    # Statistics vocabularies (Home Office NRM statistics categories, docs/domain.md, Statistics).
    gender = models.CharField(max_length=30, choices=Gender.choices, default=Gender.UNKNOWN)
    # In the order typed: the first is the one the survivor gave first.
    nationalities = CountryField(multiple=True, multiple_sort=False, blank=True)
    age_at_exploitation = models.CharField(
        max_length=10, choices=AgeAtExploitation.choices, default=AgeAtExploitation.UNKNOWN
    )
    county_lines = models.BooleanField(default=False)
    where_exploited = models.CharField(
        max_length=10, choices=WhereExploited.choices, default=WhereExploited.UNKNOWN
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Cases opened before the contact log existed: their contact clocks start here, not at
    # opening (else every one would owe a first contact on the day the log arrived).
    contact_clock_from = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        permissions = [("cover_case", "Cover a case for an absent colleague")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(
                condition=(
                    Q(status=CaseStatus.OPEN, closed_on__isnull=True, closure_reason="")
                    | (Q(status=CaseStatus.CLOSED, closed_on__isnull=False) & ~Q(closure_reason=""))
                ),
                name="case_closed_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(closure_reason="") | Q(closure_reason__in=ClosureReason.values),
                name="case_closure_reason_valid",
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="case_gender_valid"),
            models.CheckConstraint(
                condition=Q(age_at_exploitation__in=AgeAtExploitation.values),
                name="case_age_at_exploitation_valid",
            ),
            models.CheckConstraint(
                condition=Q(where_exploited__in=WhereExploited.values), name="case_where_exploited_valid"
            ),
        ]
        indexes = [
            # "My cases": a caseworker's open cases.
            models.Index(
                fields=["assignee", "-opened_on"],
                name="case_assignee_open",
                condition=Q(status=CaseStatus.OPEN),
            ),
            # A manager's team lists and backlog.
            models.Index(fields=["team", "status", "-opened_on"], name="case_team_status"),
            # Cases whose retention period has run out (purge_expired).
            models.Index(
                fields=["retention_until"], name="case_retention_due", condition=Q(erased_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class CaseExploitation(models.Model):
    """One exploitation type of a case (the NRM records several: "criminal and sexual")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exploitations")
    kind = models.CharField(max_length=20, choices=ExploitationType.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="case_exploitation_once"),
            models.CheckConstraint(
                condition=Q(kind__in=ExploitationType.values), name="case_exploitation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Person(models.Model):
    """The survivor's personal details, every free-text value Fernet-encrypted.

    The blind indexes beside them allow exact-match search (name + date of birth,
    phone) without decrypting anything (casework/security/crypto.py)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="person")
    given_names = EncryptedCharField(max_length=200)
    family_name = EncryptedCharField(max_length=200, blank=True)
    pronouns = EncryptedCharField(max_length=50, blank=True)  # in the survivor's words: "she/her"
    aliases = EncryptedTextField(max_length=2000, blank=True)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    estimated_age = EncryptedIntegerField(null=True, blank=True)
    languages = EncryptedCharField(max_length=300, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    phone = EncryptedCharField(max_length=30, blank=True)
    email = EncryptedEmailField(max_length=254, blank=True)
    address = EncryptedTextField(max_length=1000, blank=True)
    safe_to_call = models.BooleanField(default=False)
    safe_to_text = models.BooleanField(default=False)
    safe_to_leave_voicemail = models.BooleanField(default=False)
    safe_contact_times = EncryptedCharField(max_length=300, blank=True)
    # RiskFlag codes: a vocabulary, but special-category facts about the person, so encrypted.
    risk_flags = EncryptedJSONField(default=list, blank=True)
    notes = EncryptedTextField(max_length=10000, blank=True)
    version = version_field()  # of the survivor's details (Person and the case's statistics fields)

    name_dob_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_bidx = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    # The fields a caseworker edits, in form order; audit entries name these, never values.
    EDITABLE_FIELDS = (
        "given_names",
        "family_name",
        "pronouns",
        "aliases",
        "date_of_birth",
        "estimated_age",
        "languages",
        "interpreter_needed",
        "phone",
        "email",
        "address",
        "safe_to_call",
        "safe_to_text",
        "safe_to_leave_voicemail",
        "safe_contact_times",
        "risk_flags",
        "notes",
    )

    def __str__(self) -> str:
        # Never the name: this string can reach logs and error reports.
        return f"Person of case {self.case_id}"

    @property
    def risk_flag_labels(self) -> list[str]:
        return [RiskFlag(flag).label for flag in self.risk_flags if flag in RiskFlag.values]


class CaseShare(UserObjectPermissionBase):
    """A cover share: a colleague may work on the case until `expires_on` (inclusive).

    A django-guardian user-object permission with a direct foreign key (guardian's
    generic table does not scale), extended with the end date that visible_to() checks."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    expires_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(UserObjectPermissionBase.Meta):
        ordering = ["-expires_on"]

    def __str__(self) -> str:
        return f"Cover by user {self.user_id} until {self.expires_on}"
