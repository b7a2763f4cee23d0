"""Envelope encryption of document files (docs/architecture.md, Documents: storage and encryption;
docs/decisions/0010-document-envelope-encryption.md).

Each file gets its own random 256-bit data key. The content is cut into CHUNK-byte pieces, each
sealed with AES-256-GCM, so a file is encrypted and decrypted as it streams and a 20 MB file is
never held whole in memory. The data key is stored beside the record, wrapped (Fernet-encrypted)
under the FERNET_KEYS ring, exactly as the encrypted fields are; key rotation re-wraps the data
keys and never touches the files.

The sealed format:

    header  = MAGIC (4 bytes) + nonce prefix (8 random bytes)
    chunk i = AES-GCM(data key, nonce = prefix + i as 4 bytes big-endian,
                      plaintext = up to CHUNK bytes, associated data = header + last flag)

Every chunk but the last holds exactly CHUNK plaintext bytes (CHUNK + 16 sealed); the last holds
fewer (none when the length is a multiple of CHUNK) and carries the flag 1, the others 0. So a
chunk moved (its nonce no longer matches), a chunk changed (its tag fails), a file cut at a chunk
boundary (its new last chunk was sealed as "not last") or extended (the old last chunk is no
longer last) all fail to open. An empty file is one sealed empty last chunk, so even a file cut
to its header fails.
"""

import os
from collections.abc import Iterable, Iterator
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from fernet_fields import hkdf

MAGIC = b"CWD1"
PREFIX_BYTES = 8
HEADER_BYTES = len(MAGIC) + PREFIX_BYTES
CHUNK = 64 * 1024
TAG_BYTES = 16
SEALED_CHUNK = CHUNK + TAG_BYTES
MAX_CHUNKS = 2**32  # the counter's 4 bytes: 256 TiB, far beyond any upload


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class DecryptionFailed(Exception):
    """The sealed bytes were changed, cut, extended or reordered, or the key is not theirs."""


def key_ring() -> MultiFernet:
    """FERNET_KEYS as the encrypted fields use them (fernet_fields derives each Fernet key with
    HKDF unless FERNET_USE_HKDF is off): the first key encrypts, every key decrypts. Read afresh
    on each call, so a changed setting (rotation, tests) applies at once."""
    keys = settings.FERNET_KEYS
    if getattr(settings, "FERNET_USE_HKDF", True):
        keys = [hkdf.derive_fernet_key(key) for key in keys]
    return MultiFernet([Fernet(key) for key in keys])


def new_data_key() -> tuple[bytes, bytes]:
    """(data key, the same key wrapped under the newest FERNET_KEYS key)."""
    data_key = AESGCM.generate_key(bit_length=256)
    return data_key, key_ring().encrypt(data_key)


def unwrap(wrapped_key: bytes) -> bytes:
    try:
        data_key = key_ring().decrypt(bytes(wrapped_key))
    except InvalidToken as error:
        raise DecryptionFailed("the data key does not open under FERNET_KEYS") from error
    if len(data_key) != 32:
        raise DecryptionFailed("the wrapped value is not a data key")
    return data_key


def rewrap(wrapped_key: bytes) -> bytes:
    """The data key re-encrypted under the newest key (MultiFernet.rotate): the file itself is
    unchanged. Raises DecryptionFailed if no configured key opens it."""
    try:
        return key_ring().rotate(bytes(wrapped_key))
    except InvalidToken as error:
        raise DecryptionFailed("the data key does not open under FERNET_KEYS") from error


def wrapped_under_newest(wrapped_key: bytes) -> bool:
    """Whether the newest key alone opens it, so a rotation run can skip it (and be resumed)."""
    keys = settings.FERNET_KEYS
    newest = hkdf.derive_fernet_key(keys[0]) if getattr(settings, "FERNET_USE_HKDF", True) else keys[0]
    try:
        Fernet(newest).decrypt(bytes(wrapped_key))
    except InvalidToken:
        return False
    return True


def _nonce(prefix: bytes, counter: int) -> bytes:
    if counter >= MAX_CHUNKS:
        raise ValueError("file too large for one data key")
    return prefix + counter.to_bytes(4, "big")


def _associated_data(header: bytes, last: bool) -> bytes:
    return header + (b"\x01" if last else b"\x00")


def _blocks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The input cut into CHUNK-byte blocks, then the remainder: always one block shorter than
    CHUNK at the end (empty when the input is empty or a multiple of CHUNK)."""
    buffer = bytearray()
    for piece in chunks:
        buffer += piece
        while len(buffer) >= CHUNK:
            yield bytes(buffer[:CHUNK])
            del buffer[:CHUNK]
    yield bytes(buffer)


def encrypt_chunks(data_key: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The sealed form of the plaintext chunks, piece by piece: the header, then one sealed chunk
    at a time (each block is sealed once the next has begun, so the last one is known)."""
    aead = AESGCM(data_key)
    prefix = os.urandom(PREFIX_BYTES)
    header = MAGIC + prefix
    yield header
    blocks = _blocks(chunks)
    current = next(blocks)
    counter = 0
    for following in blocks:
        yield aead.encrypt(_nonce(prefix, counter), current, _associated_data(header, False))
        counter += 1
        current = following
    yield aead.encrypt(_nonce(prefix, counter), current, _associated_data(header, True))


def decrypt_stream(data_key: bytes, stream: Readable) -> Iterator[bytes]:
    """The plaintext of a sealed stream, chunk by chunk, each chunk verified before it is given
    out. Raises DecryptionFailed at the first chunk that does not open."""
    header = _read_exactly(stream, HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise DecryptionFailed("not a sealed document")
    prefix = header[len(MAGIC) :]
    aead = AESGCM(data_key)
    counter = 0
    current = _read_exactly(stream, SEALED_CHUNK)
    while True:
        following = _read_exactly(stream, SEALED_CHUNK) if len(current) == SEALED_CHUNK else b""
        last = not following
        if len(current) < TAG_BYTES:
            raise DecryptionFailed("cut short")
        try:
            plaintext = aead.decrypt(_nonce(prefix, counter), current, _associated_data(header, last))
        except InvalidTag as error:
            raise DecryptionFailed(f"chunk {counter} does not open") from error
        yield plaintext
        if last:
            return
        counter += 1
        current = following


def _read_exactly(stream: Readable, size: int) -> bytes:
    """Up to size bytes, fewer only at the end (a storage file may return short reads)."""
    parts = []
    wanted = size
    while wanted:
        part = stream.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)
