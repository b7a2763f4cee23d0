from datetime import timedelta

from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.utils import timezone

from casework.models import DocumentFile, SubjectAccessExport
from casework.services import document_storage

# An object stored in the last hour may belong to an upload whose rows are still being written:
# never called an orphan (nor removed) until it is older.
GRACE = timedelta(hours=1)


class Command(BaseCommand):
    help = (
        "Compare the documents store with the database: list the stored objects no document version "
        "refers to (orphans, left by an upload or a deletion interrupted half way) and the document "
        "versions whose stored object is missing. With --apply, delete the orphans older than an hour. "
        "Records are never deleted: a missing file is for a person to look into."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Delete the orphaned objects.")

    def handle(self, *args, apply=False, **options):
        stored = set(document_storage.all_names())
        # Read after listing the store: a row written meanwhile is seen, so its object is no orphan.
        files = list(
            DocumentFile.objects.select_related("document__case")
            .only("id", "number", "storage_name", "document__id", "document__case__reference")
            .order_by("pk")
        )
        # A subject access export's ZIP is stored there too, until downloaded or expired.
        exports = set(
            SubjectAccessExport.objects.exclude(storage_name="").values_list("storage_name", flat=True)
        )
        known = {row.storage_name for row in files} | exports
        orphans = sorted(name for name in stored - known if self._settled(name))
        missing = [row for row in files if row.storage_name not in stored]
        for name in orphans:
            self.stdout.write(f"Orphan in storage: {name}")
        for row in missing:
            self.stdout.write(
                f"Missing from storage: case {row.document.case.reference}, document {row.document.pk}, "
                f"version {row.number}"
            )
        removed = 0
        if apply:
            still_known = set(
                DocumentFile.objects.filter(storage_name__in=orphans).values_list("storage_name", flat=True)
            ) | set(
                SubjectAccessExport.objects.filter(storage_name__in=orphans).values_list(
                    "storage_name", flat=True
                )
            )
            for name in orphans:
                if name not in still_known:
                    document_storage.delete(name)
                    removed += 1
        summary = (
            f"{len(stored)} objects stored, {len(orphans)} orphans, "
            f"{len(missing)} records missing their file."
        )
        if apply:
            summary += f" Deleted {removed} orphans."
        elif orphans:
            summary += " Run with --apply to delete the orphans."
        style = self.style.SUCCESS if not missing and (apply or not orphans) else self.style.WARNING
        self.stdout.write(style(summary))

    def _settled(self, name: str) -> bool:
        """Whether the object is older than GRACE. If its age cannot be read (a backend without
        modified times, a storage hiccup) it may be an upload in progress: not settled, so never
        listed or removed as an orphan."""
        try:
            modified = storages["documents"].get_modified_time(name)
        except (NotImplementedError, OSError):
            return False
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        return timezone.now() - modified >= GRACE
