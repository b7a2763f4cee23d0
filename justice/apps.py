from django.apps import AppConfig


class JusticeConfig(AppConfig):
    """Criminal proceedings, their steps, the survivor's engagement, and compensation and
    civil claims (depends on support for the date of the RG decision)."""

    name = "justice"

    def ready(self):
        from justice import hooks

        assert hooks  # registers the app's panels, work, data areas and audit actions
