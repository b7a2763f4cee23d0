"""Every page that shows a case's data is in the audit trail as a view (security review,
item 5). Built from the URL conf, so a page added later is covered without anyone
remembering to list it here."""

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.models import AuditEvent, RecordRevision, SubjectAccessExport
from casework.services import contacts, documents, tasks
from casework.services.sharing import case_share
from casework.vocabularies import AuditAction
from justice.services import claims, milestones, proceedings
from screening import services as screening_services
from screening.questions import questionnaire
from screening.vocabularies import ScreeningAction
from support.models import (
    AgeDispute,
    ChildGuardian,
    Dependant,
    EntitlementReceived,
    LocalAuthorityLead,
    OutcomeRating,
    PermissionToStay,
    PublicOrderDisqualification,
    Reconsideration,
    RecoveryNeedsAssessment,
    Referral,
    SupportPeriod,
    Withdrawal,
)
from support.services import plans, risk
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory
from tests.screening.test_screening import answer_everything

# The actions that record someone being shown a case's data (a page, a print, a download).
VIEW_ACTIONS = (
    AuditAction.CASE_VIEWED,
    ScreeningAction.VIEWED,
    ScreeningAction.PRINTED,
    AuditAction.CASE_EXPORT_DOWNLOADED,
    AuditAction.DOCUMENT_DOWNLOADED,
)


def completed_interview(people, case):
    interview = screening_services.interview_start(actor=people.alex, case=case)
    answer_everything(interview, people)
    interview.refresh_from_db()
    screening_services.interview_complete(actor=people.alex, interview=interview)
    return interview


def case_pages(values: dict, pk_by_name: dict) -> list[str]:
    """Every URL naming a case, with `values` for its parameters; `pk` (the correction pages
    of NRM and support records) is the id of the record kind that the URL name starts with."""
    urls = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if "<case_ref:reference>" not in route:
                    continue
                names = dict(values)
                if "<int:pk>" in route:
                    kind = next(kind for kind in pk_by_name if pattern.name.startswith(kind))
                    names["pk"] = pk_by_name[kind]
                for name, value in names.items():
                    for converter in ("case_ref", "int", "slug", "uuid"):
                        route = route.replace(f"<{converter}:{name}>", str(value))
                assert "<" not in route, route
                urls.append("/" + route)

    walk(get_resolver().url_patterns)
    return urls


