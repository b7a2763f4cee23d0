"""Words for the codes that records hold: field names, record kinds and vocabulary values
("safe_contact_times", "support_period", "rg"), and values as a reader expects them (dates as
"14 June 1998", Yes and No). The audit trail and the subject access export show these, never
the codes. Apps add their own words in AppConfig.ready() (imports go one way: casework knows
nothing of support or screening)."""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from casework.ui.dates import long_date
from casework.vocabularies import (
    AgeAtExploitation,
    ClosureReason,
    ConsentPurpose,
    ExploitationType,
    Gender,
    RiskFlag,
    WhereExploited,
)

_LABELS: dict[str, str] = {
    # The survivor's details, in the words of the case page.
    "given_names": "Given names",
    "family_name": "Family name",
    "aliases": "Other names used",
    "date_of_birth": "Date of birth",
    "estimated_age": "Estimated age",
    "languages": "Languages spoken",
    "interpreter_needed": "Needs an interpreter",
    "phone": "Phone",
    "email": "Email",
    "address": "Address",
    "safe_to_call": "Safe to call",
    "safe_to_text": "Safe to text",
    "safe_to_leave_voicemail": "Safe to leave a voicemail",
    "safe_contact_times": "Safe times",
    "risk_flags": "Risks",
    "notes": "Notes",
    "gender": "Gender",
    "nationalities": "Nationalities",
    "age_at_exploitation": "Age at exploitation",
    "exploitation_types": "Type of exploitation",
    "county_lines": "County lines",
    "where_exploited": "Where exploited",
    # The case and its records.
    "reference": "Case reference",
    "team": "Team",
    "status": "Status",
    "opened_on": "Opened on",
    "closed_on": "Date closed",
    "cancelled_on": "Date cancelled",
    "closure_reason": "Why it closed",
    "personal_data_kept_until": "Personal data kept until",
    "assignee": "Assigned to",
    "purpose": "Purpose",
    "organisation": "Organisation",
    "decision": "Decision",
    "decided_on": "Date of the decision",
    "withdrawn_on": "Date withdrawn",
    "served_on": "Date served",
    "requested_on": "Date reconsideration was requested",
    "outcome": "Outcome",
    "end_on": "End date",
    "end_reason": "Why it ended",
    "proceeding": "Criminal proceeding",
    "engagement": "The survivor's engagement",
    "claim": "Claim",
    "record": "Record",
    "incident_on": "Date of the incident or act",
    "steps": "Steps",
}
# The pages of a case, by their URL names: a view of a case is audited with the page's name
# (casework.access), and a manager reads which page was opened. Apps add their own pages.
PAGES = {
    "case": "Case page",
    "case_details": "Personal details page",
    "case_consent": "Consent page",
    "case_edit": "Change the survivor's details page",
    "case_assign": "Assign the case page",
    "case_share": "Share the case for cover page",
    "case_share_end": "End cover page",
    "case_close": "Close the case page",
    "case_reopen": "Reopen the case page",
    "case_history": "History of changes page",
    "case_history_remove": "Remove values entered on the wrong case page",
    "case_contacts": "Contacts page",
    "contact_new": "Log a contact page",
    "contact_change": "Correct a contact page",
    "contact_delete": "Delete a contact page",
    "contact_safeguarding_seen": "Mark a safeguarding concern as seen",
    "case_tasks": "Tasks page",
    "task_new": "Add a task page",
    "task_done": "Mark a task done",
    "task_reopen": "Reopen a task",
    "task_cancel": "Cancel a task page",
    "task_change": "Correct a task page",
    "case_timeline": "Timeline page",
    "case_timeline_print": "Print the timeline page",
    "consent_new": "Record consent page",
    "consent_withdraw": "Withdraw consent page",
    "case_export": "Export everything held page",
    "case_export_download": "Download the export page",
}
_RESOLVERS: list[Callable[[str], str | None]] = []


def register(labels: dict[str, str] | Iterable[tuple[str, str]]) -> None:
    """Add words for codes (an app's record kinds, or a TextChoices' .choices)."""
    for code, label in dict(labels).items():
        _LABELS.setdefault(str(code), str(label))


def register_resolver(resolver: Callable[[str], str | None]) -> None:
    """Add a function giving the words for codes no table can list (screening questions)."""
    _RESOLVERS.append(resolver)


register(PAGES)

for _vocabulary in (
    ConsentPurpose,
    ClosureReason,
    Gender,
    AgeAtExploitation,
    WhereExploited,
    ExploitationType,
    RiskFlag,
):
    register(_vocabulary.choices)


def label(code: str) -> str:
    """The words for a code; an unknown code is at least made readable ("a_b" -> "A b")."""
    code = str(code)
    if code in _LABELS:
        return _LABELS[code]
    for resolver in _RESOLVERS:
        found = resolver(code)
        if found:
            return found
    head, _, tail = code.partition(".")
    if tail:
        # A correction names "kind.field" ("support_period.end_on"): the kinds of record that
        # can be corrected know their own fields' labels (casework/services/record_kinds.py).
        from casework.services.record_kinds import KINDS

        kind = KINDS.get(head)
        if kind is not None:
            return f"{kind.title}: {_lower_first(kind.label(tail))}"
        return f"{label(head)}: {_lower_first(label(tail))}"
    return code.replace("_", " ").capitalize()


def labels(codes: Iterable[str]) -> str:
    """Codes as one phrase: "Address, phone, safe times"."""
    words = [label(code) for code in codes]
    return ", ".join([words[0], *(_lower_first(word) for word in words[1:])]) if words else ""


def _lower_first(word: str) -> str:
    # "Phone" -> "phone"; a label with other capitals ("Reasonable Grounds (RG)", "NRM
    # reference") is a name and keeps them all.
    if any(character.isupper() for character in word[1:]):
        return word
    return word[:1].lower() + word[1:]


def readable(value):
    """A value as a reader expects it: dates as "14 June 1998", times in UK time without
    seconds, Yes or No, nothing for None; lists and records item by item."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{long_date(local)} at {local:%H:%M}"
    if isinstance(value, date):
        return long_date(value)
    if value is None:
        return ""
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [readable(item) for item in value]
    return value


def lower_first(words: str) -> str:
    """The words after a colon, their first letter lowered ("Consent given: referral to the
    National Referral Mechanism"), whatever capitals follow (unlike a field's label above)."""
    return words[:1].lower() + words[1:]


def choice_label(choices: type[models.Choices], code) -> str:
    """A stored code's words in its vocabulary; a code since taken out of it is not an error
    on a page that only shows it, but its readable self ("old_code" -> "Old code")."""
    try:
        return str(choices(code).label)
    except ValueError:
        return label(code)
