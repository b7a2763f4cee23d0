"""Blind indexes: exact-match search over encrypted values (docs/architecture.md, Encryption and keys).

A blind index is HMAC-SHA256 of a normalised value under a key derived from
BLIND_INDEX_KEY for that one purpose, so indexes of different fields cannot be
joined. Anyone holding the key can test guesses, so it is guarded like FERNET_KEYS.
Used for duplicate detection and search only.
"""

import hashlib
import hmac
import re
import unicodedata
from datetime import date

from django.conf import settings

_WHITESPACE = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")


def normalise_text(value: str) -> str:
    """Compatibility-normalise, drop accents, casefold and collapse whitespace and
    hyphens/apostrophes, so 'José  O'Brien' and 'jose obrien' index the same."""
    decomposed = unicodedata.normalize("NFKD", value)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = without_marks.casefold()
    folded = re.sub("[-'\u2019`.,]", "", folded)
    return _WHITESPACE.sub(" ", folded).strip()


def normalise_phone(value: str) -> str:
    """Digits only, with a UK international prefix made national: +44 7700 900123 == 07700900123."""
    digits = _NOT_DIGIT.sub("", value.replace("(0)", ""))
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def _purpose_key(purpose: str) -> bytes:
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), purpose.encode(), hashlib.sha256).digest()


def blind_index(purpose: str, normalised: str) -> str:
    """Hex HMAC of an already-normalised value; empty input gives an empty index."""
    if not normalised:
        return ""
    return hmac.new(_purpose_key(purpose), normalised.encode(), hashlib.sha256).hexdigest()


def name_dob_index(given_names: str, family_name: str, date_of_birth: date | None) -> str:
    """Compound index of full name and date of birth: a name alone is too common to match on."""
    name = normalise_text(f"{given_names} {family_name}")
    if not name or date_of_birth is None:
        return ""
    return blind_index("person.name_dob", f"{name}|{date_of_birth.isoformat()}")


def phone_index(phone: str) -> str:
    return blind_index("person.phone", normalise_phone(phone))
