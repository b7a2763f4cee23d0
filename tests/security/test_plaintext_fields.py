"""No free text about a person is stored in plaintext (security review, item 4).

The first test walks every field of every model of the project's apps and fails on any text
or JSON column that is not encrypted and not on the allow-list below, where each entry says
why it may be plaintext. A new field is therefore encrypted or argued for, never forgotten."""

import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from fernet_fields import EncryptedField

from casework.models import Consent, Person, RecordRevision
from casework.security import key_rotation
from casework.services import subject_access
from casework.services.closure import case_close
from casework.services.consent import consent_record
from casework.services.retention import case_erase_personal_data
from support.models import Referral, SupportPeriod
from tests.casework.test_data_at_rest import everything_stored
from tests.corrections.helpers import post_data
from tests.factories import ConsentFactory, ReferralFactory

PROJECT_APPS = set(settings.PROJECT_APPS)

# Plaintext text/JSON columns, each with the reason it holds nothing typed about a person.
VOCABULARY = "a controlled vocabulary (choices), counted by statistics and filters"
ACTION_CODE = "an audit action code that the owning app declares (casework.models.audit)"
ALLOWED = {
    # Identifiers and keys made by the system.
    "casework.Case.reference": "the random case reference, SC-XXXX-XXXX",
    "casework.Person.name_dob_bidx": "blind index: an HMAC digest, not the value",
    "casework.Person.phone_bidx": "blind index: an HMAC digest, not the value",
    "support.Referral.nrm_reference_bidx": "blind index: an HMAC digest, not the value",
    # Vocabularies.
    "casework.Case.status": VOCABULARY,
    "casework.Case.closure_reason": VOCABULARY,
    "casework.Case.gender": VOCABULARY,
    "casework.Case.nationalities": "ISO country codes from django-countries' list (statistics)",
    "casework.Case.age_at_exploitation": VOCABULARY,
    "casework.Case.where_exploited": VOCABULARY,
    "casework.CaseExploitation.kind": VOCABULARY,
    "casework.Consent.purpose": VOCABULARY,
    "casework.Consent.decision": VOCABULARY,
    "casework.Contact.kind": VOCABULARY,
    "casework.Task.status": VOCABULARY,
    "casework.Task.about_kind": "the code of a kind of record (record_kinds), never survivor text",
    "casework.Contact.place": "a kind of place from a vocabulary, never an address",
    "justice.Proceeding.kind": VOCABULARY,
    "justice.Proceeding.police_force": VOCABULARY,
    "justice.Proceeding.engagement": VOCABULARY,
    "justice.Proceeding.disengagement_reason": VOCABULARY,
    "justice.Proceeding.s45_outcome": VOCABULARY,
    "justice.Milestone.kind": VOCABULARY,
    "justice.Milestone.outcome": VOCABULARY,
    "justice.Claim.kind": VOCABULARY,
    "justice.Claim.outcome": VOCABULARY,
    "justice.Claim.extension_outcome": VOCABULARY,
    "casework.Membership.role": VOCABULARY,
    "casework.Membership.confirmed_role": VOCABULARY,
    "casework.AuditEvent.action": ACTION_CODE,
    "casework.DuplicateFlag.resolution": VOCABULARY,
    "casework.DuplicateFlag.case_answer": VOCABULARY,
    "casework.DuplicateFlag.matched_answer": VOCABULARY,
    "casework.RecordRevision.change": VOCABULARY,
    "screening.ScreeningInterview.status": VOCABULARY,
    "screening.ScreeningInterview.stop_reason": VOCABULARY,
    "screening.ScreeningInterview.outcome": "an outcome code from screening/questions.py (NRM hand-off)",
    "screening.ScreeningInterview.progress": "section slug -> 'complete' or 'in_progress'",
    "screening.ScreeningAmendment.section": "a section slug from screening/questions.py",
    "screening.ScreeningAmendment.fields": "question keys (names of what changed, never answers)",
    "support.Referral.kind": VOCABULARY,
    "support.Referral.first_responder": VOCABULARY,
    "support.Referral.age_at_referral": VOCABULARY,
    "support.Referral.competent_authority": VOCABULARY,
    "support.Referral.age_at_exploitation": VOCABULARY,
    "support.Referral.child_panel_area": "a pilot local authority key (support/rules/children.py)",
    "support.ChildGuardian.service": VOCABULARY,
    "support.AgeDispute.outcome": VOCABULARY,
    "support.Referral.nation": VOCABULARY,
    "support.Referral.working_day_calendar": VOCABULARY,
    "support.Decision.kind": VOCABULARY,
    "support.Decision.outcome": VOCABULARY,
    "support.Reconsideration.outcome": VOCABULARY,
    "support.SupportPeriod.provider": VOCABULARY,
    "support.SupportPeriod.kind": VOCABULARY,
    "support.SupportPeriod.end_reason": VOCABULARY,
    "support.RecoveryNeedsAssessment.outcome": VOCABULARY,
    "support.PermissionToStay.decision": VOCABULARY,
    "support.PermissionToStay.ground": VOCABULARY,
    "support.PublicOrderDisqualification.ground": VOCABULARY,
    "support.PublicOrderDisqualification.reconsideration_outcome": VOCABULARY,
    # Risk and safety: the overall level is what the case list, its filter, the work items and
    # the backlog read in SQL; the areas (which, at what level, the evidence) and the safety plan
    # are encrypted.
    "support.RiskAssessment.overall_level": VOCABULARY,
    "support.RiskReviewPolicy.level": "a team's policy row (staff data), a vocabulary",
    "support.Need.domain": VOCABULARY,
    "support.Need.priority": VOCABULARY,
    "support.Need.status": VOCABULARY,
    "support.Goal.status": VOCABULARY,
    # Outcomes, dependants and entitlements received: what the team figures count; the survivor's
    # words, names, dates of birth, reasons and notes are encrypted.
    "support.OutcomeRating.occasion": VOCABULARY,
    "support.OutcomeRating.outcome": VOCABULARY,
    "support.Dependant.relationship": VOCABULARY,
    "support.EntitlementReceived.kind": VOCABULARY,
    "support.EntitlementReceived.result": VOCABULARY,
    "oversight.ReminderDelivery.kind": VOCABULARY,
    "oversight.ReminderDelivery.status": VOCABULARY,
    "oversight.ReminderDelivery.items": "case references, item codes and fixed wording (no survivor data)",
    "oversight.ReminderDelivery.last_error": "an SMTP status code or exception class name",
    # The audit trail names fields and record kinds, never values (docs/architecture.md, Audit trail).
    "casework.AuditEvent.fields": "names of fields, pages or questions, never their values",
    # A record's history: which record and which fields; the earlier values are encrypted.
    "casework.RecordRevision.record_kind": "a key of versioning's record kinds, e.g. 'decision'",
    "casework.FormSubmission.token": "a random one-time form token (casework/services/submission.py)",
    "casework.FormSubmission.redirect_to": "a path of this app without its query, e.g. a case page",
    "casework.FormSubmission.record_kind": "a model label, e.g. 'casework.consent'",
    "casework.FormSubmission.body_digest": "an HMAC (keyed with SECRET_KEY) of the POST body, not the body",
    "casework.RecordRevision.fields": "names of the changed fields, never their values",
    # Staff, not survivors: the accounts and teams the administrators manage.
    "casework.User.username": "staff account",
    "casework.User.password": "a password hash",
    "casework.User.first_name": "staff account",
    "casework.User.last_name": "staff account",
    "casework.User.email": "staff account (reminder emails go there)",
    "casework.Team.name": "a team of staff",
    "casework.Team.nation": VOCABULARY,
    # Documents (casework/models/documents.py): the title, notes, reason and file name are encrypted.
    "casework.Document.kind": VOCABULARY,
    "casework.Document.about_kind": "the code of a kind of record (record_kinds), never survivor text",
    "casework.DocumentFile.storage_name": "a random storage object name (document_storage.store)",
    "casework.DocumentFile.content_type": "the type decided from the content, from file_checks' short list",
    "casework.DocumentFile.extension": "the extension of that type ('pdf'), never the uploaded name's",
    "casework.SubjectAccessExport.storage_name": "a random storage object name (document_storage.store)",
}
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def plaintext_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and not isinstance(field, EncryptedField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_plaintext_text_field_is_on_the_allow_list():
    unexpected = sorted(name for name, _field in plaintext_text_fields() if name not in ALLOWED)
    assert unexpected == [], f"encrypt these, or add them to ALLOWED with the reason: {unexpected}"


def test_the_allow_list_has_no_stale_or_mislabelled_entries():
    fields = dict(plaintext_text_fields())
    assert sorted(set(ALLOWED) - set(fields)) == []
    for name, reason in ALLOWED.items():
        if reason == VOCABULARY:
            assert fields[name].choices, f"{name} is listed as a vocabulary but has no choices"


def test_the_fields_named_in_the_review_are_encrypted():
    for model, name in [
        (Consent, "organisation"),
        (Referral, "first_responder_other"),
        (SupportPeriod, "provider_name"),
        (Person, "risk_flags"),
    ]:
        assert isinstance(model._meta.get_field(name), EncryptedField), name


SAFE_HOUSE = "Brambleworth Refuge"
FIRST_RESPONDER = "Quillfeather Outreach"
ORGANISATION = "Marrowvale Housing Trust"


@pytest.fixture
def free_text_case(people, alex_case):
    person = alex_case.person
    person.risk_flags = ["self_harm", "exploiter_in_contact"]
    person.save()
    consent_record(
        actor=people.alex,
        case=alex_case,
        purpose="organisation_sharing",
        decision="given",
        decided_on=timezone.localdate(),
        organisation=ORGANISATION,
    )
    ReferralFactory(case=alex_case, first_responder="other", first_responder_other=FIRST_RESPONDER)
    SupportPeriod.objects.create(
        case=alex_case,
        provider="other",
        provider_name=SAFE_HOUSE,
        kind="accommodation",
        start_on=timezone.localdate() - timedelta(days=10),
        recorded_by=people.alex,
    )
    return alex_case


def test_none_of_them_can_be_read_in_the_database(free_text_case):
    stored = everything_stored()
    for sentinel in (SAFE_HOUSE, FIRST_RESPONDER, ORGANISATION, "self_harm", "exploiter_in_contact"):
        assert sentinel not in stored, sentinel


def test_they_still_read_back(free_text_case):
    person = Person.objects.get(pk=free_text_case.pk)
    assert person.risk_flags == ["self_harm", "exploiter_in_contact"]
    assert person.risk_flag_labels == ["Risk of self-harm or suicide", "Exploiter still in contact"]
    assert Consent.objects.get(case=free_text_case).organisation == ORGANISATION
    assert Referral.objects.get(case=free_text_case).first_responder_other == FIRST_RESPONDER
    assert SupportPeriod.objects.get(case=free_text_case).provider_name == SAFE_HOUSE


def test_erasure_blanks_them(people, free_text_case):
    type(free_text_case).objects.filter(pk=free_text_case.pk).update(opened_on=date(2018, 1, 1))
    free_text_case.refresh_from_db()
    case_close(
        actor=people.alex, case=free_text_case, closed_on=date(2018, 1, 10), reason="support_completed"
    )
    free_text_case.retention_until = date(2024, 1, 10)
    free_text_case.save()
    case_erase_personal_data(actor=people.morgan, case=free_text_case)
    assert Consent.objects.get(case=free_text_case).organisation == ""
    assert Referral.objects.get(case=free_text_case).first_responder_other == ""
    assert SupportPeriod.objects.get(case=free_text_case).provider_name == ""
    assert not Person.objects.filter(pk=free_text_case.pk).exists()


def test_the_subject_access_export_includes_them(free_text_case):
    text = subject_access.as_json(subject_access.collect(free_text_case))
    for value in (SAFE_HOUSE, FIRST_RESPONDER, ORGANISATION, "Risk of self-harm or suicide"):
        assert value in text, value


def test_key_rotation_covers_them(settings, free_text_case):
    from cryptography.fernet import Fernet

    old = settings.FERNET_KEYS
    settings.FERNET_KEYS = [Fernet.generate_key().decode(), *old]
    counts = {count.model: count for count in key_rotation.rotate_all()}
    assert counts["support.SupportPeriod"].rotated >= 1
    assert counts["support.Referral"].rotated >= 1
    assert counts["casework.Consent"].rotated >= 1
    settings.FERNET_KEYS = settings.FERNET_KEYS[:1]  # the old key is gone
    assert SupportPeriod.objects.get(case=free_text_case).provider_name == SAFE_HOUSE
    assert Person.objects.get(pk=free_text_case.pk).risk_flags == ["self_harm", "exploiter_in_contact"]
    assert Consent.objects.get(case=free_text_case).organisation == ORGANISATION
    assert Referral.objects.get(case=free_text_case).first_responder_other == FIRST_RESPONDER


def test_a_consent_for_another_purpose_holds_no_organisation(people, alex_case):
    consent = ConsentFactory(case=alex_case, purpose="nrm_referral")
    with connection.cursor() as cursor:
        cursor.execute("SELECT organisation FROM casework_consent WHERE id = %s", [consent.pk])
        assert cursor.fetchone()[0] is None
    sections = {
        section["title"]: section["records"] for section in subject_access.collect(alex_case)["sections"]
    }
    assert json.dumps(sections["Consent"][0]["organisation"]) in ('""', "null")


@pytest.mark.parametrize("page", ["nrm_referral_change", "support_period_change"])
def test_an_unchanged_correction_of_a_record_with_no_name_writes_nothing(people, login, alex_case, page):
    """No name given is stored as NULL; the form sends "" back, which must not count as a change."""
    ConsentFactory(case=alex_case, decided_on=timezone.localdate() - timedelta(days=90))
    referral = ReferralFactory(case=alex_case, submitted_on=timezone.localdate() - timedelta(days=60))
    period = SupportPeriod.objects.create(
        case=alex_case,
        provider="vcc",
        kind="outreach",
        start_on=timezone.localdate() - timedelta(days=50),
        recorded_by=people.alex,
    )
    record = referral if page == "nrm_referral_change" else period
    assert record.__class__.objects.get(pk=record.pk).__dict__.get(
        "first_responder_other" if record is referral else "provider_name"
    ) in (None, "")
    client = login(people.alex)
    url = reverse(page, args=[alex_case.reference, record.pk])
    data = {**post_data(client.get(url).context["form"]), "reason": "Checked"}
    response = client.post(url, data, follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert not RecordRevision.objects.exists()
