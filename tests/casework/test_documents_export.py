"""The subject access export with documents in it: a damaged stored file never stops it, the
ZIP is never held whole in memory nor in the database (it is kept in the documents storage,
encrypted, until downloaded or expired), and a document deleted as added in error gives no
title or notes away."""

import base64
import io
import json
import os
import tracemalloc
from datetime import timedelta

import pytest
import pyzipper
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import SubjectAccessExport
from casework.services import document_storage, documents, subject_access
from casework.services.retention import case_erase_personal_data
from tests.casework.test_documents import LETTER, add, stored_objects, upload
from tests.security.test_subject_access import PASSWORD

KIB = 1024


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


def text_upload(name: str, size: int) -> SimpleUploadedFile:
    content = base64.encodebytes(os.urandom(size))[:size]  # random text: DEFLATE shrinks it by a quarter
    return SimpleUploadedFile(name, content, content_type="text/plain")


def flip_a_byte_near_the_end(documents_folder, storage_name: str) -> None:
    path = documents_folder / storage_name
    stored = bytearray(path.read_bytes())
    stored[-100] ^= 0x01
    path.write_bytes(bytes(stored))


def zip_names_and(content: bytes, password: str, name: str) -> tuple[list[str], bytes]:
    with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
        archive.setpassword(password.encode())
        return archive.namelist(), archive.read(name)


def test_a_file_damaged_past_its_first_chunk_is_a_note_and_the_export_still_goes_out(
    people, login, alex_case, documents_folder
):
    good = add(alex_case, people.alex)
    damaged = add(alex_case, people.alex, title="Statement", file=text_upload("statement.txt", 200 * KIB))
    flip_a_byte_near_the_end(documents_folder, damaged.files.get().storage_name)

    client = login(people.morgan)
    ready = client.post(reverse("case_export", args=[alex_case.reference]), {"password": PASSWORD})
    assert ready.status_code == 200 and "Export ready" in ready.content.decode()
    download = reverse("case_export_download", args=[alex_case.reference, ready.context["export"].token])
    content = b"".join(client.get(download).streaming_content)

    good_name = f"documents/document-{good.pk}-version-1.pdf"
    names, good_bytes = zip_names_and(content, ready.context["password"], good_name)
    assert good_bytes == LETTER
    damaged_name = f"documents/document-{damaged.pk}-version-1.txt"
    assert f"{damaged_name}.missing.txt" in names
    assert damaged_name not in names  # no half-written entry beside the note


def test_the_export_is_never_held_whole_in_memory_and_is_kept_encrypted_in_storage(
    people, alex_case, documents_folder
):
    for number in range(4):
        add(
            alex_case,
            people.alex,
            title=f"Photo {number}",
            file=text_upload(f"p{number}.txt", 6 * 1024 * KIB),
        )
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        export, password = subject_access.case_export(actor=people.morgan, case=alex_case)
        _, export_peak = tracemalloc.get_traced_memory()
        assert export_peak < 6 * 1024 * KIB, export_peak  # the ZIP alone is over 16 MiB
        tracemalloc.reset_peak()
        chunks = subject_access.case_export_download(actor=people.morgan, case=alex_case, token=export.token)
        assert chunks is not None
        downloaded = io.BytesIO()  # the test's own copy: measured only while the chunks are read
        for chunk in chunks:
            downloaded.write(chunk)
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = downloaded.tell()
    assert size > 16 * 1024 * KIB  # 24 MiB of files went in, compressed by about a quarter
    assert download_peak - size < 6 * 1024 * KIB, download_peak
    names, _ = zip_names_and(downloaded.getvalue(), password, f"{alex_case.reference}.json")
    assert len([name for name in names if name.startswith("documents/")]) == 4


def test_the_stored_export_is_deleted_once_downloaded(people, alex_case, documents_folder):
    add(alex_case, people.alex)
    before = set(stored_objects(documents_folder))
    export, _ = subject_access.case_export(actor=people.morgan, case=alex_case)
    export.refresh_from_db()
    assert bytes(export.content) == b"" and export.storage_name
    assert set(stored_objects(documents_folder)) - before == {documents_folder / export.storage_name}
    assert documents_folder.joinpath(export.storage_name).read_bytes()[:2] != b"PK"  # encrypted again
    chunks = subject_access.case_export_download(actor=people.morgan, case=alex_case, token=export.token)
    assert b"".join(chunks).startswith(b"PK")
    assert not document_storage.exists(export.storage_name)


def test_expired_replaced_and_erased_exports_leave_nothing_in_storage(
    people, alex_case, documents_folder, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-11-24T10:00:00+00:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = subject_access.case_export(actor=people.morgan, case=alex_case)
        replacing, _ = subject_access.case_export(actor=people.morgan, case=alex_case)  # asked again
    assert not document_storage.exists(first.storage_name)
    time_machine.shift(timedelta(minutes=16))
    with django_capture_on_commit_callbacks(execute=True):
        assert subject_access.exports_purge_expired() == 1
    assert not document_storage.exists(replacing.storage_name)

    with django_capture_on_commit_callbacks(execute=True):
        subject_access.case_export(actor=people.morgan, case=alex_case)
    type(alex_case).objects.filter(pk=alex_case.pk).update(
        status="closed",
        closed_on=alex_case.opened_on,
        closure_reason="other",
        retention_until=alex_case.opened_on.replace(year=2000),
    )
    alex_case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        case_erase_personal_data(actor=people.morgan, case=alex_case)
    assert not SubjectAccessExport.objects.exists()
    assert stored_objects(documents_folder) == []


def test_an_export_made_before_they_were_stored_still_downloads_once(people, login, alex_case):
    old = SubjectAccessExport.objects.create(
        token="0b6f3c9e-8a57-4a7c-9c4e-1f0e6f2f8d11",
        case=alex_case,
        requested_by=people.morgan,
        content=b"PK old",
    )
    client = login(people.morgan)
    url = reverse("case_export_download", args=[alex_case.reference, old.token])
    assert b"".join(client.get(url).streaming_content) == b"PK old"
    assert client.get(url).status_code == 404


def test_a_document_deleted_as_added_in_error_keeps_no_title_or_notes(people, alex_case):
    from casework.hooks import TimelineQuery
    from casework.selectors.timeline import case_timeline

    document = documents.document_add(
        actor=people.alex,
        case=alex_case,
        file=upload(),
        kind="decision_letter",
        title="Letter for Maria Ionescu",
        notes="Maria's RG decision, misfiled",
        about="",
    )
    documents.document_delete(actor=people.blake, document=document, version=1, reason="Another survivor's")
    document.refresh_from_db()
    assert (document.title, document.notes) == ("", "")
    assert (document.kind, document.added_by, document.deleted_by) == (
        "decision_letter",
        people.alex,
        people.blake,
    )
    assert document.delete_reason == "Another survivor's"
    events = case_timeline(alex_case, TimelineQuery(kinds=frozenset({"document"})))
    assert [event.typed for event in events] == ["Document (deleted)", "Document (deleted)"]
    exported = subject_access.as_json(subject_access.collect(alex_case))
    assert "Maria" not in exported
    entry = next(
        record
        for section in json.loads(exported)["sections"]
        for record in section["records"]
        if record.get("why_deleted") == "Another survivor's"
    )
    assert "title" not in entry and "notes" not in entry
