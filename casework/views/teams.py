"""A manager's Team members page: confirming and refusing roles."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from casework.access import require_manager
from casework.selectors.cases import first_managers_confirmed_by_administrators, managed_memberships
from casework.services import teams


@require_GET
def team_members(request):
    """A manager's teams: who is in them, and the roles an administrator granted that wait
    for a manager's Confirm or Refuse before they give access to any case."""
    require_manager(request)
    members = list(managed_memberships(request.user))
    return render(
        request,
        "casework/team_members.html",
        {
            "pending": [m for m in members if m.is_pending],
            "members": [m for m in members if not m.is_pending],
            "admin_confirmations": first_managers_confirmed_by_administrators(request.user),
        },
    )


def _pending_membership(request, membership_id):
    # Another person's pending role in a team the user manages; 404 for anything else.
    pending = managed_memberships(request.user).pending().exclude(user=request.user)
    return get_object_or_404(pending, pk=membership_id)


@require_POST
def membership_confirm(request, membership_id):
    membership = _pending_membership(request, membership_id)
    teams.membership_confirm(actor=request.user, membership=membership, request=request)
    messages.success(
        request, f"{membership.user.display_name} is confirmed as {membership.get_role_display().lower()}."
    )
    return redirect("team_members")


@require_POST
def membership_refuse(request, membership_id):
    membership = _pending_membership(request, membership_id)
    teams.membership_refuse(actor=request.user, membership=membership, request=request)
    messages.success(request, f"The role for {membership.user.display_name} was refused.")
    return redirect("team_members")
