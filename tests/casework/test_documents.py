"""Documents on a case: Alex uploads the RG decision letter, attaches it to the decision (the NRM
page then says "Letter held"), downloads it as an attachment, replaces it with a clearer scan,
and deletes a letter added to the wrong case with a reason. Whatever is typed or uploaded is
readable in neither the database, the storage folder nor the logs."""

import hashlib
import io
import logging
from io import StringIO

import pytest
import pyzipper
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.documents_demo import image, pdf, seed_documents
from casework.hooks import TimelineQuery
from casework.models import AuditEvent, Document, DocumentFile
from casework.selectors.timeline import case_timeline
from casework.services import document_storage, documents, subject_access
from casework.services.retention import case_erase_personal_data
from casework.services.submission import TOKEN_FIELD
from casework.vocabularies import AuditAction, DocumentKind
from tests.casework.test_data_at_rest import everything_stored
from tests.factories import CaseFactory, ConsentFactory, DecisionFactory, ReferralFactory

LETTER = pdf(["Reasonable Grounds decision: positive", "Test letter"])
MARKER = "Zq9docmarker"


@pytest.fixture(autouse=True)
def documents_folder(settings, tmp_path):
    """Each test stores its files in a folder of its own."""
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


def stored_objects(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload(name="RG letter.pdf", content=LETTER, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add(case, person, *, title="RG decision letter", file=None, about="", kind=DocumentKind.DECISION_LETTER):
    return documents.document_add(
        actor=person, case=case, file=file or upload(), kind=kind, title=title, about=about
    )


def form(**values):
    return {
        "kind": DocumentKind.DECISION_LETTER,
        "title": "RG decision letter",
        "notes": "",
        "about": "",
        **values,
    }


def test_alex_uploads_a_letter_and_sees_it_listed_with_who_when_and_its_type(people, login, alex_case):
    client = login(people.alex)
    response = client.post(reverse("document_new", args=[alex_case.reference]), form(file=upload()))
    assert response.status_code == 302
    assert response["Location"] == reverse("case_documents", args=[alex_case.reference])
    document = Document.objects.get()
    file = document.files.get()
    assert (file.number, file.content_type, file.extension, file.size) == (
        1,
        "application/pdf",
        "pdf",
        len(LETTER),
    )
    page = client.get(response["Location"]).content.decode()
    for words in ("RG decision letter", "Home Office decision letter", "Alex", "PDF", "Nothing"):
        assert words in page
    assert reverse("document_download", args=[alex_case.reference, document.pk]) in page
    event = AuditEvent.objects.get(action=AuditAction.DOCUMENT_ADDED)
    assert event.fields == [f"document:{document.pk}"] and event.case == alex_case


def test_the_upload_form_is_a_govuk_file_upload_sent_as_multipart(people, login, alex_case):
    page = login(people.alex).get(reverse("document_new", args=[alex_case.reference])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and "govuk-file-upload" in page
    assert f'name="{TOKEN_FIELD}"' in page  # created once


def test_a_double_click_adds_the_document_once(people, login, alex_case, documents_folder):
    client = login(people.alex)
    url = reverse("document_new", args=[alex_case.reference])
    token = {TOKEN_FIELD: "t" * 32}
    first = client.post(url, form(file=upload(), **token))
    second = client.post(url, form(file=upload(), **token))
    assert first.status_code == second.status_code == 302
    assert Document.objects.count() == 1
    assert len(stored_objects(documents_folder)) == 1  # the second one's content was not kept either


def test_an_exe_renamed_pdf_is_refused_on_the_file_field_and_nothing_is_stored(
    people, login, alex_case, documents_folder
):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
    response = login(people.alex).post(
        reverse("document_new", args=[alex_case.reference]),
        form(file=upload("letter.pdf", exe)),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_file"' in page
    assert "The selected file must be a" in page and "govuk-file-upload--error" in page
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert stored_objects(documents_folder) == []


def test_an_empty_file_is_refused_with_a_message(people, login, alex_case, documents_folder):
    response = login(people.alex).post(
        reverse("document_new", args=[alex_case.reference]), form(file=upload("empty.pdf", b""))
    )
    assert "The selected file is empty" in response.content.decode()
    assert stored_objects(documents_folder) == [] and not Document.objects.exists()


def test_no_file_chosen_asks_for_one(people, login, alex_case):
    response = login(people.alex).post(reverse("document_new", args=[alex_case.reference]), form())
    assert "Select a file" in response.content.decode()
    assert not Document.objects.exists()


def test_the_download_is_an_attachment_that_no_browser_renders(people, login, alex_case, caplog):
    caplog.set_level(logging.DEBUG)
    document = add(alex_case, people.alex, file=upload("Décision RG – Ana.pdf"))
    response = login(people.alex).get(reverse("document_download", args=[alex_case.reference, document.pk]))
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == LETTER
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=UTF-8''D%C3%A9cision%20RG%20%E2%80%93%20Ana.pdf" in disposition
    assert 'filename="Decision RG _ Ana.pdf"' in disposition  # the ASCII fallback
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in response["Cache-Control"].split(", ")
    others = [value for header, value in response.items() if header != "Content-Disposition"]
    assert not any("Ana" in value or "cision" in value for value in others)
    event = AuditEvent.objects.get(action=AuditAction.DOCUMENT_DOWNLOADED)
    assert (event.case, event.actor, event.fields) == (alex_case, people.alex, [f"document:{document.pk}"])
    assert not any("Ana" in record.getMessage() for record in caplog.records)


def test_a_name_without_its_extension_downloads_with_the_type_s_own(people, login, alex_case):
    document = add(alex_case, people.alex, file=upload("scan"))
    response = login(people.alex).get(reverse("document_download", args=[alex_case.reference, document.pk]))
    assert 'filename="scan.pdf"' in response["Content-Disposition"]


def test_someone_who_may_not_see_the_case_cannot_download_nor_learn_the_document_exists(
    people, login, alex_case
):
    document = add(alex_case, people.alex)
    for who in (people.blake, people.casey, people.sam):
        response = login(who).get(reverse("document_download", args=[alex_case.reference, document.pk]))
        assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DOCUMENT_DOWNLOADED).exists()


def test_a_file_missing_from_storage_is_said_plainly_not_a_server_error(people, login, alex_case):
    document = add(alex_case, people.alex)
    document_storage.delete(document.files.get().storage_name)
    response = login(people.alex).get(
        reverse("document_download", args=[alex_case.reference, document.pk]), follow=True
    )
    assert response.status_code == 200
    assert "could not be read from storage" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.DOCUMENT_DOWNLOADED).exists()


def test_replacing_keeps_the_earlier_version_downloadable(people, login, alex_case):
    document = add(alex_case, people.alex)
    clearer = pdf(["Reasonable Grounds decision: positive", "A clearer scan"])
    client = login(people.alex)
    url = reverse("document_replace", args=[alex_case.reference, document.pk])
    response = client.post(url, {"file": upload("clearer.pdf", clearer), "version": 1})
    assert response.status_code == 302
    assert list(document.files.values_list("number", flat=True)) == [2, 1]
    current = client.get(reverse("document_download", args=[alex_case.reference, document.pk]))
    assert b"".join(current.streaming_content) == clearer
    earlier = client.get(reverse("document_version_download", args=[alex_case.reference, document.pk, 1]))
    assert b"".join(earlier.streaming_content) == LETTER
    page = client.get(reverse("case_documents", args=[alex_case.reference])).content.decode()
    assert "Earlier versions (1)" in page and "Download version 1" in page
    assert AuditEvent.objects.filter(action=AuditAction.DOCUMENT_REPLACED).count() == 1


def test_a_replacement_from_a_page_opened_before_another_is_refused_and_stores_nothing(
    people, login, alex_case, documents_folder
):
    document = add(alex_case, people.alex)
    documents.document_replace(actor=people.blake, document=document, file=upload(), version=1)
    response = login(people.alex).post(
        reverse("document_replace", args=[alex_case.reference, document.pk]), {"file": upload(), "version": 1}
    )
    assert response.status_code == 200
    assert "Someone replaced or deleted this document" in response.content.decode()
    assert document.files.count() == 2
    assert len(stored_objects(documents_folder)) == 2


def test_deleting_as_a_correction_keeps_why_and_removes_every_stored_version(
    people, login, alex_case, documents_folder, django_capture_on_commit_callbacks
):
    document = add(alex_case, people.alex)
    documents.document_replace(actor=people.alex, document=document, file=upload(), version=1)
    assert len(stored_objects(documents_folder)) == 2
    client = login(people.alex)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("document_delete", args=[alex_case.reference, document.pk]),
            {"reason": "Another survivor's letter", "version": 2},
        )
    assert response.status_code == 302
    assert (
        "Document deleted. Its files have been removed." in client.get(response["Location"]).content.decode()
    )
    document.refresh_from_db()
    assert document.deleted_at is not None and document.deleted_by == people.alex
    assert document.delete_reason == "Another survivor's letter"
    assert not document.files.exists()
    assert stored_objects(documents_folder) == []
    page = client.get(reverse("case_documents", args=[alex_case.reference])).content.decode()
    assert "No documents held." in page
    download = client.get(reverse("document_download", args=[alex_case.reference, document.pk]))
    assert download.status_code == 404
    assert AuditEvent.objects.get(action=AuditAction.DOCUMENT_DELETED).fields == [f"document:{document.pk}"]


def test_the_delete_page_says_the_files_go_for_good(people, login, alex_case):
    document = add(alex_case, people.alex)
    page = login(people.alex).get(reverse("document_delete", args=[alex_case.reference, document.pk]))
    text = page.content.decode()
    assert "RG decision letter" in text and "removed for good" in text
    assert "kept in the case's history" not in text


def test_a_delete_from_a_page_opened_before_a_replacement_is_refused(people, login, alex_case):
    document = add(alex_case, people.alex)
    documents.document_replace(actor=people.blake, document=document, file=upload(), version=1)
    response = login(people.alex).post(
        reverse("document_delete", args=[alex_case.reference, document.pk]), {"reason": "Wrong", "version": 1}
    )
    assert "Someone replaced or deleted this document" in response.content.decode()
    assert Document.objects.get().deleted_at is None


def test_a_delete_needs_a_reason(people, login, alex_case):
    document = add(alex_case, people.alex)
    response = login(people.alex).post(
        reverse("document_delete", args=[alex_case.reference, document.pk]), {"reason": "  ", "version": 1}
    )
    assert "Enter why this is being deleted" in response.content.decode()
    assert Document.objects.get().deleted_at is None


def test_the_rg_letter_attached_to_the_decision_shows_letter_held_on_the_nrm_page(people, login, alex_case):
    rg = DecisionFactory(referral=ReferralFactory(case=alex_case))
    client = login(people.alex)
    page = client.get(reverse("document_new", args=[alex_case.reference])).content.decode()
    assert f'value="decision:{rg.pk}"' in page  # offered in "Attach it to a record"
    client.post(
        reverse("document_new", args=[alex_case.reference]), form(file=upload(), about=f"decision:{rg.pk}")
    )
    document = Document.objects.get()
    assert (document.about_kind, document.about_id) == ("decision", rg.pk)
    nrm = client.get(reverse("case_nrm", args=[alex_case.reference])).content.decode()
    assert "Letter held" in nrm
    assert f"{reverse('case_documents', args=[alex_case.reference])}#document-{document.pk}" in nrm
    listed = client.get(reverse("case_documents", args=[alex_case.reference])).content.decode()
    assert "Positive RG decision of" in listed  # what it is attached to, in words


def test_a_consent_shows_signed_form_held_and_a_justice_step_its_document(people, login, alex_case):
    from justice.services import milestones, proceedings

    consent = ConsentFactory(case=alex_case)
    proceeding = proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="kent"
    )
    step = milestones.milestone_record(
        actor=people.alex, proceeding=proceeding, kind="reported", on=timezone.localdate()
    )
    client = login(people.alex)
    assert (
        "Signed form held"
        not in client.get(reverse("case_consent", args=[alex_case.reference])).content.decode()
    )
    add(alex_case, people.alex, kind=DocumentKind.CONSENT_FORM, about=f"consent:{consent.pk}")
    add(alex_case, people.alex, kind=DocumentKind.POLICE_CORRESPONDENCE, about=f"milestone:{step.pk}")
    assert (
        "Signed form held" in client.get(reverse("case_consent", args=[alex_case.reference])).content.decode()
    )
    assert "Document held" in client.get(reverse("case_justice", args=[alex_case.reference])).content.decode()


