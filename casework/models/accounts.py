import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from casework.vocabularies import Role


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


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_one_role_per_team"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
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

    def clean(self):
        administrator = models.Q(is_staff=True) | models.Q(is_superuser=True)
        if self.user_id and User.objects.filter(administrator, pk=self.user_id).exists():
            raise ValidationError("An administrator cannot be a member of a team")
