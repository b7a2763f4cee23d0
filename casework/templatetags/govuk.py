from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html

from casework.ui import dates, labels

register = template.Library()

# A reference that matches the case_ref converter, reversed in place of the real one.
_REFERENCE_PLACEHOLDER = "SC-2222-2222"


@lru_cache(maxsize=64)
def _case_url_parts(url_name: str, script_prefix: str) -> tuple[str, str]:
    before, _, after = reverse(url_name, args=[_REFERENCE_PLACEHOLDER]).partition(_REFERENCE_PLACEHOLDER)
    return before, after


@register.filter
def short_date(day) -> str:
    """A date (not a datetime: no time zone is applied) as 14 Jun 1998; nothing for no date."""
    return dates.short_date(day) if day else ""


@register.filter
def long_date(day) -> str:
    """A date (not a datetime) as 14 June 1998, as pages and emails write it; nothing for no date."""
    return dates.long_date(day) if day else ""


@register.filter
def case_url(reference: str, url_name: str = "case") -> str:
    """A case page's URL, the same as {% url url_name reference %}: reversed once per page name
    (and script prefix), then joined with each reference. "My work" and the case list link a
    hundred rows or more, and a reverse per row was a tenth of the page's time."""
    before, after = _case_url_parts(url_name, get_script_prefix())
    return f"{before}{reference}{after}"


# Widgets drawn as a group of inputs: the error summary links to the first of them.
_GROUPED = {"radioselect", "checkboxselectmultiple", "govukdate"}


@register.filter
def error_anchor(bound_field) -> str:
    if bound_field.widget_type in _GROUPED:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def join_if_list(value):
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


@register.filter
def field_label(key: str) -> str:
    """ "safe_contact_times" -> "Safe times" (casework/ui/labels.py)."""
    return labels.label(key)


@register.simple_tag
def counted_textarea(field):
    """A textarea with a limit, described by its GOV.UK character count message too."""
    described = " ".join(filter(None, [field.aria_describedby, f"{field.auto_id}-info"]))
    return field.as_widget(attrs={"aria-describedby": described})


@register.filter
def lower_first(text) -> str:
    """A label inside a sentence ("Change referred to the NRM"): only its first letter is
    lowered, and not at all when the first word is an abbreviation ("RG decision")."""
    text = str(text)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def audit_action(event) -> str:
    """An audit entry's action in words ("Recorded a compensation claim")."""
    return event.action_label


@register.filter
def field_labels(codes) -> str:
    """["address", "phone"] -> "Address, phone"."""
    return labels.labels(codes or [])


@register.filter
def as_lines(value) -> list:
    """A value as a list of lines to show: lists as they are, anything else as one line."""
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@register.simple_tag
def revealed_by(bound_field, choice) -> list:
    """The fields a radio choice reveals (GOV.UK conditional reveal), from the form's
    `reveals` = {radio field: {choice value: [field names]}}."""
    reveals = getattr(bound_field.form, "reveals", {}).get(bound_field.name, {})
    return [bound_field.form[name] for name in reveals.get(str(choice.data["value"]), ())]


@register.simple_tag
def radio_input(choice, conditional_id=""):
    """A radio's <input>, pointing at the conditional content it reveals, if any: what
    govuk-frontend's Radios component reads to show and hide it."""
    if conditional_id:
        choice.data["attrs"] = {**choice.data["attrs"], "data-aria-controls": conditional_id}
    return choice.tag()


@register.filter
def isolated(value):
    """A value someone typed, in <bdi>: its direction is worked out on its own, so
    right-to-left text cannot reorder the words around it (and long words wrap, in the CSS)."""
    return format_html("<bdi>{}</bdi>", value)


# Documents: "Letter held" on a record's own page (casework/templatetags/documents.py).
from casework.templatetags.documents import document_held  # noqa: E402

register.simple_tag(document_held)