def test_a_document_cannot_be_attached_to_another_case_s_record(people, alex_case, documents_folder):
    other = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    theirs = DecisionFactory(referral=ReferralFactory(case=other))
    task_kind = "task:1"  # a kind no document can be attached to
    for about in (f"decision:{theirs.pk}", task_kind, "decision:x", "nonsense"):
        with pytest.raises(documents.ValidationError):
            add(alex_case, people.alex, about=about)
    assert stored_objects(documents_folder) == []


def test_a_marker_typed_or_uploaded_is_readable_nowhere_at_rest(
    people, login, alex_case, documents_folder, caplog
):
    caplog.set_level(logging.DEBUG)
    text = f"Notes about the survivor: {MARKER} lives at the safe house.\n".encode()
    response = login(people.alex).post(
        reverse("document_new", args=[alex_case.reference]),
        form(
            title=f"Title {MARKER}", notes=f"Notes {MARKER}", file=upload(f"{MARKER}.txt", text, "text/plain")
        ),
    )
    assert response.status_code == 302
    assert MARKER not in everything_stored()
    for path in stored_objects(documents_folder):
        assert MARKER.encode() not in path.read_bytes() and MARKER not in str(path)
    assert not [record.name for record in caplog.records if MARKER in record.getMessage()]
    document = Document.objects.get()
    assert document.title == f"Title {MARKER}" and document.files.get().original_name == f"{MARKER}.txt"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {Document._meta.db_table}")  # noqa: S608
        assert bytes(cursor.fetchone()[0]).startswith(b"gAAAAA")


