"""Create once (casework/services/submission.py): two POSTs of one create form, one after the other (a
double click, Back and save again) or at the same moment, make one record, and the second is
sent where the first went with "This was already saved".

The forms are found in the URL conf: every page named `*_new` or `*_start`, and every view
marked @submit_once, must have a recipe below, so a create form added later fails
test_every_create_form_has_a_recipe until it is covered by every test in this file."""

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from casework.documents_demo import pdf
from casework.models import FormSubmission
from casework.services.submission import ALREADY_SAVED, TOKEN_FIELD
from tests.factories import CaseFactory, ConsentFactory, DecisionFactory, ReferralFactory

# Threads race for real on PostgreSQL or on a SQLite file; not on SQLite in memory.
requires_a_database_server_or_file = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", "") and not os.environ.get("SQLITE_TEST_FILE"),
    reason="service unavailable: PostgreSQL (set DATABASE_URL=postgres://...) or SQLITE_TEST_FILE",
)

TOKEN = re.compile(rf'name="{TOKEN_FIELD}" value="([^"]+)"')


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@dataclass
class World:
    """A case for each kind of form: `fresh` (consent to an NRM referral, nothing else),
    `referred` (a referral awaiting its RG), `recognised` (a positive RG), `refused` (a
    negative RG served), and a proceeding on the fresh case."""

    people: object
    fresh: object
    referred: object
    recognised: object
    refused: object
    proceeding: object


@pytest.fixture
def world(people):
    from justice.services import proceedings

    today = timezone.localdate()
    fresh = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    ConsentFactory(case=fresh)
    referred = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    ReferralFactory(case=referred, submitted_on=today - timedelta(days=3))
    recognised = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    DecisionFactory(
        referral=ReferralFactory(case=recognised, submitted_on=today - timedelta(days=20)),
        decided_on=today - timedelta(days=10),
    )
    refused = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    DecisionFactory(
        referral=ReferralFactory(case=refused, submitted_on=today - timedelta(days=20)),
        outcome="negative",
        decided_on=today - timedelta(days=10),
        served_on=today - timedelta(days=9),
    )
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=fresh, kind="victim_witness", police_force="metropolitan"
    )
    return World(people, fresh, referred, recognised, refused, proceeding)


@dataclass(frozen=True)
class Recipe:
    model: str  # the record the form creates, "app.Model"
    args: Callable[[World], list]  # the URL's arguments
    data: Callable[[World], dict]  # a valid submission
    form_page: Callable[[World], str] | None = None  # where the form is shown, if not its own URL
    user: str = "alex"

    def count(self) -> int:
        return apps.get_model(self.model).objects.count()


def _today():
    return timezone.localdate()


def _case_form(world):
    return {
        "team": world.people.north.pk,
        "given_names": "Ana",
        "family_name": "Doubleclick",
        **date_fields("date_of_birth", _today().replace(year=1994)),
        "gender": "female",
        "nationality": "RO",
        "age_at_exploitation": "adult",
        "exploitation_types": ["labour"],
        "where_exploited": "uk",
    }


def _plan_need(world):
    """The fresh case's plan need (made the first time it is asked for)."""
    from support.models import Need
    from support.services import plans

    found = Need.objects.filter(plan__case=world.fresh).first()
    return found or plans.need_add(
        actor=world.people.alex, case=world.fresh, domain="housing", priority="high", status="open"
    )


def _plan_goal(world):
    from support.models import Goal
    from support.services import plans

    found = Goal.objects.filter(plan__case=world.fresh).first()
    return found or plans.goal_add(
        actor=world.people.alex, need=_plan_need(world), text="A flat", status="open"
    )


