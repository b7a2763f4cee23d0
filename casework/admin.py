"""The administrators' tools: staff accounts and teams. No survivor data is registered
here, so the admin cannot show a decrypted personal field (docs/architecture.md, Access rule).

An administrator never holds a team role (issue 15, item 3): the forms refuse it (and the
database, casework.models.accounts), an administrator cannot change their own rights or
memberships, a role they grant gives no access until a manager of the team confirms it
(the first manager of a brand new team excepted), every change to accounts, memberships,
roles, passwords and two-factor devices is audited for the managers of the teams concerned,
and deleting a user or team refuses before any survivor record would be listed."""

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import router
from django.forms.models import BaseInlineFormSet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential

from casework import audit
from casework.models import AuditEvent, Membership, Team, User
from casework.security import mfa
from casework.services.teams import membership_confirm_first_manager, memberships_suspend_after_admin_resets
from casework.vocabularies import AuditAction, Role

# What deleting a staff account or a team may take with it. Anything else (a case, a consent,
# a decision, a proceeding, a claim, a share, an export...) is survivor data: the deletion is
# refused without listing it. The audit trail is kept (its rows protect what they name).
DELETABLE_WITH_ACCOUNTS = {
    User,
    Team,
    Membership,
    TOTPDevice,
    StaticDevice,
    StaticToken,
    WebAuthnCredential,
    WebAuthnAttestation,
    User.groups.through,
    User.user_permissions.through,
    admin.models.LogEntry,
}


def deletion_refusal(objs) -> str | None:
    collector = NestedObjects(using=router.db_for_write(User))
    collector.collect(objs)
    touched = set(collector.model_objs) | {type(obj) for obj in collector.protected}
    if touched - DELETABLE_WITH_ACCOUNTS - {AuditEvent}:
        return (
            "This has case records, which are never listed or deleted here. "
            "Deactivate the accounts instead (untick Active): they can then no longer sign in, "
            "and every record and its history stays."
        )
    if AuditEvent in touched:
        return (
            "This has an audit history, which is kept for good. "
            "Deactivate the accounts instead (untick Active): they can then no longer sign in."
        )
    if Membership in touched:
        # Each removal from a team is audited (with the person and the team), which the
        # deletion would then have to undo: remove the team roles first, one by one.
        return "Remove the team roles first (each removal is recorded), or deactivate the account instead."
    return None


class NoSurvivorRecordsOnDeleteMixin:
    def get_deleted_objects(self, objs, request):
        refusal = deletion_refusal(objs)
        if refusal:
            # Shown where Django lists "protected related objects", and no delete button.
            return [], {}, set(), [refusal]
        return super().get_deleted_objects(objs, request)

    def delete_model(self, request, obj):
        _audit_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _audit_deletion(request, list(queryset))
        super().delete_queryset(request, queryset)