def test_the_database_cannot_confirm_that_a_known_file_is_held(people, alex_case, documents_folder):
    # Whoever reads the database must not be able to check a file they already have (a known
    # letter, a leaked photograph) against it: no digest of the content is kept, keyed or not.
    content = f"A letter anyone may have seen {MARKER}\n".encode()
    add(alex_case, people.alex, file=upload("letter.txt", content, "text/plain"))
    stored = everything_stored()
    for digest in (hashlib.sha256, hashlib.sha1, hashlib.md5, hashlib.sha512):
        assert digest(content).hexdigest() not in stored
    assert "sha256" not in {field.name for field in DocumentFile._meta.get_fields()}


def test_the_subject_access_export_holds_every_version_decrypted(people, alex_case):
    document = add(alex_case, people.alex)
    photo = image("Pay slip", format="PNG", colour="white")
    documents.document_replace(actor=people.alex, document=document, file=upload("p.png", photo), version=1)
    content = io.BytesIO()
    password = subject_access.write_encrypted_zip(alex_case, content)
    with pyzipper.AESZipFile(content) as archive:
        archive.setpassword(password.encode())
        names = archive.namelist()
        assert archive.read(f"documents/document-{document.pk}-version-1.pdf") == LETTER
        assert archive.read(f"documents/document-{document.pk}-version-2.png").startswith(b"\x89PNG")
        exported = archive.read(f"{alex_case.reference}.json").decode()
    assert len(names) == 4
    assert "RG letter.pdf" in exported and f"documents/document-{document.pk}-version-1.pdf" in exported


