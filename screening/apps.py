from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """The encrypted screening interview (depends on casework)."""

    name = "screening"

    def ready(self):
        from casework import extensions
        from screening.demo import seed_screening
        from screening.panels import (
            draft_work_items,
            screening_erase_personal_data,
            screening_export_section,
            screening_panel_context,
        )

        extensions.register_case_panel(
            extensions.CasePanel(order=5, template="screening/_panel.html", context=screening_panel_context)
        )
        extensions.register_work_source(draft_work_items)
        extensions.register_demo_seeder(seed_screening)
        extensions.register_export_section(screening_export_section)
        extensions.register_eraser(screening_erase_personal_data)
