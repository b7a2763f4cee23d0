"""What an audit payload may name (docs/architecture.md, Audit trail): fields and record
kinds, never values. tests/conftest.py checks every audit entry that any test writes against
this list, so a service that puts a value in `fields` (a stop reason, an outcome, a name)
fails the suite."""

import re
from functools import cache

from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

from casework.services.record_kinds import KINDS
from casework.vocabularies import ConsentPurpose
from justice.vocabularies import MilestoneKind
from oversight import backlog
from screening.questions import QUESTIONNAIRES
from support.vocabularies import DecisionKind, ReferralKind

PROJECT_APPS = tuple(settings.PROJECT_APPS)

# Vocabularies that name a kind of record (which record was written), not what it says:
# "a consent for the NRM referral was recorded", "an RG decision was recorded", "a verdict
# was recorded". Vocabularies of values (outcomes, stop reasons, decisions given or refused)
# are deliberately absent.
RECORD_KINDS = (ConsentPurpose, ReferralKind, DecisionKind, MilestoneKind)

# Names of records that are not a model's own name, and form fields that stand for rows
# (exploitation_types: the case's CaseExploitation rows; passkey: a WebAuthn credential).
RECORD_NAMES = {
    "support_period",
    "recovery_needs_assessment",
    "permission_to_stay",
    "proceeding",
    "engagement",
    "claim",
    "exploitation_types",
    "passkey",
    "plan_review",
}


@cache
def allowed_names() -> frozenset[str]:
    names = set(RECORD_NAMES)
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            names.update(field.name for field in model._meta.get_fields())
    for questionnaire in QUESTIONNAIRES.values():
        for section in questionnaire.sections:
            names.update(f"{section.slug}.{question.key}" for question in section.questions)
    for vocabulary in RECORD_KINDS:
        names.update(vocabulary.values)
    names.update(backlog.FIGURES)
    # A view of a case's page names the page (its URL name, casework.access).
    names.update(name for name in get_resolver().reverse_dict if isinstance(name, str))
    # Corrections name "<record kind>.<field>" (casework.services.versioning).
    for key, kind in KINDS.items():
        names.add(key)
        names.update(f"{key}.{name}" for name in kind.labels)
        for model in kind.models:
            names.update(f"{key}.{field.name}" for field in model._meta.get_fields())
    return frozenset(names)


# A record named with its id, where the action concerns one record of several ("document:12",
# casework/services/documents.py): a kind and a number, never a value.
RECORD_IDS = re.compile(r"document:\d+")


def values_in(fields) -> list[str]:
    return [name for name in fields if name not in allowed_names() and not RECORD_IDS.fullmatch(name)]
