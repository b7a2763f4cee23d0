"""Document files, encrypted, in the "documents" storage (docs/architecture.md, Documents: storage
and encryption).

The storage is `django.core.files.storage.storages["documents"]` (settings.STORAGES): a private
local folder by default, S3-compatible object storage through django-storages when
DOCUMENT_STORAGE_URL says so. Everything written there is sealed by casework.security.file_crypto
under a per-file data key; the caller keeps the returned StoredFile's name and wrapped key on its
record (the wrapped key is useless without FERNET_KEYS).

Object names are 32 random hex characters and say nothing about the survivor or the file. Only
names of that form are ever read, deleted or listed, so nothing else in the folder or bucket is
touched. Logs name the object and its size, nothing else.
"""

import io
import logging
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from casework.security import file_crypto

logger = logging.getLogger(__name__)

STORAGE_ALIAS = "documents"
NAME = re.compile(r"[0-9a-f]{32}")
READ_BUFFER = 64 * 1024


class DocumentUnreadable(Exception):
    """The stored file is missing, or does not open: changed, cut short, or not under these keys."""


@dataclass(frozen=True)
class StoredFile:
    name: str  # random storage object name, nothing about the survivor
    wrapped_key: bytes  # the per-file data key encrypted under the FERNET_KEYS ring
    size: int  # plaintext bytes


def document_storage() -> Storage:
    return storages[STORAGE_ALIAS]


class _SealedStream(io.RawIOBase):
    """A read-only, non-seekable file over the sealed pieces, so the storage backend pulls the
    ciphertext as it writes (FileSystemStorage in 64 KiB reads, S3 in multipart parts)."""

    def __init__(self, pieces: Iterator[bytes]):
        self._pieces = pieces
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, target) -> int:
        while not self._buffer:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._buffer = piece
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


class S3DocumentStorage(S3Storage):
    """django-storages' S3 backend (settings: DOCUMENT_STORAGE_URL=s3://...) with memory bounded
    whatever the file's size. boto3 reads a multipart upload lazily only from a named file (from
    an open stream it copies every part into memory), so the sealed stream is first written to a
    temporary file (ciphertext only) and sent from there; a read streams the object's HTTP body
    instead of downloading it whole before the first byte."""

    def _save(self, name, content):
        cleaned = clean_name(name)
        key = self._normalize_name(cleaned)
        parameters = self._get_write_parameters(key, content)
        with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as spool:
            for piece in content.chunks():
                spool.write(piece)
            spool.flush()
            self.bucket.Object(key).upload_file(spool.name, ExtraArgs=parameters, Config=self.transfer_config)
        return cleaned

    def _open(self, name, mode="rb"):
        if mode != "rb":
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        try:
            response = self.bucket.Object(key).get()
        except ClientError as error:
            # 403: what S3 answers for a missing object when the credentials may not list the
            # bucket (and for an object they may not read): unreadable either way, never a 500.
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") in (403, 404):
                raise FileNotFoundError(name) from error
            raise
        return File(response["Body"], name=name)


def store(chunks: Iterable[bytes]) -> StoredFile:
    """Encrypt the plaintext chunks as they come and write them to the documents storage under a
    new random name. Nothing is left in storage if writing fails part way."""
    name = secrets.token_hex(16)
    data_key, wrapped_key = file_crypto.new_data_key()
    size = 0

    def counted() -> Iterator[bytes]:
        nonlocal size
        for piece in chunks:
            size += len(piece)
            yield piece

    storage = document_storage()
    sealed = _SealedStream(file_crypto.encrypt_chunks(data_key, counted()))
    try:
        saved = storage.save(name, File(io.BufferedReader(sealed, READ_BUFFER), name=name))
    except BaseException:
        _delete_quietly(storage, name)
        raise
    if saved != name:  # a backend that renamed it: the record must hold the name actually used
        _delete_quietly(storage, saved)
        raise RuntimeError("the documents storage changed the object name")
    logger.info("Document stored: object %s, %d bytes", name, size)
    return StoredFile(name=name, wrapped_key=wrapped_key, size=size)


def open_chunks(name: str, wrapped_key: bytes) -> Iterator[bytes]:
    """The plaintext, chunk by chunk, each verified before it is given out.

    Opening is eager: a missing object, a key that does not open, or a first chunk that fails
    raises DocumentUnreadable here, before a response has started. A later chunk that fails
    raises DocumentUnreadable while iterating (the download is then cut off, never completed
    with altered bytes). The stored file is closed when the iterator ends or is closed."""
    if not NAME.fullmatch(name):
        raise DocumentUnreadable("not a document object name")
    try:
        data_key = file_crypto.unwrap(wrapped_key)
    except file_crypto.DecryptionFailed as error:
        logger.warning("Document object %s: its data key does not open", name)
        raise DocumentUnreadable("the data key does not open") from error
    try:
        handle = document_storage().open(name, "rb")
    except FileNotFoundError as error:
        logger.warning("Document object %s is missing from storage (or may not be read)", name)
        raise DocumentUnreadable("missing from storage") from error
    plaintext = file_crypto.decrypt_stream(data_key, handle)
    try:
        first = next(plaintext)
    except file_crypto.DecryptionFailed as error:
        handle.close()
        logger.warning("Document object %s does not open: changed or cut short", name)
        raise DocumentUnreadable("the stored file does not open") from error
    return _the_rest(name, handle, first, plaintext)


def _the_rest(
    name: str, handle: file_crypto.Readable, first: bytes, plaintext: Iterator[bytes]
) -> Iterator[bytes]:
    try:
        yield first
        try:
            yield from plaintext
        except file_crypto.DecryptionFailed as error:
            logger.warning("Document object %s does not open past its start: changed or cut short", name)
            raise DocumentUnreadable("the stored file does not open") from error
    finally:
        handle.close()


def delete(name: str) -> None:
    """Remove the object; nothing happens if it is already gone."""
    if not NAME.fullmatch(name):
        raise ValueError("not a document object name")
    document_storage().delete(name)
    logger.info("Document object %s deleted", name)


def exists(name: str) -> bool:
    return bool(NAME.fullmatch(name)) and document_storage().exists(name)


def all_names() -> Iterator[str]:
    """Every document object in the storage (names of our form only; nothing if the local folder
    has not been made yet)."""
    try:
        _folders, files = document_storage().listdir("")
    except FileNotFoundError:
        return
    for name in files:
        if NAME.fullmatch(name):
            yield name


def rewrap(wrapped_key: bytes) -> bytes:
    """The data key re-encrypted under the newest FERNET_KEYS key (rotation); the stored file is
    unchanged. Raises DocumentUnreadable if no configured key opens it."""
    try:
        return file_crypto.rewrap(wrapped_key)
    except file_crypto.DecryptionFailed as error:
        raise DocumentUnreadable("the data key does not open") from error


def key_is_current(wrapped_key: bytes) -> bool:
    """Whether the data key is already wrapped under the newest key, so a rotation run may skip it
    (which is what lets an interrupted run be started again)."""
    return file_crypto.wrapped_under_newest(wrapped_key)


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # the original error matters more; the orphan check finds anything left
        logger.exception("Document object %s could not be removed after a failed write", name)
