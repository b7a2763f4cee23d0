from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework import audit
from casework.models import Case
from casework.services import subject_access
from casework.vocabularies import AuditAction


class Command(BaseCommand):
    help = (
        "Subject access: write everything held about the survivor of a case (readable HTML and "
        "JSON) into an AES-encrypted ZIP, and print its one-time password once. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The case reference, like SC-7K3M-Q9TD.")
        parser.add_argument("--output", help="Where to write the ZIP (default: REFERENCE.zip here).")

    def handle(self, *args, reference, output=None, **options):
        case = Case.objects.filter(reference=reference.strip().upper()).select_related("team").first()
        if case is None:
            raise CommandError(f"No case with the reference {reference}.")
        path = Path(output or f"{case.reference}.zip")
        if path.exists():
            raise CommandError(f"{path} already exists; choose another --output.")
        path.touch(0o600)
        with path.open("wb") as out:
            password = subject_access.write_encrypted_zip(case, out)
        audit.record(action=AuditAction.CASE_EXPORTED, case=case)
        self.stdout.write(f"Wrote {path} ({path.stat().st_size} bytes).")
        self.stdout.write(f"Password (shown once, not stored): {password}")
