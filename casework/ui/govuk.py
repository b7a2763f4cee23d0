"""GOV.UK Frontend form patterns for Django forms: the renderer, a date input made of
day/month/year boxes, and a mixin that gives widgets their GOV.UK classes.

Every app's forms use these, so error messages and markup are the same everywhere."""

import re
from datetime import date

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

from casework.dates import furthest_ahead, too_far_message
from casework.ui.dates import long_date

_WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "number": "govuk-input",
    "password": "govuk-input",
    "date": "govuk-input",
    "time": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk_forms/form.html"
    field_template_name = "govuk_forms/field.html"


def _widget_type(widget) -> str:
    # The same name BoundField.widget_type gives templates ("TextInput" -> "text").
    return re.sub(r"widget$|input$", "", type(widget).__name__.lower())


# Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069): typed
# into a name they make "evil" display as "live" and can reorder the text around it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


# Zero-width spaces and joiners (U+200B-U+200D, U+2060, U+FEFF) print nothing: a title of only
# these is blank, like one of only spaces. Inside words they stay (Persian needs U+200C, emoji U+200D).
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
BLANK = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff]*")


def _clean(value):
    if not isinstance(value, str):
        return value
    value = BIDI_CONTROLS.sub("", value)
    return "" if ZERO_WIDTH.search(value) and BLANK.fullmatch(value) else value


def without_bidi_controls(data):
    """A copy of submitted form data with the bidi controls removed from every value, and a value
    of nothing but spaces and zero-width characters made empty."""
    if hasattr(data, "lists"):  # a QueryDict (several values per key)
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [_clean(v) for v in values])
        return cleaned
    return {key: _clean(v) for key, v in data.items()}


# Words that already make a label read as the object of "Enter" or "Select" ("Select what
# happened to the claim", "Enter your ..."); any other label gets "the".
_NO_ARTICLE = {
    *("what", "which", "how", "when", "where", "who", "why", "whether"),
    *("the", "your", "a", "an", "any"),
}


def _lower_first(words: str) -> str:
    # "Date of birth" -> "date of birth"; "NRM reference" keeps its capitals (a name).
    if words[1:2].isupper():
        return words
    return words[:1].lower() + words[1:]


def the(label) -> str:
    """A label as the object of a sentence: "the date of birth", "what happened to the claim"."""
    words = _lower_first(str(label).strip().rstrip("?:").strip())
    return words if words.split(" ", 1)[0].lower() in _NO_ARTICLE else f"the {words}"


def required_message(label, *, select=False) -> str:
    """The Design System's words for a missing answer: "Enter the ...", "Select ..."."""
    return f"{'Select' if select else 'Enter'} {the(label)}"


OUT_OF_DATE = "This page is out of date. Go back to the case and open it again."


def _default_messages(field) -> dict:
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    for validator in field.validators:
        if isinstance(validator, validators.DecimalValidator):
            messages.update(validator.messages)
        elif getattr(validator, "code", None):
            messages[validator.code] = validator.message
    return messages