CREATE_FORMS: dict[str, Recipe] = {
    "case_new": Recipe("casework.Case", lambda w: [], _case_form),
    "consent_new": Recipe(
        "casework.Consent",
        lambda w: [w.fresh.reference],
        lambda w: {"purpose": "police_sharing", "decision": "given", **date_fields("decided_on", _today())},
    ),
    "contact_new": Recipe(
        "casework.Contact",
        lambda w: [w.fresh.reference],
        lambda w: {**date_fields("on", _today()), "at": "00:01", "kind": "phone", "note": "Called."},
    ),
    "task_new": Recipe(
        "casework.Task",
        lambda w: [w.fresh.reference],
        lambda w: {
            "title": "Call the solicitor",
            **date_fields("due_on", _today()),
            "assignee": w.people.alex.pk,
        },
    ),
    "document_new": Recipe(
        "casework.Document",
        lambda w: [w.fresh.reference],
        lambda w: {
            "kind": "other",
            "title": "A letter",
            "file": SimpleUploadedFile("letter.pdf", pdf(["A letter"])),
        },
    ),
    "case_share": Recipe(
        "casework.CaseShare",
        lambda w: [w.fresh.reference],
        lambda w: {
            "colleague": w.people.blake.pk,
            **date_fields("expires_on", _today() + timedelta(days=30)),
        },
        user="morgan",
    ),
    "screening_start": Recipe(
        "screening.ScreeningInterview",
        lambda w: [w.fresh.reference],
        lambda w: {},
        form_page=lambda w: reverse("case_screening", args=[w.fresh.reference]),
    ),
    "nrm_referral_new": Recipe(
        "support.Referral",
        lambda w: [w.fresh.reference],
        lambda w: {
            "kind": "nrm",
            **date_fields("submitted_on", _today()),
            "first_responder": "salvation_army",
            "age_at_referral": "adult",
            "age_at_exploitation": "adult",
            "competent_authority": "sca",
            "nation": "ENG",
        },
    ),
    "nrm_decision_new": Recipe(
        "support.Decision",
        lambda w: [w.referred.reference],
        lambda w: {"kind": "rg", "outcome": "positive", **date_fields("decided_on", _today())},
    ),
    "nrm_reconsideration_new": Recipe(
        "support.Reconsideration",
        lambda w: [
            w.refused.reference,
            apps.get_model("support.Decision").objects.get(referral__case=w.refused).pk,
        ],
        lambda w: date_fields("requested_on", _today()),
    ),
    "nrm_disqualification_new": Recipe(
        "support.PublicOrderDisqualification",
        lambda w: [w.recognised.reference],
        lambda w: {**date_fields("decided_on", _today()), "ground": "public_order"},
    ),
    "nrm_withdrawal_new": Recipe(
        "support.Withdrawal",
        lambda w: [w.referred.reference],
        lambda w: date_fields("withdrawn_on", _today()),
    ),
    "support_period_new": Recipe(
        "support.SupportPeriod",
        lambda w: [w.fresh.reference],
        lambda w: {"kind": "counselling", "provider": "vcc", **date_fields("start_on", _today())},
    ),
    "needs_assessment_new": Recipe(
        "support.RecoveryNeedsAssessment",
        lambda w: [w.fresh.reference],
        lambda w: {"outcome": "pending", **date_fields("due_on", _today() + timedelta(days=10))},
    ),
    "permission_to_stay_new": Recipe(
        "support.PermissionToStay",
        lambda w: [w.fresh.reference],
        lambda w: {"decision": "pending", **date_fields("considered_from", _today())},
    ),
    "child_guardian_new": Recipe(
        "support.ChildGuardian",
        lambda w: [w.fresh.reference],
        lambda w: {"service": "ictg", "area": "West Midlands", **date_fields("referred_on", _today())},
    ),
    "age_dispute_new": Recipe(
        "support.AgeDispute",
        lambda w: [w.fresh.reference],
        lambda w: {"outcome": "pending", **date_fields("raised_on", _today())},
    ),
    "local_authority_lead_new": Recipe(
        "support.LocalAuthorityLead",
        lambda w: [w.fresh.reference],
        lambda w: {"authority": "Example City Council", **date_fields("since", _today())},
    ),
    "proceeding_new": Recipe(
        "justice.Proceeding",
        lambda w: [w.fresh.reference],
        lambda w: {"kind": "victim_witness", "police_force": "metropolitan"},
    ),
    "milestone_new": Recipe(
        "justice.Milestone",
        lambda w: [w.fresh.reference, w.proceeding.pk],
        lambda w: {"step": "reported", **date_fields("on", _today())},
        # The step is chosen first (a GET page); the form of that step carries the token.
        form_page=lambda w: (
            reverse("milestone_new", args=[w.fresh.reference, w.proceeding.pk]) + "?step=reported"
        ),
    ),
    # The support plan (support/views/plans.py): the case's first need makes the plan, the first
    # record the token saves (so a double click makes one plan, with one need).
    "plan_need_new": Recipe(
        "support.SupportPlan",
        lambda w: [w.fresh.reference],
        lambda w: {"domain": "housing", "priority": "high", "status": "open", "survivor_words": "A home"},
    ),
    "plan_goal_new": Recipe(
        "support.Goal",
        lambda w: [w.fresh.reference, _plan_need(w).pk],
        lambda w: {"text": "A flat of my own", "status": "open"},
    ),
    "plan_action_new": Recipe(
        "casework.Task",
        lambda w: [w.fresh.reference, _plan_goal(w).pk],
        lambda w: {
            "title": "Call the council",
            **date_fields("due_on", _today()),
            "assignee": w.people.alex.pk,
        },
    ),
    "plan_review_new": Recipe(
        "support.PlanReview",
        lambda w: [_plan_need(w).plan.case.reference],  # a plan to review
        lambda w: {
            **date_fields("reviewed_on", _today()),
            **date_fields("next_review_on", _today() + timedelta(days=28)),
        },
    ),
    # Risk, outcomes, dependants and entitlements received (support/views/risk.py, outcomes.py,
    # dependants.py, entitlements_received.py).
    "risk_assessment_new": Recipe(
        "support.RiskAssessment",
        lambda w: [w.fresh.reference],
        lambda w: {
            **date_fields("assessed_on", _today()),
            "overall_level": "low",
            "safety_plan": "Weekly calls; the team's number saved",
        },
    ),
    "outcome_ratings_new": Recipe(
        "support.OutcomeRating",
        lambda w: [w.fresh.reference],
        lambda w: {**date_fields("rated_on", _today()), "occasion": "intake", "score_housing": "3"},
    ),
    "dependant_new": Recipe(
        "support.Dependant",
        lambda w: [w.fresh.reference],
        lambda w: {"name": "Ana", "relationship": "child"},
    ),
    "entitlement_received_new": Recipe(
        "support.EntitlementReceived",
        lambda w: [w.fresh.reference],
        lambda w: {"kind": "accommodation", "result": "received", **date_fields("start_on", _today())},
    ),
    "claim_new": Recipe(
        "justice.Claim",
        lambda w: [w.fresh.reference],
        lambda w: {"kind": "cica", "outcome": "pending", **date_fields("incident_on", _today())},
    ),
}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's own admin: administrators only, no survivor records
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry


