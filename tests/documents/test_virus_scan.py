"""The optional clamd scan, against a fake daemon on a temporary Unix socket that answers as clamd
does: a virus is refused, a scanner that does not answer refuses the upload, nothing is stored."""

import os
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.services import document_storage, virus_scan
from casework.services.file_checks import MESSAGE_SCANNER, MESSAGE_VIRUS, UploadRefused, check_upload
from tests.documents import samples
from tests.documents.conftest import FakeClamd


def upload_and_store(content: bytes):
    checked = check_upload(SimpleUploadedFile("letter.txt", content))
    return document_storage.store(checked.chunks())


def refusal(content: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        upload_and_store(content)
    return refused.value.message


def test_a_clean_file_is_scanned_whole_and_stored(clamd, local_documents):
    content = samples.text() * 20_000  # several INSTREAM chunks
    stored = upload_and_store(content)
    assert clamd.received == [len(content)]
    assert list(document_storage.all_names()) == [stored.name]


def test_a_file_with_a_virus_is_refused_and_nothing_stored(clamd, local_documents):
    message = refusal(b"Notes\n" + samples.EICAR + b"\n")
    assert message == "The selected file contains a virus" == MESSAGE_VIRUS
    assert list(document_storage.all_names()) == []


def test_the_scanner_sees_the_photograph_as_uploaded(clamd, local_documents):
    photo = samples.jpeg_with_gps()
    upload_and_store(photo)
    assert clamd.received == [len(photo)]


def test_no_socket_there_refuses_the_upload_with_a_clear_message(settings, socket_folder, local_documents):
    settings.CLAMD_SOCKET = os.path.join(socket_folder, "no-such.sock")
    assert refusal(samples.text()) == "The selected file could not be checked for viruses: try again later"
    assert refusal(samples.pdf()) == MESSAGE_SCANNER
    assert list(document_storage.all_names()) == []


def test_a_dead_daemon_refuses_the_upload(settings, socket_folder, local_documents):
    path = os.path.join(socket_folder, "dead.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.close()  # the socket file is left behind, nobody listens
    settings.CLAMD_SOCKET = path
    assert refusal(samples.text()) == MESSAGE_SCANNER
    assert list(document_storage.all_names()) == []


def test_a_daemon_that_never_answers_times_out(settings, socket_folder, local_documents):
    daemon = FakeClamd(os.path.join(socket_folder, "slow.sock"), silent=True)
    settings.CLAMD_SOCKET = daemon.path
    settings.CLAMD_TIMEOUT_SECONDS = 1
    try:
        assert refusal(samples.text()) == MESSAGE_SCANNER
    finally:
        daemon.close()
    assert list(document_storage.all_names()) == []


def test_no_scan_without_a_socket_setting(settings, local_documents):
    settings.CLAMD_SOCKET = None
    upload_and_store(samples.EICAR)  # accepted as plain text: scanning is off by default


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [
        ("stream: OK", None),
        ("stream: Win.Test.EICAR_HDB-1 FOUND", virus_scan.VirusFound),
        ("INSTREAM size limit exceeded. ERROR", virus_scan.ScannerUnavailable),
        ("", virus_scan.ScannerUnavailable),
    ],
)
def test_clamd_replies_are_read_strictly(reply, outcome):
    if outcome is None:
        virus_scan._verdict(reply, 10)
    else:
        with pytest.raises(outcome):
            virus_scan._verdict(reply, 10)


def test_the_log_says_only_sizes(clamd, local_documents, caplog):
    caplog.set_level("DEBUG")
    with pytest.raises(UploadRefused):
        upload_and_store(b"Zephyrine " + samples.EICAR)
    assert "Zephyrine" not in caplog.text and "Eicar-Signature" not in caplog.text
    assert "found a virus in an upload of" in caplog.text
