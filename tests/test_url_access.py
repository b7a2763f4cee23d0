"""No caseworker or manager can open a case outside their rights by any URL: every URL that
names a case answers 404 to those who may not see it, for GET and POST alike."""

import uuid
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.models import SubjectAccessExport
from casework.services import contacts, tasks
from casework.services.sharing import case_share
from justice.services import claims, milestones, proceedings
from screening import services as screening_services
from support.models import Dependant, EntitlementReceived, OutcomeRating, Reconsideration, SupportPeriod
from support.services import plans, risk
from tests.factories import ConsentFactory, DecisionFactory, DocumentFactory, ReferralFactory


def case_urls(values):
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if "<case_ref:reference>" not in route:
                    continue
                for name, value in values.items():
                    for converter in ("case_ref", "int", "slug", "uuid"):
                        route = route.replace(f"<{converter}:{name}>", str(value))
                assert "<" not in route, route
                yield "/" + route

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def everything(people, alex_case):
    """Alex's case with one of every record a URL can point at."""
    share = case_share(actor=people.morgan, case=alex_case, colleague=people.blake, expires_on=date.today())
    share.delete()  # Blake must not see the case through it
    consent = ConsentFactory(case=alex_case)
    decision = DecisionFactory(referral=ReferralFactory(case=alex_case), outcome="negative")
    Reconsideration.objects.create(
        decision=decision, requested_on=decision.decided_on, recorded_by=people.alex
    )
    period = SupportPeriod.objects.create(
        case=alex_case, provider="vcc", kind="outreach", start_on=decision.decided_on, recorded_by=people.alex
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
    interview = screening_services.interview_start(actor=people.alex, case=alex_case)
    task = tasks.task_record(
        actor=people.alex, case=alex_case, title="Call", due_on=timezone.localdate(), assignee=people.alex
    )
    contact = contacts.contact_record(
        actor=people.alex, case=alex_case, happened_at=timezone.now(), kind="phone", note="Called."
    )
    risk_assessment = risk.risk_assessment_record(
        actor=people.alex, case=alex_case, assessed_on=alex_case.opened_on, overall_level="high"
    )
    export = SubjectAccessExport.objects.create(
        token=uuid.uuid4(), case=alex_case, requested_by=people.morgan, content=b"zip"
    )
    # Outcome ratings, dependants and entitlements received ("pk": their Change and Delete pages).
    OutcomeRating.objects.create(
        case=alex_case,
        rated_on=decision.decided_on,
        occasion="intake",
        outcome="housing",
        score=3,
        recorded_by=people.alex,
    )
    Dependant.objects.create(case=alex_case, name="Mira", relationship="child", recorded_by=people.alex)
    EntitlementReceived.objects.create(
        case=alex_case,
        kind="travel",
        result="received",
        start_on=decision.decided_on,
        recorded_by=people.alex,
    )
    # The support plan's pages (support/views/plans.py): a need and its goal.
    need = plans.need_add(actor=people.alex, case=alex_case, domain="housing", priority="high", status="open")
    goal = plans.goal_add(actor=people.alex, need=need, text="A flat", status="open")
    # Its list, upload, download, replace and delete pages.
    document = DocumentFactory(case=alex_case, added_by=people.alex)
    return case_urls(
        {
            "reference": alex_case.reference,
            "share_id": share.pk or 1,
            "consent_id": consent.pk,
            "decision_id": decision.pk,
            "period_id": period.pk,
            "proceeding_id": proceeding.pk,
            "milestone_id": milestone.pk,
            "claim_id": claim.pk,
            "contact_id": contact.pk,
            "task_id": task.pk,
            # The correction pages ("Change", "Delete") of every NRM and support record: the
            # case is looked up first, so any record's id shows they are refused.
            "pk": period.pk,
            "risk_assessment_id": risk_assessment.pk,  # its pages take "pk": walked with the period's
            "interview_id": interview.pk,
            "revision_id": 1,  # the case is looked up first: any id shows the refusal
            "section": "details",
            "token": export.token,
            "need_id": need.pk,
            "goal_id": goal.pk,
            "document_id": document.pk,
            "number": 1,
        }
    )


@pytest.mark.parametrize("who", ["blake", "casey", "riley", "sam"])
def test_every_case_url_is_not_found_for_those_who_may_not_see_the_case(people, login, everything, who):
    client = login(getattr(people, who))
    assert len(everything) > 25
    for url in everything:
        # 405 (a method the page never takes) is decided before the case is looked up, so it
        # says nothing about the case either.
        get, post = client.get(url), client.post(url, {})
        assert get.status_code in (404, 405), (url, get.status_code)
        assert post.status_code in (404, 405), (url, post.status_code)
        assert 405 not in (get.status_code, post.status_code) or {get.status_code, post.status_code} == {
            404,
            405,
        }


def test_every_case_url_sends_anonymous_visitors_to_sign_in(client, everything):
    for url in everything:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_the_walk_covers_the_risk_pages(everything, alex_case):
    ref = alex_case.reference
    for url in (reverse("case_risk", args=[ref]), reverse("risk_assessment_new", args=[ref])):
        assert url in everything
    assert any(url.startswith(f"/cases/{ref}/risk/assessments/") for url in everything)


def test_the_walk_covers_the_case_timeline_and_its_print_view(everything, alex_case):
    """The timeline shows every app's records of the case: both its pages are among those refused."""
    for name in ("case_timeline", "case_timeline_print"):
        assert reverse(name, args=[alex_case.reference]) in everything