def create_form_names() -> set[str]:
    """Every create form the URL conf declares: named `*_new` or `*_start`, or marked
    @submit_once."""
    return {
        pattern.name
        for pattern in _patterns(get_resolver())
        if pattern.name
        and (pattern.name.endswith(("_new", "_start")) or getattr(pattern.callback, "submits_once", False))
    }


def test_every_create_form_has_a_recipe():
    missing = create_form_names() - set(CREATE_FORMS)
    assert not missing, f"Add a recipe to CREATE_FORMS for {sorted(missing)} so it is tested to create once"
    assert set(CREATE_FORMS) <= create_form_names(), "A recipe names a page that no longer exists"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fetch_token(client, recipe, world) -> str:
    """The token as the form page hands it out: the form must carry one."""
    page = recipe.form_page(world) if recipe.form_page else reverse(_name_of(recipe), args=recipe.args(world))
    response = client.get(page)
    assert response.status_code == 200
    found = TOKEN.findall(response.content.decode())
    assert found, f"The form at {page} carries no {TOKEN_FIELD}"
    return found[0]


def _name_of(recipe):
    return next(name for name, candidate in CREATE_FORMS.items() if candidate is recipe)


def submit(client, name, world, token):
    recipe = CREATE_FORMS[name]
    return client.post(reverse(name, args=recipe.args(world)), {**recipe.data(world), TOKEN_FIELD: token})


@pytest.mark.parametrize("name", sorted(CREATE_FORMS))
def test_the_same_form_sent_twice_creates_one_record(world, name):
    recipe = CREATE_FORMS[name]
    client = client_for(getattr(world.people, recipe.user))
    token = fetch_token(client, recipe, world)
    before = recipe.count()

    first = submit(client, name, world, token)
    assert first.status_code == 302, first.content.decode()[:2000]
    again = submit(client, name, world, token)  # a double click, or Back and save again

    assert recipe.count() == before + 1
    assert again.status_code == 302
    assert again.url == first.url  # to the record the first one made
    assert ALREADY_SAVED in client.get(again.url).content.decode()
    claim = FormSubmission.objects.get(token=token)
    assert claim.user == getattr(world.people, recipe.user)
    assert claim.record_kind == recipe.model.lower()


@requires_a_database_server_or_file
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(CREATE_FORMS))
def test_the_same_form_sent_twice_at_once_creates_one_record(world, name):
    recipe = CREATE_FORMS[name]
    user = getattr(world.people, recipe.user)
    token = fetch_token(client_for(user), recipe, world)
    before = recipe.count()
    responses = send_together(name, world, user, token)

    assert recipe.count() == before + 1
    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0].url == responses[1].url


