"""Cover: sharing a case with a colleague for a while (managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casework.access import get_managed_case_for_user
from casework.forms.sharing import ShareForm
from casework.selectors.cases import live_shares
from casework.services import sharing
from casework.services.submission import held, submit_once
from casework.ui.dates import long_date
from casework.ui.govuk import apply_service_errors, posted


@require_http_methods(["GET", "POST"])
@submit_once
def case_share(request, reference):
    case = get_managed_case_for_user(request, reference)
    form = ShareForm(posted(request), case=case)
    if request.method == "POST" and form.is_valid() and not held(request):
        try:
            share = sharing.case_share(
                actor=request.user,
                case=case,
                colleague=form.cleaned_data["colleague"],
                expires_on=form.cleaned_data["expires_on"],
                request=request,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{share.user.display_name} can work on this case until {long_date(share.expires_on)}.",
            )
            return redirect("case", reference=case.reference)
    return render(
        request,
        "casework/case_share.html",
        {"form": form, "case": case, "shares": live_shares(case), "submits_once": True},
    )


@require_POST
def case_share_end(request, reference, share_id):
    case = get_managed_case_for_user(request, reference)
    share = get_object_or_404(case.shares, pk=share_id)
    sharing.case_share_end(actor=request.user, share=share, request=request)
    messages.success(request, "Cover ended.")
    return redirect("case", reference=case.reference)
