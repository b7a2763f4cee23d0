from django.core.management.base import BaseCommand, CommandError

from casework import demo


class Command(BaseCommand):
    help = (
        "Create the demo staff (teams North and South, caseworkers alex, blake, casey; managers "
        "morgan, riley; administrator sam) and top the demo cases up to --cases. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user.")
        parser.add_argument("--cases", type=int, default=60, help="Total number of demo cases (default 60).")

    def handle(self, *args, password, cases, **options):
        if cases < 0:
            raise CommandError("--cases must be 0 or more.")
        if len(password) < 12:
            raise CommandError("--password must be at least 12 characters (the password policy).")
        result = demo.seed(password=password, cases=cases, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {result.staff} staff, {result.cases_created} cases added, "
                f"{result.cases_total} in all."
            )
        )