@pytest.fixture
def full_case(people, alex_case):
    """Alex's case holding data of every kind: consent, NRM, support, justice, a draft and a
    completed screening interview, a live cover share and a subject access export."""
    share = case_share(actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=date.today())
    consent = ConsentFactory(case=alex_case)
    referral = ReferralFactory(case=alex_case)
    decision = DecisionFactory(referral=referral, outcome="negative")
    reconsideration = Reconsideration.objects.create(
        decision=decision, requested_on=decision.decided_on, recorded_by=people.alex
    )
    disqualification = PublicOrderDisqualification.objects.create(
        referral=referral, decided_on=decision.decided_on, recorded_by=people.alex
    )
    withdrawal = Withdrawal.objects.create(
        referral=referral, withdrawn_on=decision.decided_on, recorded_by=people.alex
    )
    period = SupportPeriod.objects.create(
        case=alex_case, provider="vcc", kind="outreach", start_on=decision.decided_on, recorded_by=people.alex
    )
    assessment = RecoveryNeedsAssessment.objects.create(
        case=alex_case, due_on=decision.decided_on, recorded_by=people.alex
    )
    permission = PermissionToStay.objects.create(
        case=alex_case, considered_from=decision.decided_on, recorded_by=people.alex
    )
    guardian = ChildGuardian.objects.create(
        case=alex_case, referred_on=decision.decided_on, service="ictg", recorded_by=people.alex
    )
    dispute = AgeDispute.objects.create(
        case=alex_case, raised_on=decision.decided_on, recorded_by=people.alex
    )
    lead = LocalAuthorityLead.objects.create(
        case=alex_case, authority="LA", since=decision.decided_on, recorded_by=people.alex
    )
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    milestone = milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind="reported", on=decision.decided_on
    )
    claim = claims.claim_record(
        actor=people.alex, case=alex_case, kind="cica", incident_on=decision.decided_on, outcome="pending"
    )
    task = tasks.task_record(
        actor=people.alex, case=alex_case, title="Call", due_on=date.today(), assignee=people.alex
    )
    contact = contacts.contact_record(
        actor=people.alex, case=alex_case, happened_at=timezone.now(), kind="phone", note="Called."
    )
    document = documents.document_add(
        actor=people.alex,
        case=alex_case,
        file=SimpleUploadedFile("letter.txt", b"A letter", content_type="text/plain"),
        kind="other",
        title="A letter",
    )
    need = plans.need_add(actor=people.alex, case=alex_case, domain="housing", priority="high", status="open")
    risk_assessment = risk.risk_assessment_record(
        actor=people.alex, case=alex_case, assessed_on=alex_case.opened_on, overall_level="high"
    )
    rating = OutcomeRating.objects.create(
        case=alex_case,
        rated_on=decision.decided_on,
        occasion="intake",
        outcome="housing",
        score=3,
        recorded_by=people.alex,
    )
    dependant = Dependant.objects.create(
        case=alex_case, name="Mira", relationship="child", recorded_by=people.alex
    )
    entitlement = EntitlementReceived.objects.create(
        case=alex_case,
        kind="travel",
        result="received",
        start_on=decision.decided_on,
        recorded_by=people.alex,
    )
    goal = plans.goal_add(actor=people.alex, need=need, text="A flat", status="open")
    completed = completed_interview(people, alex_case)
    draft = screening_services.interview_start(actor=people.alex, case=alex_case)
    revision = RecordRevision.objects.create(
        case=alex_case,
        record_kind="decision",
        record_id=decision.pk,
        version=2,
        change="corrected",
        fields=["notes"],
        previous_json='{"notes": "Earlier"}',
        changed_by=people.alex,
    )
    values = {
        "revision_id": revision.pk,
        "reference": alex_case.reference,
        "share_id": share.pk,
        "consent_id": consent.pk,
        "decision_id": decision.pk,
        "period_id": period.pk,
        "proceeding_id": proceeding.pk,
        "milestone_id": milestone.pk,
        "claim_id": claim.pk,
        "contact_id": contact.pk,
        "task_id": task.pk,
        "document_id": document.pk,
        "number": 1,
        "need_id": need.pk,
        "goal_id": goal.pk,
        "section": questionnaire(draft.version).sections[0].slug,
    }
    pk_by_name = {
        "nrm_referral": referral.pk,
        "nrm_decision": decision.pk,
        "nrm_reconsideration": reconsideration.pk,
        "nrm_disqualification": disqualification.pk,
        "nrm_withdrawal": withdrawal.pk,
        "support_period": period.pk,
        "needs_assessment": assessment.pk,
        "child_guardian": guardian.pk,
        "age_dispute": dispute.pk,
        "local_authority_lead": lead.pk,
        "permission_to_stay": permission.pk,
        "risk_assessment": risk_assessment.pk,
        "outcome_rating": rating.pk,
        "dependant": dependant.pk,
        "entitlement_received": entitlement.pk,
        "plan_need": need.pk,
        "plan_goal": goal.pk,
    }
    urls = set()
    for interview in (draft, completed):
        export = SubjectAccessExport.objects.create(
            token=uuid.uuid4(), case=alex_case, requested_by=people.morgan, content=b"zip"
        )
        urls |= set(case_pages(values | {"interview_id": interview.pk, "token": export.token}, pk_by_name))
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
        reverse("nrm_referral_change", args=[ref, Referral.objects.get(case=case).pk]),
        reverse("support_period_change", args=[ref, SupportPeriod.objects.get(case=case).pk]),
        reverse("claim_change", args=[ref, case.claims.get().pk]),
        reverse("case_history", args=[ref]),
        reverse("case_history_remove", args=[ref, case.revisions.get(record_kind="decision").pk]),
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
