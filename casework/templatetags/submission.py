from django import template
from django.utils.html import format_html

from casework.services import submission

register = template.Library()


@register.simple_tag
def submission_token():
    """The one-time token of a create form (casework/services/submission.py): a fresh value each time
    the form is drawn. Not autocomplete="off": a form shown again from the browser's history
    must keep the token it was sent with, so saving it again is recognised."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        submission.TOKEN_FIELD,
        submission.new_token(),
    )
