"""Document files are encrypted before they reach storage, read back verified, and go when deleted:
against the local private folder and against S3 (moto's server over real HTTP on 127.0.0.1)."""

import hashlib
import os
import tracemalloc

import pytest
from cryptography.fernet import Fernet

from casework.security import file_crypto
from casework.services import document_storage
from casework.services.document_storage import DocumentUnreadable
from tests.documents.conftest import BUCKET, CREDENTIALS
from tests.test_settings import PRODUCTION_ENV, manage

MARKER = "Zephyrine-Document-Marker"


def pieces(data: bytes, size: int = 10_000):
    for start in range(0, len(data), size):
        yield data[start : start + size]


def raw_object(storage, name, s3_client) -> bytes:
    kind, where = storage
    if kind == "local":
        return (where / name).read_bytes()
    return s3_client.get_object(Bucket=BUCKET, Key=f"{where}/{name}")["Body"].read()


def replace_object(storage, name, data: bytes, s3_client) -> None:
    kind, where = storage
    if kind == "local":
        (where / name).write_bytes(data)
    else:
        s3_client.put_object(Bucket=BUCKET, Key=f"{where}/{name}", Body=data)


def put_foreign_file(storage, s3_client) -> None:
    kind, where = storage
    if kind == "local":
        where.mkdir(parents=True, exist_ok=True)
        (where / "notes.txt").write_bytes(b"someone else's file")
    else:
        s3_client.put_object(Bucket=BUCKET, Key=f"{where}/notes.txt", Body=b"someone else's file")


def read_all(stored) -> bytes:
    return b"".join(document_storage.open_chunks(stored.name, stored.wrapped_key))


def test_a_stored_file_reads_back_byte_for_byte_with_its_size(any_documents_storage):
    content = os.urandom(3 * file_crypto.CHUNK + 123)
    stored = document_storage.store(pieces(content))
    assert stored.size == len(content)
    assert read_all(stored) == content


@pytest.mark.parametrize(
    "length", [0, 1, file_crypto.CHUNK - 1, file_crypto.CHUNK, file_crypto.CHUNK + 1, 2 * file_crypto.CHUNK]
)
def test_every_length_round_trips_including_empty_and_exact_chunks(local_documents, length):
    content = os.urandom(length)
    assert read_all(document_storage.store(pieces(content, 7000))) == content


def test_nothing_readable_in_storage_a_marker_in_the_file_is_not_in_the_stored_bytes(
    any_documents_storage, s3_client
):
    content = (f"Statement of {MARKER}\n" * 5000).encode()
    stored = document_storage.store(pieces(content))
    raw = raw_object(any_documents_storage, stored.name, s3_client)
    assert MARKER.encode() not in raw
    assert b"Statement of" not in raw
    assert len(raw) > len(content)  # really there, sealed (header and a tag per chunk)
    assert MARKER.encode() not in stored.wrapped_key and MARKER not in stored.name
    assert read_all(stored) == content


def test_the_object_name_is_random_and_says_nothing(local_documents):
    first = document_storage.store([b"a"])
    second = document_storage.store([b"a"])
    assert document_storage.NAME.fullmatch(first.name)
    assert first.name != second.name
    assert first.wrapped_key != second.wrapped_key  # a data key per file


def test_the_local_folder_is_made_on_demand_and_only_its_owner_may_read(local_documents):
    assert not local_documents.exists()
    assert list(document_storage.all_names()) == []
    stored = document_storage.store([b"evidence"])
    assert (local_documents / stored.name).stat().st_mode & 0o777 == 0o600
    assert local_documents.stat().st_mode & 0o777 == 0o700


def test_deleting_removes_the_object_and_deleting_again_is_harmless(any_documents_storage, s3_client):
    stored = document_storage.store([b"to be erased"])
    assert document_storage.exists(stored.name)
    document_storage.delete(stored.name)
    assert not document_storage.exists(stored.name)
    kind, where = any_documents_storage
    if kind == "local":
        assert not (where / stored.name).exists()
    else:
        listed = s3_client.list_objects_v2(Bucket=BUCKET, Prefix=f"{where}/")
        assert listed.get("KeyCount", 0) == 0
    document_storage.delete(stored.name)
    with pytest.raises(DocumentUnreadable):
        document_storage.open_chunks(stored.name, stored.wrapped_key)


def test_all_names_lists_the_document_objects_and_nothing_else(any_documents_storage, s3_client):
    first = document_storage.store([b"one"])
    second = document_storage.store([b"two"])
    put_foreign_file(any_documents_storage, s3_client)
    assert set(document_storage.all_names()) == {first.name, second.name}


