from django.core.management.base import BaseCommand

from casework import hooks
from casework.security import key_rotation


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field of every model under the first key in FERNET_KEYS, in "
        "batches; safe to interrupt and run again. Afterwards the old keys can be removed from "
        "FERNET_KEYS. With --blind-indexes, also recompute the search indexes under the current "
        "BLIND_INDEX_KEY (after changing it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--blind-indexes", action="store_true", help="Recompute the blind indexes too.")

    def handle(self, *args, blind_indexes=False, **options):
        counts = key_rotation.rotate_all(stdout=self.stdout)
        for count in counts:
            self.stdout.write(
                f"{count.model}: {count.rotated} re-encrypted, {count.current} already under the newest key, "
                f"{count.empty} empty"
            )
        total = key_rotation.totals(counts)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total['rotated']} values re-encrypted, {total['current']} already current."
            )
        )
        if total["unreadable"]:
            self.stdout.write(
                self.style.WARNING(
                    f"{total['unreadable']} document data keys could not be opened with any key in "
                    "FERNET_KEYS and were left as they are (their files cannot be read): keep the old "
                    "keys until this is looked into (the log names each document file by its id)."
                )
            )
        if blind_indexes:
            updated = sum(refresher() for refresher in hooks.blind_index_refreshers())
            self.stdout.write(self.style.SUCCESS(f"Blind indexes recomputed on {updated} rows."))