def send_together(name, world, user, token, copies=2):
    """POST the same submission from `copies` threads released at the same instant, each with
    its own database connection."""
    start = threading.Barrier(copies)
    responses = [None] * copies
    errors = []

    def post(index):
        client = client_for(user)
        try:
            start.wait()
            responses[index] = submit(client, name, world, token)
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return responses


def test_a_form_sent_back_with_errors_frees_its_token_for_the_corrected_one(world):
    client = client_for(world.people.alex)
    recipe = CREATE_FORMS["consent_new"]
    token = fetch_token(client, recipe, world)
    url = reverse("consent_new", args=[world.fresh.reference])
    before = recipe.count()

    wrong = client.post(url, {"purpose": "police_sharing", TOKEN_FIELD: token})
    assert wrong.status_code == 200 and "govuk-error-summary" in wrong.content.decode()
    assert not FormSubmission.objects.filter(token=token).exists()

    right = client.post(url, {**recipe.data(world), TOKEN_FIELD: token})
    assert right.status_code == 302
    assert recipe.count() == before + 1


def test_a_service_refusal_frees_the_token_too(world):
    """The service refuses a decision dated before its referral: nothing saved, token free."""
    client = client_for(world.people.alex)
    token = fetch_token(client, CREATE_FORMS["nrm_decision_new"], world)
    url = reverse("nrm_decision_new", args=[world.referred.reference])
    early = _today() - timedelta(days=10)
    refused = client.post(
        url, {"kind": "rg", "outcome": "positive", **date_fields("decided_on", early), TOKEN_FIELD: token}
    )
    assert refused.status_code == 200
    assert not FormSubmission.objects.filter(token=token).exists()


def test_each_time_a_form_is_shown_it_has_a_new_token(world):
    client = client_for(world.people.alex)
    recipe = CREATE_FORMS["consent_new"]
    assert fetch_token(client, recipe, world) != fetch_token(client, recipe, world)


def test_two_forms_opened_separately_make_two_records(world):
    """Recording two consents on purpose still works: each form has its own token."""
    client = client_for(world.people.alex)
    recipe = CREATE_FORMS["consent_new"]
    before = recipe.count()
    for _ in range(2):
        assert submit(client, "consent_new", world, fetch_token(client, recipe, world)).status_code == 302
    assert recipe.count() == before + 2


def test_someone_elses_token_saves_nothing_and_reveals_nothing(world):
    alex, blake = client_for(world.people.alex), client_for(world.people.blake)
    recipe = CREATE_FORMS["case_new"]
    token = fetch_token(alex, recipe, world)
    first = submit(alex, "case_new", world, token)
    before = recipe.count()

    copied = submit(blake, "case_new", world, token)

    assert recipe.count() == before
    assert copied.url == reverse("home")
    assert first.url not in blake.get(copied.url).content.decode()


@pytest.mark.parametrize("token", ["", "short", "x" * 500, "<script>", "a b c d e f g h i j k l m n"])
def test_a_missing_or_malformed_token_is_not_deduplicated_but_never_an_error(world, token):
    """A POST without a usable token (a script, an old tab) saves as before, once per POST."""
    client = client_for(world.people.alex)
    recipe = CREATE_FORMS["consent_new"]
    before = recipe.count()
    assert submit(client, "consent_new", world, token).status_code == 302
    assert recipe.count() == before + 1
    assert not FormSubmission.objects.exists()


def test_record_pages_that_change_a_record_in_place_carry_no_token(world):
    page = client_for(world.people.alex).get(
        reverse("engagement_edit", args=[world.fresh.reference, world.proceeding.pk])
    )
    assert TOKEN_FIELD not in page.content.decode()


def test_forms_are_disabled_once_pressed_by_a_script_of_our_own(world):
    """The script is a static file (no inline script: the CSP forbids it)."""
    page = client_for(world.people.alex).get(reverse("case_new")).content.decode()
    assert re.search(r'<script src="[^"]*submit-once[^"]*\.js" defer>', page)


@pytest.mark.parametrize("name", sorted(set(CREATE_FORMS) - {"case_new"}))  # each on a case of Alex's
def test_a_refused_post_with_a_token_is_still_audited_and_frees_the_token(world, name):
    """Blake may not see Alex's cases: the 404 is audited as before, and nothing is claimed."""
    from casework.models import AuditEvent
    from casework.vocabularies import AuditAction

    recipe = CREATE_FORMS[name]
    token = fetch_token(client_for(getattr(world.people, recipe.user)), recipe, world)
    outsider = world.people.casey
    before = recipe.count()

    response = submit(client_for(outsider), name, world, token)

    assert response.status_code == 404
    assert recipe.count() == before
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=outsider).exists()
    assert not FormSubmission.objects.filter(token=token).exists()