def test_names_not_of_our_form_are_never_read_or_deleted(local_documents):
    with pytest.raises(DocumentUnreadable):
        document_storage.open_chunks("../../config/settings.py", b"")
    with pytest.raises(ValueError):
        document_storage.delete("../notes.txt")
    assert not document_storage.exists("notes.txt")


def test_a_missing_object_is_unreadable_before_anything_is_sent(any_documents_storage):
    stored = document_storage.store([b"here"])
    document_storage.delete(stored.name)
    with pytest.raises(DocumentUnreadable):
        document_storage.open_chunks(stored.name, stored.wrapped_key)


def test_a_changed_byte_in_a_later_chunk_stops_the_read_at_that_chunk(any_documents_storage, s3_client):
    content = os.urandom(3 * file_crypto.CHUNK)
    stored = document_storage.store(pieces(content))
    raw = bytearray(raw_object(any_documents_storage, stored.name, s3_client))
    raw[file_crypto.HEADER_BYTES + 2 * file_crypto.SEALED_CHUNK + 5] ^= 1
    replace_object(any_documents_storage, stored.name, bytes(raw), s3_client)
    chunks = document_storage.open_chunks(stored.name, stored.wrapped_key)
    assert next(chunks) == content[: file_crypto.CHUNK]
    assert next(chunks) == content[file_crypto.CHUNK : 2 * file_crypto.CHUNK]
    with pytest.raises(DocumentUnreadable):
        next(chunks)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda raw, s: raw[: file_crypto.HEADER_BYTES + s], id="cut-at-a-chunk-boundary"),
        pytest.param(lambda raw, s: raw[:-1], id="last-byte-cut"),
        pytest.param(lambda raw, s: raw + raw[file_crypto.HEADER_BYTES :][:s], id="a-chunk-appended"),
        pytest.param(
            lambda raw, s: (
                raw[: file_crypto.HEADER_BYTES]
                + raw[file_crypto.HEADER_BYTES + s : file_crypto.HEADER_BYTES + 2 * s]
                + raw[file_crypto.HEADER_BYTES : file_crypto.HEADER_BYTES + s]
                + raw[file_crypto.HEADER_BYTES + 2 * s :]
            ),
            id="chunks-swapped",
        ),
        pytest.param(lambda raw, s: raw[file_crypto.HEADER_BYTES :], id="header-removed"),
        pytest.param(lambda raw, s: b"", id="emptied"),
    ],
)
def test_a_cut_extended_or_reordered_file_never_reads_to_the_end(local_documents, tamper):
    stored = document_storage.store(pieces(os.urandom(2 * file_crypto.CHUNK + 10)))
    path = local_documents / stored.name
    path.write_bytes(tamper(path.read_bytes(), file_crypto.SEALED_CHUNK))
    with pytest.raises(DocumentUnreadable):
        read_all(stored)


def test_a_file_under_keys_no_longer_configured_is_unreadable(local_documents, settings):
    stored = document_storage.store([b"sealed under the old key"])
    settings.FERNET_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DocumentUnreadable):
        document_storage.open_chunks(stored.name, stored.wrapped_key)
    with pytest.raises(DocumentUnreadable):
        document_storage.rewrap(stored.wrapped_key)


def test_another_files_key_does_not_open_it(local_documents):
    first = document_storage.store([b"first"])
    second = document_storage.store([b"second"])
    with pytest.raises(DocumentUnreadable):
        read_all(document_storage.StoredFile(first.name, second.wrapped_key, first.size))


def test_rotation_rewraps_the_data_key_and_leaves_the_file_untouched(
    any_documents_storage, settings, s3_client
):
    old_key = settings.FERNET_KEYS[0]
    stored = document_storage.store([b"rotate me"])
    before = raw_object(any_documents_storage, stored.name, s3_client)
    assert document_storage.key_is_current(stored.wrapped_key)

    settings.FERNET_KEYS = [Fernet.generate_key().decode(), old_key]
    assert not document_storage.key_is_current(stored.wrapped_key)
    rewrapped = document_storage.rewrap(stored.wrapped_key)
    assert document_storage.key_is_current(rewrapped)

    settings.FERNET_KEYS = settings.FERNET_KEYS[:1]  # the old key retired
    assert b"".join(document_storage.open_chunks(stored.name, rewrapped)) == b"rotate me"
    with pytest.raises(DocumentUnreadable):
        document_storage.open_chunks(stored.name, stored.wrapped_key)
    assert raw_object(any_documents_storage, stored.name, s3_client) == before


