from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """The encrypted screening interview (depends on casework)."""

    name = "screening"

    def ready(self):
        from screening import hooks

        assert hooks  # registers the app's panels, work, data areas and audit actions