def _audit_deletion(request, objs):
    # Only an account without history or team roles can be deleted (above), so the event
    # cannot name it (the audit trail's own foreign keys would then protect it). A team
    # deleted that way never had anyone in it.
    for obj in objs:
        if isinstance(obj, User):
            audit.record(action=AuditAction.ACCOUNT_DELETED, actor=request.user, request=request)


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        parent = self.instance
        if not isinstance(parent, User) or not (parent.is_staff or parent.is_superuser):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        if kept:
            raise ValidationError(
                "A member of a team cannot be an administrator. Remove their team roles first, "
                "or leave Staff status and Superuser status unticked"
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 1
    readonly_fields = ("confirmation",)

    @admin.display(description="Confirmed by a manager")
    def confirmation(self, membership):
        # Administrators grant roles; a manager of the team confirms them before they give
        # access to any case (casework.services.teams.membership_confirm).
        if membership.pk is None:
            return "Not yet: a manager of the team confirms it on their Team members page"
        if not membership.is_pending:
            return "Yes"
        if membership.confirmed_role:
            return f"As {membership.get_confirmed_role_display().lower()} only; the new role is waiting"
        return "Not yet: no access to any case until a manager of the team confirms it"


class UserMembershipInline(MembershipInline):
    fk_name = "user"


@admin.action(description="Reset two-factor sign-in (lost phone)")
def reset_two_factor(modeladmin, request, queryset):
    for user in queryset:
        mfa.reset(actor=request.user, user=user, request=request)
        memberships_suspend_after_admin_resets(actor=request.user, user=user, request=request)
    modeladmin.message_user(
        request,
        f"Two-factor sign-in reset for {queryset.count()} account(s). They set it up again at next sign-in.",
    )


def _audit_memberships(request, formset):
    for membership in formset.new_objects:
        audit.record(
            action=AuditAction.MEMBERSHIP_ADDED,
            actor=request.user,
            subject_user=membership.user,
            team=membership.team,
            fields=["role"],
            request=request,
        )
    for membership, changed in formset.changed_objects:
        audit.record(
            action=AuditAction.MEMBERSHIP_CHANGED,
            actor=request.user,
            subject_user=membership.user,
            team=membership.team,
            fields=changed,
            request=request,
        )


class AuditedMembershipsMixin:
    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            # A removal is released and audited by the Membership delete signal
            # (release_member_cases); this names who did it.
            for deleted in formset.deleted_forms:
                deleted.instance.removed_by = request.user
                deleted.instance.removal_request = request
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            _audit_memberships(request, formset)


# Rights an administrator may not change on their own account (nor their memberships):
# otherwise one form could drop their rights and make them a team manager at once.
OWN_RIGHTS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(NoSurvivorRecordsOnDeleteMixin, AuditedMembershipsMixin, DjangoUserAdmin):
    inlines = [UserMembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "last_login")
    actions = [reset_two_factor]

    def _is_self(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, *OWN_RIGHTS) if self._is_self(request, obj) else readonly

    def get_inline_instances(self, request, obj=None):
        return [] if self._is_self(request, obj) else super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            model_fields = {field.name for field in User._meta.get_fields()}
            changed = [name for name in form.changed_data if name in model_fields and name != "password"]
            if changed:
                audit.record(
                    action=AuditAction.ACCOUNT_CHANGED,
                    actor=request.user,
                    subject_user=obj,
                    fields=changed,
                    request=request,
                )
        else:
            audit.record(
                action=AuditAction.ACCOUNT_CREATED, actor=request.user, subject_user=obj, request=request
            )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            subject = User.objects.get(pk=id)
            audit.record(
                action=AuditAction.PASSWORD_SET_BY_ADMIN,
                actor=request.user,
                subject_user=subject,
                request=request,
            )
            memberships_suspend_after_admin_resets(actor=request.user, user=subject, request=request)
        return response


@admin.action(description="Confirm the first manager of a new team (no cases, nobody confirmed yet)")
def confirm_first_manager(modeladmin, request, queryset):
    # The one confirmation an administrator can give (membership_confirm_first_manager
    # refuses every other); the team's managers see it flagged on their pages for good.
    for team in queryset:
        candidates = list(team.memberships.pending().filter(role=Role.MANAGER))
        if len(candidates) != 1:
            modeladmin.message_user(
                request,
                f"{team.name}: give exactly one person the manager role first, then confirm.",
                level=messages.ERROR,
            )
            continue
        try:
            membership_confirm_first_manager(actor=request.user, membership=candidates[0], request=request)
        except ValidationError as refusal:
            modeladmin.message_user(
                request, f"{team.name}: {' '.join(refusal.messages)}", level=messages.ERROR
            )
        else:
            modeladmin.message_user(
                request, f"{team.name}: {candidates[0].user.username} is confirmed as its first manager."
            )


@admin.register(Team)
class TeamAdmin(NoSurvivorRecordsOnDeleteMixin, AuditedMembershipsMixin, admin.ModelAdmin):
    inlines = [MembershipInline]
    actions = [confirm_first_manager]
    list_display = ("name", "nation", "contact_gap_days", "created_at")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit.record(
                action=AuditAction.TEAM_CHANGED,
                actor=request.user,
                team=obj,
                fields=form.changed_data,
                request=request,
            )


# Authenticator secrets and backup codes are not for anyone to read, administrators included:
# the "Reset two-factor sign-in" action above is the only thing they need.
for device_model in (TOTPDevice, StaticDevice, WebAuthnCredential):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
