"""Rules of a referral's own fields, asked by the referral form and the referral services alike."""

from django.core.exceptions import ValidationError

from support.vocabularies import FirstResponder

OTHER_FRO_NEEDED = "Enter the name of the First Responder Organisation"


def other_first_responder(first_responder: str, name) -> str | None:
    """The name of an "other" First Responder, required for one and NULL for every other (the
    database checks an "other" is named: its encrypted value cannot be compared with "")."""
    if first_responder != FirstResponder.OTHER:
        return None
    if not (name or "").strip():
        raise ValidationError({"first_responder_other": OTHER_FRO_NEEDED})
    return name.strip()