def test_erasure_removes_the_files_from_storage_and_the_rows(
    people, alex_case, documents_folder, django_capture_on_commit_callbacks
):
    document = add(alex_case, people.alex)
    name = document.files.get().storage_name
    assert document_storage.exists(name)
    type(alex_case).objects.filter(pk=alex_case.pk).update(
        status="closed",
        closed_on=timezone.localdate(),
        closure_reason="other",
        retention_until=timezone.localdate().replace(year=2000),
    )
    alex_case.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        case_erase_personal_data(actor=people.morgan, case=alex_case)
    assert not document_storage.exists(name)
    assert stored_objects(documents_folder) == []
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


def test_documents_check_lists_orphans_and_missing_files_and_apply_removes_only_orphans(
    people, alex_case, monkeypatch
):
    kept, lost = add(alex_case, people.alex), add(alex_case, people.alex, title="Lost")
    lost_name = lost.files.get().storage_name
    document_storage.delete(lost_name)
    orphan = document_storage.store([b"left behind by a crash"]).name
    monkeypatch.setattr("casework.management.commands.documents_check.GRACE", timezone.timedelta(0))
    out = StringIO()
    call_command("documents_check", stdout=out)
    report = out.getvalue()
    assert f"Orphan in storage: {orphan}" in report
    assert f"document {lost.pk}, version 1" in report
    assert document_storage.exists(orphan)  # a dry run by default
    call_command("documents_check", "--apply", stdout=StringIO())
    assert not document_storage.exists(orphan)
    assert document_storage.exists(kept.files.get().storage_name)
    assert DocumentFile.objects.filter(storage_name=lost_name).exists()  # records are never deleted