def test_a_post_that_creates_nothing_keeps_no_claim(world):
    """An erased case refuses with a redirect: a retry is not told "This was already saved"."""
    client = client_for(world.people.alex)
    recipe = CREATE_FORMS["consent_new"]
    token = fetch_token(client, recipe, world)
    world.fresh.erased_at = timezone.now()
    world.fresh.save(update_fields=["erased_at"])
    before = recipe.count()

    first = submit(client, "consent_new", world, token)
    again = submit(client, "consent_new", world, token)

    assert first.status_code == again.status_code == 302
    assert recipe.count() == before
    assert not FormSubmission.objects.filter(token=token).exists()
    assert ALREADY_SAVED not in client.get(again.url).content.decode()


# For each form, answers that make a different record from its recipe's. Not the NRM pages:
# a second referral or decision of a kind is refused by the service (tested with it), so the
# form comes back with that error rather than saving.
DIFFERENT: dict[str, Callable[[World], dict]] = {
    "case_new": lambda w: {"given_names": "Bea", "family_name": "Secondperson"},
    "consent_new": lambda w: {"purpose": "contact_by_phone"},
    "case_share": lambda w: date_fields("expires_on", _today() + timedelta(days=20)),
    "support_period_new": lambda w: {"kind": "legal_advice"},
    "needs_assessment_new": lambda w: date_fields("due_on", _today() + timedelta(days=12)),
    "permission_to_stay_new": lambda w: date_fields("considered_from", _today() - timedelta(days=1)),
    "child_guardian_new": lambda w: date_fields("referred_on", _today() - timedelta(days=1)),
    "age_dispute_new": lambda w: date_fields("raised_on", _today() - timedelta(days=1)),
    "local_authority_lead_new": lambda w: date_fields("since", _today() - timedelta(days=1)),
    "proceeding_new": lambda w: {"police_force": "merseyside"},
    "milestone_new": lambda w: date_fields("on", _today() - timedelta(days=1)),
    "claim_new": lambda w: date_fields("incident_on", _today() - timedelta(days=1)),
}


@pytest.mark.parametrize("name", sorted(DIFFERENT))
def test_back_then_a_different_record_in_the_old_form_is_shown_again_not_dropped(world, name):
    """Back shows the old form with its old token (static/js/submit-once.js); a genuinely
    different record typed into it is not dropped as "already saved": the form comes back with
    what was typed, a fresh token and a warning, and saving that adds it."""
    recipe = CREATE_FORMS[name]
    client = client_for(getattr(world.people, recipe.user))
    token = fetch_token(client, recipe, world)
    assert submit(client, name, world, token).status_code == 302
    before = recipe.count()
    url = reverse(name, args=recipe.args(world))
    different = {**recipe.data(world), **DIFFERENT[name](world)}

    shown = client.post(url, {**different, TOKEN_FIELD: token})

    assert shown.status_code == 200
    page = shown.content.decode()
    assert "already saved once with different answers" in page
    fresh = TOKEN.findall(page)
    assert fresh and fresh[0] != token
    assert recipe.count() == before
    saved = client.post(url, {**different, TOKEN_FIELD: fresh[0]})
    assert saved.status_code == 302
    if name == "case_share":  # sharing again with the same colleague moves the end date
        share = apps.get_model(recipe.model).objects.get()
        assert share.expires_on == _today() + timedelta(days=20)
    else:
        assert recipe.count() == before + 1


def test_the_claim_keeps_no_personal_data_only_an_hmac_of_the_answers(world):
    client = client_for(world.people.alex)
    recipe = CREATE_FORMS["case_new"]
    token = fetch_token(client, recipe, world)
    submit(client, "case_new", world, token)
    claim = FormSubmission.objects.get(token=token)
    assert re.fullmatch(r"[0-9a-f]{64}", claim.body_digest)
    stored = " ".join(str(value) for value in vars(claim).values())
    assert "Ana" not in stored and "Doubleclick" not in stored


def test_claims_older_than_a_day_are_purged_by_beat(world, settings, time_machine):
    from casework import tasks

    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    FormSubmission.objects.create(token="old" * 8, user=world.people.alex)
    time_machine.shift(timedelta(hours=23))
    FormSubmission.objects.create(token="recent" * 4, user=world.people.alex)
    time_machine.shift(timedelta(hours=1, seconds=1))

    assert tasks.purge_form_submissions() == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["recent" * 4]
    assert "casework.tasks.purge_form_submissions" in {
        job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()
    }
