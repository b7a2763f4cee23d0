"""Arithmetic for the server-rendered SVG bar charts (presentation attributes only: our CSP
allows no inline style)."""

from django import template

register = template.Library()

BAR_PITCH = 32
BAR_AREA = 360


@register.filter
def bar_y(index: int) -> int:
    return index * BAR_PITCH + 4


@register.filter
def chart_height(count: int) -> int:
    return count * BAR_PITCH + 8


@register.filter
def bar_width(value: int, maximum: int) -> int:
    return round(BAR_AREA * value / maximum) if maximum else 0
