from django import template

from casework.ui.case_nav import case_nav

register = template.Library()


@register.inclusion_tag("casework/_case_nav.html", takes_context=True)
def case_navigation(context, case):
    """The case's sub-navigation, the page being served marked as current."""
    match = getattr(context.get("request"), "resolver_match", None)
    return {"entries": case_nav(case.reference, match.url_name if match else "")}
