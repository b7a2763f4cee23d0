"""A manager settles a possible duplicate."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from casework.selectors.cases import duplicate_flags_for_manager
from casework.services import duplicates
from casework.vocabularies import DuplicateResolution


@require_POST
def duplicate_settle(request, flag_id):
    """A manager settles a possible duplicate shown on their "My work" (404 for anyone else)."""
    flag = get_object_or_404(duplicate_flags_for_manager(request.user), pk=flag_id)
    answer = request.POST.get("same_person")
    if answer not in ("yes", "no"):
        messages.error(request, "Choose whether the two cases are the same person.")
        return redirect("home")
    flag = duplicates.duplicate_settle(
        actor=request.user, flag=flag, same_person=answer == "yes", request=request
    )
    if flag.resolution == DuplicateResolution.SAME_PERSON:
        message = "Recorded as the same person: both sides agree, so the two cases are linked."
    elif answer == "yes" and flag.resolved_at is not None:
        message = (
            "Recorded as the same person. The other team's manager said they are not, so the "
            "cases are not linked."
        )
    elif answer == "yes":
        message = (
            "Recorded as the same person. The cases are linked only if the other team's manager says so too."
        )
    else:
        message = "Recorded as not the same person."
    messages.success(request, message)
    return redirect("home")
