from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        from casework import extensions, justice, services, signals
        from casework.justice_demo import seed_justice
        from casework.justice_panel import justice_panel_context, justice_work_items

        assert signals  # imported to connect the audit receivers
        extensions.register_blind_index_refresher(services.person_blind_indexes_refresh)
        extensions.register_case_panel(
            extensions.CasePanel(
                order=30, template="casework/_justice_panel.html", context=justice_panel_context
            )
        )
        extensions.register_work_source(justice_work_items)
        extensions.register_demo_seeder(seed_justice)
        extensions.register_export_section(justice.justice_export_section)
        extensions.register_eraser(justice.justice_erase_personal_data)
