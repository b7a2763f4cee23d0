"""The administrators' tools: staff accounts and teams. No survivor data is registered
here, so the admin cannot show a decrypted personal field (DESIGN.md §2)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework import mfa
from casework.models import Membership, Team, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.action(description="Reset two-factor sign-in (lost phone)")
def reset_two_factor(modeladmin, request, queryset):
    for user in queryset:
        mfa.reset(actor=request.user, user=user, request=request)
    modeladmin.message_user(
        request,
        f"Two-factor sign-in reset for {queryset.count()} account(s). They set it up again at next sign-in.",
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "last_login")
    actions = [reset_two_factor]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    inlines = [MembershipInline]
    list_display = ("name", "created_at")
    search_fields = ("name",)


# Authenticator secrets and backup codes are not for anyone to read, administrators included:
# the "Reset two-factor sign-in" action above is the only thing they need.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
