from django.apps import AppConfig


class OversightConfig(AppConfig):
    """The managers' backlog, the statistics, the justice funnel and the morning reminders:
    read-only across the other apps (it writes only its own reminder ledger)."""

    name = "oversight"

    def ready(self):
        from oversight import hooks

        assert hooks  # registers the app's panels, work, data areas and audit actions