def own_messages(field) -> None:
    """Put the project's words, naming the field, in place of every Django default message a
    field could show ("This field is required.", "Ensure this value is greater than or equal
    to 0."). A message the form gave the field itself is kept."""
    defaults = _default_messages(field)
    if field.widget.is_hidden or not field.label:
        ours = dict.fromkeys(defaults, OUT_OF_DATE)
    else:
        # "Amount (£)" -> "Amount": the unit is on the page, the message names the field.
        label = re.sub(r"\s*\([^)]*\)$", "", str(field.label).strip().rstrip("?:").strip())
        select = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)
        if isinstance(field, forms.IntegerField):
            invalid = f"{label} must be a whole number"
        elif isinstance(field, forms.DecimalField | forms.FloatField):
            invalid = f"{label} must be a number"
        elif isinstance(field, forms.EmailField):
            invalid = "Enter an email address in the correct format, like name@example.com"
        else:
            invalid = f"Enter {the(label)} in the correct format"
        ours = {
            "required": required_message(label, select=select),
            "invalid": invalid,
            "invalid_choice": "Select one of the options",
            "invalid_list": "Select one of the options",
            "invalid_pk_value": "Select one of the options",
            "min_value": f"{label} must be %(limit_value)s or more",
            "max_value": f"{label} must be %(limit_value)s or less",
            "step_size": f"{label} must be a multiple of %(limit_value)s",
            "min_length": f"{label} must be %(limit_value)d characters or more",
            "max_length": f"{label} must be %(limit_value)d characters or fewer",
            "max_digits": f"{label} must be %(max)s digits or fewer",
            "max_decimal_places": f"{label} must have no more than %(max)s digits after the decimal point",
            "max_whole_digits": f"{label} must be %(max)s digits or fewer before the decimal point",
            "null_characters_not_allowed": f"{label} contains a character that cannot be saved: remove it",
            "incomplete": required_message(label, select=select),
        }
    for code, default in defaults.items():
        if code in ours and field.error_messages.get(code, default) == default:
            field.error_messages[code] = ours[code]
    if isinstance(field, forms.ModelChoiceField):
        # A list of records checks for null characters itself, with Django's words only.
        message = field.error_messages["invalid_choice"]

        def no_null_characters(value):
            if "\x00" in str(value):
                raise ValidationError(message, code="invalid_choice")

        field.validate_no_null_characters = no_null_characters


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, and the error modifier to fields that fail. Every form
    of the project uses it, so it is also the one place where submitted text loses the bidi
    control characters."""

    def __init__(self, *args, **kwargs):
        if args and args[0] is not None:
            args = (without_bidi_controls(args[0]), *args[1:])
        elif kwargs.get("data") is not None:
            kwargs["data"] = without_bidi_controls(kwargs["data"])
        super().__init__(*args, **kwargs)
        self.style_widgets()

    # GOV.UK conditional reveal: {radio field: {choice value: [names of the fields it reveals]}}.
    # The revealed fields are drawn under their choice rather than in the form's order.
    reveals: dict = {}

    @property
    def revealed_names(self) -> set:
        return {name for choices in self.reveals.values() for names in choices.values() for name in names}

    def style_widgets(self):
        """Give every widget its GOV.UK class, and every field the project's words for its
        errors (call again after adding fields)."""
        for field in self.fields.values():
            own_messages(field)
            if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
                # No maxlength on a textarea: a browser would cut pasted text off without a
                # word. The GOV.UK character count shows the limit as the person types, and
                # the server refuses longer text with a message, keeping what was typed.
                field.widget.attrs.pop("maxlength", None)
                existing = field.widget.attrs.get("class", "")
                if "govuk-js-character-count" not in existing.split():
                    field.widget.attrs["class"] = f"{existing} govuk-js-character-count".strip()
            css = _WIDGET_CLASSES.get(_widget_type(field.widget))
            existing = field.widget.attrs.get("class", "")
            if css and css not in existing.split():
                field.widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            # A date's boxes carry their own classes: setting one on the MultiWidget would
            # replace theirs (Django copies the parent's attrs onto each box).
            for widget in getattr(field.widget, "widgets", [field.widget]):
                classes = widget.attrs.get("class", "").split()
                extra = [
                    _ERROR_CLASSES[c]
                    for c in classes
                    if c in _ERROR_CLASSES and _ERROR_CLASSES[c] not in classes
                ]
                if classes:
                    widget.attrs["class"] = " ".join(classes + extra)


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK date input: three boxes for day, month and year."""

    template_name = "govuk_forms/widgets/date.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        def box(width):
            return forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )

        super().__init__([box(2), box(2), box(4)], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK Design System's error messages."""

    widget = GovukDateWidget

    def __init__(
        self,
        *,
        not_future=False,
        not_past=False,
        earliest=date(1900, 1, 1),
        latest: date | None = None,
        within_years=False,
        **kwargs,
    ):
        self.not_future = not_future
        self.not_past = not_past
        # A planned date (due, follow-up, planned end): no later than casework.dates.YEARS_AHEAD on.
        self.within_years = within_years
        self.earliest = earliest
        self.latest = latest  # None: up to the year 9999 (a form whose dates feed arithmetic bounds it)
        # Each box is stripped, so a box holding only spaces counts as empty.
        part = forms.CharField(max_length=10, required=False, strip=True)
        super().__init__(fields=[part, part, part], require_all_fields=False, **kwargs)
        if "required" not in (kwargs.get("error_messages") or {}):
            self.error_messages["required"] = required_message(self._label())
        # A box can hold no more than a date does; past that it is not a real date.
        for box in self.fields:
            box.error_messages["max_length"] = f"{self._label()} must be a real date"
            box.error_messages["null_characters_not_allowed"] = f"{self._label()} must be a real date"

    def _label(self) -> str:
        return str(self.label or "Date")

    def compress(self, data_list):
        if not data_list or all(part in (None, "") for part in data_list):
            # MultiValueField only sees "nothing typed" when every box is truly empty; boxes
            # of spaces arrive here stripped, and a required date must still be refused.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        label = self._label()
        missing = [name for name, part in zip(("day", "month", "year"), data_list, strict=True) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and a '.join(missing)}", code="incomplete")
        try:
            day, month, year = (int(part) for part in data_list)
        except ValueError:
            raise ValidationError(f"{label} must be a real date, in numbers", code="invalid") from None
        if year < 1000 or year > 9999:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            value = date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        today = timezone.localdate()
        if self.not_future and value > today:
            raise ValidationError(f"{label} must be today or in the past", code="future")
        if self.not_past and value < today:
            raise ValidationError(f"{label} must be today or in the future", code="past")
        if value < self.earliest:
            raise ValidationError(f"{label} must be after {long_date(self.earliest)}", code="too_early")
        if self.latest is not None and value > self.latest:
            raise ValidationError(
                f"{label} must be the same as or before {long_date(self.latest)}", code="too_late"
            )
        if self.within_years and value > furthest_ahead(today):
            raise ValidationError(too_far_message(label), code="too_late")
        return value


def posted(request):
    """The submitted data of a POST (even an empty one, which must show errors), else None."""
    return request.POST if request.method == "POST" else None


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the error summary."""
    if hasattr(error, "error_dict"):
        aliases = getattr(form, "service_error_fields", {})  # one value asked in two boxes
        for name, errors in error.error_dict.items():
            name = aliases.get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
