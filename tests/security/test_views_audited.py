"""Every page that shows a case's data is in the audit trail as a view (security review,
item 5). Built from the URL conf, so a page added later is covered without anyone
remembering to list it here."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from casework import justice, services
from casework.models import AuditEvent, SubjectAccessExport
from casework.vocabularies import VIEW_ACTIONS, AuditAction
from screening import services as screening_services
from screening.questions import questionnaire
from support.models import Reconsideration, SupportPeriod
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory
from tests.screening.test_screening import answer_everything
from tests.test_url_access import case_urls


def completed_interview(people, case):
    interview = screening_services.interview_start(actor=people.alex, case=case)
    answer_everything(interview, people)
    interview.refresh_from_db()
    screening_services.interview_complete(actor=people.alex, interview=interview)
    return interview


@pytest.fixture
def full_case(people, alex_case):
    """Alex's case holding data of every kind: consent, NRM, support, justice, a draft and a
    completed screening interview, a live cover share and a subject access export."""
    share = services.case_share(
        actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=date.today()
    )
    consent = ConsentFactory(case=alex_case)
    decision = DecisionFactory(referral=ReferralFactory(case=alex_case), outcome="negative")
    Reconsideration.objects.create(
        decision=decision, requested_on=decision.decided_on, recorded_by=people.alex
    )
    period = SupportPeriod.objects.create(
        case=alex_case, provider="vcc", kind="outreach", start_on=decision.decided_on, recorded_by=people.alex
    )
    proceeding = justice.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    completed = completed_interview(people, alex_case)
    draft = screening_services.interview_start(actor=people.alex, case=alex_case)
    values = {
        "reference": alex_case.reference,
        "share_id": share.pk,
        "consent_id": consent.pk,
        "decision_id": decision.pk,
        "period_id": period.pk,
        "proceeding_id": proceeding.pk,
        "section": questionnaire(draft.version).sections[0].slug,
    }
    urls = set()
    for interview in (draft, completed):
        export = SubjectAccessExport.objects.create(
            token=uuid.uuid4(), case=alex_case, requested_by=people.morgan, content=b"zip"
        )
        urls |= set(case_urls(values | {"interview_id": interview.pk, "token": export.token}))
    return alex_case, sorted(urls), draft, completed


def test_every_page_showing_a_case_is_audited_as_a_view(people, login, full_case):
    case, urls, draft, completed = full_case
    shown = []
    for url in urls:
        # The assignee sees the case pages; the manager-only pages (assign, share, export)
        # answer 404 to her, so they are read as the team's manager.
        for who in (people.alex, people.morgan):
            client = login(who)
            before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = client.get(url)
            if response.status_code != 404:
                break
        if response.status_code in (302, 404, 405):
            # A redirect, a POST-only address, or a page that does not apply to this record
            # (amending a draft) shows nothing; the list below proves the real pages were read.
            continue
        assert response.status_code == 200, (url, response.status_code)
        views = AuditEvent.objects.filter(id__gt=before, action__in=VIEW_ACTIONS, case=case)
        assert views.exists(), f"GET {url} showed the case and wrote no view to the audit trail"
        shown.append(url)
    ref = case.reference
    for must in (
        reverse("case", args=[ref]),
        reverse("case_edit", args=[ref]),
        reverse("screening_section", args=[ref, draft.pk, questionnaire(draft.version).sections[0].slug]),
        reverse("screening_check", args=[ref, draft.pk]),
        reverse("screening_amend", args=[ref, completed.pk, questionnaire(draft.version).sections[0].slug]),
        reverse("screening_print", args=[ref, completed.pk]),
        reverse("case_export", args=[ref]),
    ):
        assert must in shown, must
    export_page = reverse("case_export", args=[ref])
    downloads = [url for url in shown if url.startswith(export_page) and url != export_page]
    assert downloads, "the export download was not read"


def test_the_edit_form_is_audited_as_a_view_naming_the_page(people, login, alex_case):
    login(people.alex).get(reverse("case_edit", args=[alex_case.reference]))
    event = AuditEvent.objects.get(action=AuditAction.CASE_VIEWED, case=alex_case)
    assert event.actor == people.alex
    assert event.fields == ["case_edit"]


def test_posting_a_form_is_not_also_recorded_as_a_view(people, login, alex_case):
    login(people.alex).post(reverse("consent_new", args=[alex_case.reference]), {})
    assert not AuditEvent.objects.filter(action__in=VIEW_ACTIONS).exists()


def test_the_export_download_is_audited(people, login, alex_case):
    export = SubjectAccessExport.objects.create(
        token=uuid.uuid4(), case=alex_case, requested_by=people.morgan, content=b"zip"
    )
    response = login(people.morgan).get(
        reverse("case_export_download", args=[alex_case.reference, export.token])
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EXPORT_DOWNLOADED, case=alex_case).count() == 1
    # A second try finds nothing to download, and nothing is recorded as downloaded.
    again = login(people.morgan).get(
        reverse("case_export_download", args=[alex_case.reference, export.token])
    )
    assert again.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EXPORT_DOWNLOADED, case=alex_case).count() == 1
