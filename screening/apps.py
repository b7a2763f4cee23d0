from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """The encrypted screening interview (depends on casework)."""

    name = "screening"
