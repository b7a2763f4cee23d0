from typing import Any

import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casework.vocabularies import Nation, Role


class User(AbstractUser):
    """A member of staff. Caseworker or manager is a role per team (Membership);
    administrators are staff users with no team, who never see survivor data."""

    class Meta:
        ordering = ["username"]
        triggers = [
            # An administrator never holds a team role (issue 15, item 3). Deferred to the end
            # of the transaction, so "remove the memberships and grant the rights" in one admin
            # form still works; the forms give the readable message, this is the backstop.
            pgtrigger.Trigger(
                name="administrator_holds_no_membership",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.After,
                timing=pgtrigger.Deferred,
                condition=pgtrigger.Q(new__is_staff=True) | pgtrigger.Q(new__is_superuser=True),
                func="""
                -- Deferred: read the rows as they are at commit, not as they were.
                IF EXISTS (
                    SELECT 1 FROM casework_user u JOIN casework_membership m ON m.user_id = u.id
                    WHERE u.id = NEW.id AND (u.is_staff OR u.is_superuser)
                ) THEN
                    RAISE EXCEPTION 'administrator % cannot hold a team membership', NEW.id
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    @property
    def is_administrator(self) -> bool:
        return self.is_staff or self.is_superuser

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class TeamQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The teams this person manages: those where their confirmed role is manager. A role
        an administrator granted or raised counts only once another manager confirmed it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=Membership.objects.managing().filter(user=user).values("team_id"))

    def member_of(self, user):
        """The teams where this person's role (caseworker or manager) is confirmed."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=Membership.objects.confirmed().filter(user=user).values("team_id"))


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # Where the team works: its reminders follow this nation's bank holidays (a Scottish team
    # is emailed on Easter Monday). Not the survivors' nation, nor the Home Office's calendar.
    # db_default too: rows written by older code (or a migration test rolled back) get England.
    nation = models.CharField(
        max_length=3, choices=Nation.choices, default=Nation.ENGLAND, db_default=Nation.ENGLAND
    )
    # An open case with no contact for this many days shows on "My work" and in the reminders
    # (teams set their own: a crisis service checks in more often than a long-term one).
    contact_gap_days = models.PositiveSmallIntegerField(
        default=14,
        db_default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Days without contact before an open case is listed as not contacted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(nation__in=Nation.values), name="team_nation_valid"),
            models.CheckConstraint(
                condition=models.Q(contact_gap_days__gte=1, contact_gap_days__lte=365),
                name="team_contact_gap_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def confirmed_staff(self):
        """Active people whose role in this team is confirmed: who may be assigned its cases or
        share them (the services check the same)."""
        return User.objects.filter(pk__in=self.memberships.confirmed().values("user_id"), is_active=True)


class MembershipQuerySet(models.QuerySet):
    """Only a confirmed role counts for access (casework.services.teams.membership_confirm)."""

    def confirmed(self):
        return self.exclude(confirmed_role="")

    def managing(self):
        return self.filter(confirmed_role=Role.MANAGER)

    def pending(self):
        return self.exclude(confirmed_role=models.F("role"))


class Membership(models.Model):
    """A person's role in a team, as granted (`role`, by an administrator) and as confirmed
    by a manager of the team (`confirmed_role`). Access follows the confirmed role only: a
    new membership ("") gives nothing and a raise to manager keeps caseworker access until
    a manager of the team, never the person themself, confirms it. An administrator can
    create accounts and grant roles, but not, alone, read a survivor's case."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    confirmed_role = models.CharField(
        max_length=20, choices=Role.choices, blank=True, default="", editable=False
    )
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MembershipQuerySet.as_manager()

    # Not stored: who removes the membership and from which request, set by
    # services.teams just before the delete so the delete signal can audit it.
    removed_by: "User | None" = None
    removal_request: Any = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_one_role_per_team"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=models.Q(confirmed_role="") | models.Q(confirmed_role__in=Role.values),
                name="membership_confirmed_role_valid",
            ),
            # Never more confirmed than granted: lowering a role lowers what was confirmed.
            models.CheckConstraint(
                condition=~models.Q(role=Role.CASEWORKER, confirmed_role=Role.MANAGER),
                name="membership_confirmed_at_most_granted",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True) | ~models.Q(confirmed_by=models.F("user")),
                name="membership_not_confirmed_by_self",
            ),
        ]
        triggers = [
            # The other half of User's trigger: no membership row for an administrator.
            pgtrigger.Trigger(
                name="membership_not_for_administrators",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.After,
                timing=pgtrigger.Deferred,
                func="""
                IF EXISTS (
                    SELECT 1 FROM casework_membership m JOIN casework_user u ON u.id = m.user_id
                    WHERE m.id = NEW.id AND (u.is_staff OR u.is_superuser)
                ) THEN
                    RAISE EXCEPTION 'administrator % cannot hold a team membership', NEW.user_id
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.team})"

    def save(self, *args, **kwargs):
        # A row moved to another person or team (the admin inlines allow both) is a new
        # grant: what a manager confirmed was this person in this team.
        if self.pk is not None:
            old = Membership.objects.filter(pk=self.pk).values_list("user_id", "team_id").first()
            if old is not None and old != (self.user_id, self.team_id):
                self.confirmed_role, self.confirmed_by, self.confirmed_at = "", None, None
        # Lowering a role needs nobody's confirmation.
        if self.role == Role.CASEWORKER and self.confirmed_role == Role.MANAGER:
            self.confirmed_role = Role.CASEWORKER
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "confirmed_role",
                "confirmed_by",
                "confirmed_at",
            }
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.confirmed_role != self.role

    def clean(self):
        administrator = models.Q(is_staff=True) | models.Q(is_superuser=True)
        if self.user_id and User.objects.filter(administrator, pk=self.user_id).exists():
            raise ValidationError("An administrator cannot be a member of a team")
