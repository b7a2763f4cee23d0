from django.core.management.base import BaseCommand

from casework.selectors.cases import expired_cases_all
from casework.services.retention import case_erase_personal_data, erased_tables_vacuum
from casework.ui.dates import long_date


class Command(BaseCommand):
    help = (
        "Erase the personal data of closed cases whose retention period (RETENTION_YEARS after "
        "closing) has ended. A dry run by default: it lists what would be erased. Add --apply to "
        "erase, irreversibly, then VACUUM the tables on PostgreSQL. Statistics fields and the audit "
        "trail's bare events stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Erase for real (irreversible).")

    def handle(self, *args, apply=False, **options):
        expired = list(expired_cases_all())
        for case in expired:
            self.stdout.write(
                f"  {case.reference} ({case.team.name}): kept until {long_date(case.retention_until)}"
            )
        if not apply:
            self.stdout.write(
                f"Dry run: {len(expired)} case{'s' if len(expired) != 1 else ''} past retention. "
                "Run with --apply to erase their personal data."
            )
            return
        for case in expired:
            case_erase_personal_data(actor=None, case=case)
        self.stdout.write(self.style.SUCCESS(f"Erased the personal data of {len(expired)} cases."))
        # The old values' dead row versions go now, not whenever autovacuum passes, including
        # those of erasures made on the Retention page since the last run (README, "What
        # erasure removes", for what this cannot reach).
        vacuumed = erased_tables_vacuum()
        if vacuumed:
            self.stdout.write(f"Vacuumed {len(vacuumed)} tables: no dead row keeps the erased values.")
