from django.apps import AppConfig


class OversightConfig(AppConfig):
    """The managers' backlog, the statistics, the justice funnel and the morning reminders:
    read-only across the other apps (it writes only its own reminder ledger)."""

    name = "oversight"

    def ready(self):
        from casework import hooks
        from casework.ui import labels
        from oversight import outbox
        from oversight.backlog import FIGURES

        hooks.register_health_detail(outbox.health_lines)
        labels.register(FIGURES)