def test_a_write_that_fails_part_way_leaves_nothing_in_storage(any_documents_storage):
    def failing():
        yield b"x" * 300_000
        raise ConnectionResetError("the upload stopped")

    with pytest.raises(ConnectionResetError):
        document_storage.store(failing())
    assert list(document_storage.all_names()) == []


def test_a_20_mb_file_is_never_held_whole_in_memory(local_documents):
    megabyte = os.urandom(1024 * 1024)
    digest = hashlib.sha256()

    def twenty_megabytes():
        for _ in range(20):
            for piece in pieces(megabyte, 64 * 1024):
                digest.update(piece)
                yield piece

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        stored = document_storage.store(twenty_megabytes())
        _, store_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        read_back = hashlib.sha256()
        for chunk in document_storage.open_chunks(stored.name, stored.wrapped_key):
            read_back.update(chunk)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.size == 20 * 1024 * 1024
    assert read_back.hexdigest() == digest.hexdigest()
    assert store_peak < 2 * 1024 * 1024, store_peak
    assert read_peak < 2 * 1024 * 1024, read_peak


def test_the_log_names_the_object_and_its_size_only(local_documents, caplog):
    caplog.set_level("DEBUG")
    stored = document_storage.store([f"{MARKER} statement".encode()])
    read_all(stored)
    document_storage.delete(stored.name)
    assert MARKER not in caplog.text
    assert f"object {stored.name}, {stored.size} bytes" in caplog.text


def test_a_file_larger_than_one_s3_part_goes_up_in_parts_and_reads_back(s3_documents, s3_client):
    content = os.urandom(12 * 1024 * 1024)  # over the 5 MiB multipart threshold: three parts
    stored = document_storage.store(pieces(content, 64 * 1024))
    head = s3_client.head_object(Bucket=BUCKET, Key=f"{s3_documents}/{stored.name}")
    assert head["ETag"].strip('"').endswith("-3")  # a multipart upload's ETag counts its parts
    read_back = hashlib.sha256()
    for chunk in document_storage.open_chunks(stored.name, stored.wrapped_key):
        read_back.update(chunk)
    assert read_back.hexdigest() == hashlib.sha256(content).hexdigest()


STORE_AND_READ_20_MB = """
import os, tracemalloc
from casework.services import document_storage
document_storage.store([b"warm up: boto3 loads its service models once per process"])
megabyte = os.urandom(1024 * 1024)
def pieces():
    for _ in range(20):
        for start in range(0, len(megabyte), 64 * 1024):
            yield megabyte[start : start + 64 * 1024]
tracemalloc.start()
stored = document_storage.store(pieces())
_, store_peak = tracemalloc.get_traced_memory()
tracemalloc.reset_peak()
size = sum(len(chunk) for chunk in document_storage.open_chunks(stored.name, stored.wrapped_key))
_, read_peak = tracemalloc.get_traced_memory()
print(size, store_peak, read_peak)
"""


def test_a_20_mb_file_is_never_held_whole_in_memory_on_s3_either(s3_endpoint):
    # In a process of its own, so that moto's server (which keeps objects in memory) is not counted.
    url = f"s3://{BUCKET}/memory?endpoint_url={s3_endpoint}&region=eu-west-2&addressing_style=path"
    env = {
        **PRODUCTION_ENV,
        "DOCUMENT_STORAGE_URL": url,
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
    }
    result = manage("shell", "-c", STORE_AND_READ_20_MB, env=env)
    assert result.returncode == 0, result.stderr
    size, store_peak, read_peak = map(int, result.stdout.strip().splitlines()[-1].split())
    assert size == 20 * 1024 * 1024
    assert store_peak < 8 * 1024 * 1024, store_peak
    assert read_peak < 2 * 1024 * 1024, read_peak


def test_a_forbidden_object_on_s3_is_unreadable_not_an_error(s3_documents, monkeypatch):
    # S3 answers 403 for a missing object when the credentials may not list the bucket.
    from botocore.exceptions import ClientError

    stored = document_storage.store([b"here"])
    forbidden = ClientError(
        {"Error": {"Code": "AccessDenied"}, "ResponseMetadata": {"HTTPStatusCode": 403}}, "GetObject"
    )

    class Forbidding:
        def Object(self, key):
            class Denied:
                def get(self):
                    raise forbidden

            return Denied()

    storage = document_storage.document_storage()
    monkeypatch.setattr(storage, "_bucket", Forbidding())
    with pytest.raises(DocumentUnreadable):
        document_storage.open_chunks(stored.name, stored.wrapped_key)
