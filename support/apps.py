from django.apps import AppConfig


class SupportConfig(AppConfig):
    """NRM referral and decisions, and support periods (depends on casework and screening)."""

    name = "support"

    def ready(self):
        from support import hooks

        assert hooks  # registers the app's panels, work, data areas and audit actions
