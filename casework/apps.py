from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from casework import signals  # noqa: F401  (connects the login audit receivers)
