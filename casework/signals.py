"""Sign-in events go to the audit trail; leaving a team releases the team's cases."""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.signals import setting_changed
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from casework import audit
from casework.models import Membership
from casework.security.key_rotation import clear_key_caches
from casework.security.middleware import SESSION_STARTED_KEY
from casework.services.teams import release_member_cases
from casework.vocabularies import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    # The 12-hour absolute session limit counts from here (SessionLimitsMiddleware).
    request.session[SESSION_STARTED_KEY] = int(time.time())
    audit.record(action=AuditAction.LOGIN, actor=user, request=request)


@receiver(user_locked_out)
def audit_lockout(sender, request, username=None, **kwargs):
    account = get_user_model().objects.filter(username=username).first() if username else None
    audit.record(action=AuditAction.ACCOUNT_LOCKED, subject_user=account, request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The typed username is kept only when it names a real account: a mistyped
    # password pasted into the username box must not end up in the trail.
    username = credentials.get("username") or ""
    account = get_user_model().objects.filter(username=username).first() if username else None
    audit.record(action=AuditAction.LOGIN_FAILED, subject_user=account, request=request)


@receiver(setting_changed)
def forget_cached_keys(sender, setting, **kwargs):
    # fernet_fields caches keys on each field instance; tests (and key rotation checks)
    # that change FERNET_KEYS need the fields to read the new setting.
    if setting == "FERNET_KEYS":
        clear_key_caches()


@receiver(pre_delete, sender=Membership)
def release_cases_of_removed_member(sender, instance, **kwargs):
    # However the membership goes (membership_remove, the admin's inline, a
    # cascade), the person's cases in the team are unassigned and their shares ended.
    release_member_cases(
        actor=getattr(instance, "removed_by", None),
        user=instance.user,
        team_id=instance.team_id,
        request=getattr(instance, "removal_request", None),
    )


@receiver(pre_save, sender=Membership)
def release_cases_when_moved_to_another_team(sender, instance, raw=False, **kwargs):
    # Changing a membership row's team (the admin inline's team box) is leaving the old team.
    if raw or instance.pk is None:
        return
    old_team_id = Membership.objects.filter(pk=instance.pk).values_list("team_id", flat=True).first()
    if old_team_id is not None and old_team_id != instance.team_id:
        release_member_cases(actor=None, user=instance.user, team_id=old_team_id)
