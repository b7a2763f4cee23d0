from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from casework import extensions, services, signals

        assert signals  # imported to connect the audit receivers
        extensions.register_blind_index_refresher(services.person_blind_indexes_refresh)