def test_an_object_being_uploaded_is_not_an_orphan_yet(people, alex_case):
    orphan = document_storage.store([b"an upload whose rows are being written"]).name
    out = StringIO()
    call_command("documents_check", "--apply", stdout=out)
    assert orphan not in out.getvalue() and document_storage.exists(orphan)


def test_key_rotation_rewraps_each_file_s_data_key_and_the_file_still_opens(people, login, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FERNET_KEYS = [old]
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    document = add(case, people.alex)
    before = bytes(document.files.get().wrapped_key)
    settings.FERNET_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "casework.DocumentFile (data keys): 1 re-encrypted" in out.getvalue()
    assert bytes(document.files.get().wrapped_key) != before
    again = StringIO()
    call_command("rotate_encryption_keys", stdout=again)
    assert (
        "casework.DocumentFile (data keys): 0 re-encrypted, 1 already under the newest key"
        in again.getvalue()
    )
    settings.FERNET_KEYS = [new]  # the old key is gone
    response = login(people.alex).get(reverse("document_download", args=[case.reference, document.pk]))
    assert b"".join(response.streaming_content) == LETTER
    assert Document.objects.get().title == "RG decision letter"


def test_the_timeline_shows_documents_added_replaced_and_deleted(people, alex_case):
    document = add(alex_case, people.alex)
    documents.document_replace(actor=people.alex, document=document, file=upload(), version=1)
    query = TimelineQuery(kinds=frozenset({"document"}))
    titles = [event.title for event in case_timeline(alex_case, query)]
    assert titles == ["Document replaced (version 2)", "Document added"]
    documents.document_delete(actor=people.morgan, document=document, version=2, reason="Wrong case")
    # Its files are gone, so are their versions' events; the document's own stay, with the deletion.
    titles = [event.title for event in case_timeline(alex_case, query)]
    assert titles == ["Document deleted (added in error)", "Document added"]


def test_the_documents_page_takes_the_same_queries_for_one_document_and_for_six(people, login):
    from django.test.utils import CaptureQueriesContext

    cases = [CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex) for _ in range(2)]
    for case, count in zip(cases, (1, 6), strict=True):
        rg = DecisionFactory(referral=ReferralFactory(case=case))
        for i in range(count):
            document = add(case, people.alex, about="" if i % 2 else f"decision:{rg.pk}")
            documents.document_replace(actor=people.alex, document=document, file=upload(), version=1)
    client = login(people.alex)
    client.get(reverse("case_documents", args=[cases[0].reference]))
    counts = []
    for case in cases:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("case_documents", args=[case.reference])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_demo_adds_letters_and_photos_through_the_service_once(people, documents_folder):
    for _ in range(2):
        case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
        DecisionFactory(referral=ReferralFactory(case=case))
        ConsentFactory(case=case)
    assert seed_documents() == 5  # two letters, two signed forms, a photograph
    assert seed_documents() == 0  # idempotent
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert kinds == {
        DocumentKind.DECISION_LETTER,
        DocumentKind.CONSENT_FORM,
        DocumentKind.EVIDENCE_PHOTOGRAPH,
    }
    assert Document.objects.filter(about_kind="decision").count() == 2
    assert DocumentFile.objects.filter(number=2).count() == 1  # the replaced photograph
    for path in stored_objects(documents_folder):
        assert b"%PDF" not in path.read_bytes() and b"PNG" not in path.read_bytes()[:8]
