from django.apps import AppConfig


class SupportConfig(AppConfig):
    """NRM referral and decisions, support periods, backlog and reminders
    (depends on casework and screening)."""

    name = "support"
