"""Subject access exports are kept in the documents storage (encrypted, under a data key of
their own) instead of a bytea column; `content` stays for exports made before, read once.
Documents already deleted as added in error lose their title and notes, as deleting now does."""

from django.db import migrations, models


def blank_deleted_documents(apps, schema_editor):
    Document = apps.get_model("casework", "Document")
    Document.objects.exclude(deleted_at=None).update(title="", notes="")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0037_document_file_without_a_content_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="subjectaccessexport",
            name="storage_name",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.AddField(
            model_name="subjectaccessexport",
            name="wrapped_key",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.AlterField(
            model_name="subjectaccessexport",
            name="content",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.RunPython(blank_deleted_documents, migrations.RunPython.noop),
    ]
