"""{% document_held case "decision" decision.pk "Letter held" %}: on a record's own page, " · " and a
link to the document attached to it (the RG decision's letter, a consent's signed form), or
nothing. Registered in the govuk library too, which every case page already loads.
The case's attached documents are read once per page (one query, kept on the case object),
however many records the page shows."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from casework.selectors.documents import held_for_records

register = template.Library()

_CACHE = "_documents_held_for_records"


@register.simple_tag
def document_held(case, kind: str, pk, words: str = "Document held"):
    if case is None or pk is None:
        return ""
    held = case.__dict__.get(_CACHE)
    if held is None:
        held = case.__dict__[_CACHE] = held_for_records(case)
    document = held.get((kind, pk))
    if document is None:
        return ""
    href = reverse("case_documents", args=[case.reference]) + f"#document-{document.pk}"
    return format_html(' · <a class="govuk-link app-document-held" href="{}">{}</a>', href, words)
