from django.urls import register_converter

from casework.models.cases import REFERENCE_PATTERN


class CaseReferenceConverter:
    """Only well-formed references reach a view; anything else is a plain 404."""

    regex = REFERENCE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered on import, so every app's urls.py can use <case_ref:reference>.
register_converter(CaseReferenceConverter, "case_ref")
