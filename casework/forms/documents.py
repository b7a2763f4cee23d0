"""Adding a document to a case (the GOV.UK file upload pattern) and replacing its file."""

from django import forms
from django.conf import settings

from casework.ui.fields import choice_field, text_field
from casework.ui.govuk import GovukFormMixin
from casework.vocabularies import DocumentKind

# What the browser's file chooser offers first; the server decides the type from the content
# (casework/services/file_checks.py), whatever the name says.
ACCEPT = ".pdf,.png,.jpg,.jpeg,.heic,.heif,.docx,.odt,.txt"


def file_field(label: str) -> forms.FileField:
    limit = getattr(settings, "DOCUMENT_MAX_MB", 20)
    return forms.FileField(
        label=label,
        help_text=(
            f"A PDF, a photo (JPEG, PNG or HEIC), a Word or OpenDocument text file, or plain text, up to "
            f"{limit} MB. A photo's location and camera details are removed."
        ),
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ACCEPT}),
        error_messages={
            "required": "Select a file",
            "invalid": "Select a file",
            "missing": "Select a file",
            "empty": "The selected file is empty",
        },
    )


class _FileUploadMixin:
    """The file input's error style, whether the form or the service (a refused upload) erred."""

    def add_error(self, field, error):
        super().add_error(field, error)  # type: ignore[misc]
        if "file" in self._errors:  # type: ignore[attr-defined]
            widget = self.fields["file"].widget  # type: ignore[attr-defined]
            classes = widget.attrs.get("class", "").split()
            if "govuk-file-upload--error" not in classes:
                widget.attrs["class"] = " ".join([*classes, "govuk-file-upload--error"])


class DocumentForm(_FileUploadMixin, GovukFormMixin, forms.Form):
    file = file_field("Upload a file")
    kind = choice_field("What kind of document is it?", DocumentKind.choices, radios=False)
    title = text_field(
        "Title", 200, required=True, help_text="For example, RG decision letter from the Home Office."
    )
    notes = text_field("Notes (optional)", 20000, textarea=True)
    about = forms.ChoiceField(
        label="Attach it to a record (optional)",
        required=False,
        help_text="The record this document belongs to, such as the decision its letter gives.",
        error_messages={"invalid_choice": "Choose a record of this case, or nothing"},
    )

    def __init__(self, *args, about_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Nothing"), *about_choices]
        self.fields["about"].widget.attrs["class"] = "govuk-select"


class DocumentReplaceForm(_FileUploadMixin, GovukFormMixin, forms.Form):
    file = file_field("The new version of the file")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
