"""Keeping documents in order: key rotation past a damaged data key, the orphan check never
touching an object whose age it cannot read, deletion without dead steps, and every record of
the case offered to attach a document to."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import DocumentFile
from casework.selectors.documents import subject_choices
from casework.services import document_storage, documents
from tests.casework.test_documents import LETTER, add
from tests.factories import CaseFactory, ConsentFactory


@pytest.fixture(autouse=True)
def documents_folder(settings, tmp_path):
    """Each test stores its files in a folder of its own (as in test_documents)."""
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.DOCUMENT_MAX_MB = 20
    settings.CLAMD_SOCKET = None
    return root


def test_key_rotation_reports_a_data_key_that_does_not_open_and_rewraps_the_rest(people, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FERNET_KEYS = [old]
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    damaged, good, later = (add(case, people.alex, title=title) for title in ("A", "B", "C"))
    DocumentFile.objects.filter(document=damaged).update(
        wrapped_key=Fernet(Fernet.generate_key()).encrypt(b"k")
    )
    settings.FERNET_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    report = out.getvalue()
    assert "casework.DocumentFile (data keys): 2 re-encrypted" in report
    assert "1 document data keys could not be opened" in report
    settings.FERNET_KEYS = [new]
    for document in (good, later):
        file = document.files.get()
        assert b"".join(document_storage.open_chunks(file.storage_name, bytes(file.wrapped_key))) == LETTER


@pytest.mark.parametrize("failure", [NotImplementedError, OSError])
def test_an_object_whose_age_cannot_be_read_is_never_removed_as_an_orphan(people, monkeypatch, failure):
    upload_in_progress = document_storage.store([b"an upload whose rows are being written"]).name
    monkeypatch.setattr("casework.management.commands.documents_check.GRACE", timezone.timedelta(0))

    def no_age(self, name):
        raise failure("no modified time")

    monkeypatch.setattr(FileSystemStorage, "get_modified_time", no_age)
    out = StringIO()
    call_command("documents_check", "--apply", stdout=out)
    assert upload_in_progress not in out.getvalue()
    assert document_storage.exists(upload_in_progress)


def test_a_waiting_subject_access_export_is_no_orphan(people, alex_case, monkeypatch):
    from casework.services import subject_access

    export, _ = subject_access.case_export(actor=people.morgan, case=alex_case)
    monkeypatch.setattr("casework.management.commands.documents_check.GRACE", timezone.timedelta(0))
    call_command("documents_check", "--apply", stdout=StringIO())
    assert document_storage.exists(export.storage_name)


def test_deleting_a_document_deletes_its_file_rows_without_overwriting_them_first(people, alex_case):
    document = add(alex_case, people.alex)
    with CaptureQueriesContext(connection) as queries:
        documents.document_delete(actor=people.alex, document=document, version=1, reason="Wrong case")
    table = DocumentFile._meta.db_table
    statements = [query["sql"] for query in queries.captured_queries if f'"{table}"' in query["sql"]]
    assert any(sql.startswith("DELETE") for sql in statements)
    assert not [sql for sql in statements if sql.startswith("UPDATE")]
    assert not DocumentFile.objects.exists()


def test_every_record_of_the_case_is_offered_to_attach_a_document_to_the_oldest_too(alex_case):
    consents = ConsentFactory.create_batch(55, case=alex_case)
    offered = dict(subject_choices(alex_case))["Consent decision"]
    values = [value for value, _name in offered]
    assert len(values) == 55
    assert f"consent:{consents[0].pk}" in values
