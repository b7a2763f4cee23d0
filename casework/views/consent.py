"""Recording and withdrawing the survivor's consent."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from casework.forms.consent import ConsentForm, ConsentWithdrawForm
from casework.services import consent
from casework.ui.govuk import posted
from casework.views.recording import edit_on_case, record_on_case


@require_http_methods(["GET", "POST"])
def consent_new(request, reference):
    def save(case, _target, data):
        consent.consent_record(actor=request.user, case=case, request=request, **data)
        return "Consent decision recorded."

    return record_on_case(
        request,
        reference,
        form=ConsentForm(posted(request)),
        title="Record a consent decision",
        save=save,
        intro="Record each purpose separately. Consent to an NRM referral is not consent to share "
        "information with the police.",
        back_to="case_consent",
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, reference, consent_id):
    def save(case, record, data, version, _reason):
        consent.consent_withdraw(actor=request.user, consent=record, version=version, request=request, **data)
        return "Withdrawal of consent recorded."

    return edit_on_case(
        request,
        reference,
        form_class=ConsentWithdrawForm,
        target=lambda case: get_object_or_404(case.consents, pk=consent_id),
        initial=lambda _record: {},
        save=save,
        title="Record that consent was withdrawn",
        correction=False,
        button="Save",
        back_to="case_consent",
    )
