"""Only safe files: what an upload must pass before it is stored (issue 20, item 2; docs/architecture.md,
Documents: storage and encryption).

- Size, counted while reading the file (the declared size is not trusted): an empty file or one
  over DOCUMENT_MAX_MB is refused.
- Type, from the content, never the name: puremagic names the format from its signature; a ZIP
  must then be a Word document (.docx) or an OpenDocument text (.odt) by its own parts, and text
  must be UTF-8 with no NUL or other control characters but tab, line feed, form feed and
  carriage return. Allowed: PDF, PNG, JPEG, HEIC, .docx, .odt and plain text. Legacy Word (.doc)
  is refused with its own message: its container (OLE2) also carries spreadsheets, e-mails and
  macros, and cannot be told apart or checked cheaply; Word saves any .doc as .docx. A
  password-protected .docx (Office keeps it in the same container) is refused as password
  protected: nobody could open it without the password.
- Virus scan through clamd (casework/services/virus_scan.py) when settings.CLAMD_SOCKET is set,
  on the file as uploaded.
- Images lose every piece of metadata (EXIF with its GPS position and camera serial, XMP, IPTC,
  comments, PNG text chunks, embedded previews): the pixels are decoded, turned upright by their
  EXIF orientation, and encoded afresh with only the colour profile kept (and a palette PNG's
  transparency). HEIC photographs become JPEG (every computer opens JPEG; HEIC needs extra
  software on many), so the stored file, its type and extension are JPEG's.

Messages follow the GOV.UK Design System's file upload pattern. Nothing about the file is logged
but its size; the original file name is never read.
"""

import codecs
import logging
import re
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, NamedTuple

import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from casework.services import virus_scan

register_heif_opener()

logger = logging.getLogger(__name__)

READ_CHUNK = 64 * 1024
HEAD_BYTES = 8 * 1024
SPOOL_BYTES = 1024 * 1024
JPEG_QUALITY = 92

ALLOWED_DESCRIPTION = "PDF, JPG, PNG, HEIC, Word document, OpenDocument text or plain text file"
# For the file input's accept attribute (a hint to the browser's picker; the content decides).
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.docx,.odt,.txt"

MESSAGE_EMPTY = "The selected file is empty"
MESSAGE_TYPE = f"The selected file must be a {ALLOWED_DESCRIPTION}"
MESSAGE_LEGACY_WORD = "The selected file must be a Word document saved as .docx, not the older .doc format"
MESSAGE_DAMAGED = "The selected file could not be read: it may be damaged"
# Pillow's own limit against decompression bombs (Image.MAX_IMAGE_PIXELS, 89,478,485).
MESSAGE_TOO_MANY_PIXELS = "The selected image must be 89 million pixels or fewer"
MESSAGE_PROTECTED = "The selected file is password protected"
MESSAGE_VIRUS = "The selected file contains a virus"
MESSAGE_SCANNER = "The selected file could not be checked for viruses: try again later"


def message_too_big() -> str:
    return f"The selected file must be smaller than {settings.DOCUMENT_MAX_MB}MB"


class UploadRefused(Exception):
    """The upload may not be stored; `message` is the sentence to show on the form's file field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Kind(NamedTuple):
    content_type: str
    extension: str
    pillow_format: str | None = None  # images: the format Pillow must find when it decodes them


PDF = Kind("application/pdf", ".pdf")
PNG = Kind("image/png", ".png", "PNG")
JPEG = Kind("image/jpeg", ".jpg", "JPEG")
HEIC = Kind("image/heic", ".heic", "HEIF")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
ODT = Kind("application/vnd.oasis.opendocument.text", ".odt")
TEXT = Kind("text/plain", ".txt")  # always UTF-8

HEVC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx is kept in
DOCX_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# What a damaged, encrypted or exotic ZIP raises on reading (RuntimeError covers NotImplementedError).
ZIP_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
)
# Control characters that plain text does not contain (tab, LF, FF and CR are fine).
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str  # with its dot, as the stored content is (".jpg" for a HEIC photograph)
    size: int  # bytes that chunks() gives
    _read: Callable[[], Iterator[bytes]] = field(repr=False)

    def chunks(self) -> Iterator[bytes]:
        """The checked content from its start (images already without their metadata); may be
        read more than once."""
        return self._read()


class UploadSizeCap(FileUploadHandler):
    """First in settings.FILE_UPLOAD_HANDLERS: passes on at most DOCUMENT_MAX_MB and one byte of
    any uploaded file and drops the rest as it arrives, so an oversized upload is never written
    whole to memory or the temporary folder. check_upload then counts one byte too many and
    refuses it with the size message, as for any file over the limit."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        cap = settings.DOCUMENT_MAX_MB * 1024 * 1024 + 1
        if start >= cap:
            return None  # the handlers after this one (memory, temporary file) never see it
        return raw_data[: cap - start]

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


def check_upload(uploaded: UploadedFile) -> CheckedUpload:
    """The upload, checked and cleaned, ready for document_storage.store(checked.chunks()).
    Raises UploadRefused with the form's message; nothing is stored either way."""
    limit = settings.DOCUMENT_MAX_MB * 1024 * 1024
    head, size, is_text = _measure(uploaded, limit)
    kind = _kind(uploaded, head, is_text)
    if settings.CLAMD_SOCKET:
        _scan(uploaded)
    if kind.pillow_format:
        return _without_metadata(uploaded, kind)
    return CheckedUpload(kind.content_type, kind.extension, size, uploaded.chunks)


def _refuse(message: str, reason: str, size: int | None = None) -> UploadRefused:
    logger.info("Upload refused (%s), %s bytes", reason, "unknown" if size is None else size)
    return UploadRefused(message)


def _measure(uploaded: UploadedFile, limit: int) -> tuple[bytes, int, bool]:
    """One pass over the file: its first bytes, its size (stopping once over the limit) and
    whether it is plain UTF-8 text."""
    head = b""
    size = 0
    decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8-sig")("strict")
    for piece in uploaded.chunks(READ_CHUNK):
        size += len(piece)
        if size > limit:
            raise _refuse(message_too_big(), "over the size limit")
        if len(head) < HEAD_BYTES:
            head += piece[: HEAD_BYTES - len(head)]
        decoder = _still_text(decoder, piece)
    if size == 0:
        raise _refuse(MESSAGE_EMPTY, "empty", 0)
    decoder = _still_text(decoder, b"", final=True)
    return head, size, decoder is not None


def _still_text(
    decoder: codecs.IncrementalDecoder | None, piece: bytes, final: bool = False
) -> codecs.IncrementalDecoder | None:
    if decoder is None:
        return None
    try:
        decoded = decoder.decode(piece, final)
    except UnicodeDecodeError:
        return None
    return None if NOT_TEXT.search(decoded) else decoder


def _kind(uploaded: UploadedFile, head: bytes, is_text: bool) -> Kind:
    try:
        mime_types = {match.mime_type for match in puremagic.magic_string(head)}
    except (puremagic.PureError, ValueError):
        mime_types = set()
    if "application/pdf" in mime_types and head.startswith(b"%PDF-"):
        return PDF
    if "image/png" in mime_types:
        return PNG
    if "image/jpeg" in mime_types:
        return JPEG
    if mime_types & {"image/heic", "image/heif"} or _hevc_brands(head):
        return HEIC
    if head.startswith(ZIP_SIGNATURE):
        return _document_in_zip(uploaded)
    if head.startswith(OLE2_SIGNATURE):
        if _holds(uploaded, ENCRYPTED_PACKAGE):
            # Office saves a password-protected .docx inside an OLE2 container.
            raise _refuse(MESSAGE_PROTECTED, "password-protected Office document")
        raise _refuse(MESSAGE_LEGACY_WORD, "legacy Office container")
    if is_text:
        return TEXT
    raise _refuse(MESSAGE_TYPE, "type not allowed")


def _hevc_brands(head: bytes) -> bool:
    """An ISO media file whose ftyp box lists an HEVC image brand: phones that write "mif1" as the
    major brand with "heic" among the compatible ones, which puremagic does not recognise.
    Whether it really is an image is then up to pillow-heif's decoder."""
    if head[4:8] != b"ftyp":
        return False
    box = head[8 : int.from_bytes(head[:4], "big")]
    brands = {box[start : start + 4] for start in range(0, len(box) - 3, 4)}
    return bool(brands & HEVC_BRANDS)


def _holds(uploaded: UploadedFile, needle: bytes) -> bool:
    """Whether the bytes appear anywhere in the file (read in chunks, overlapping by the needle)."""
    tail = b""
    for piece in uploaded.chunks(READ_CHUNK):
        if needle in tail + piece:
            return True
        tail = piece[-len(needle) :]
    return False


def _document_in_zip(uploaded: UploadedFile) -> Kind:
    """A .docx or .odt by the parts that make one; any other ZIP is refused."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            parts = {info.filename: info for info in archive.infolist()}
            types = parts.get("[Content_Types].xml")
            if (
                types is not None
                and "word/document.xml" in parts
                and types.file_size < 1024 * 1024
                and DOCX_MAIN_PART in archive.read(types)  # not .docm (macros) or .dotx
            ):
                return DOCX
            mimetype = parts.get("mimetype")
            if (
                mimetype is not None
                and "content.xml" in parts
                and mimetype.file_size < 256
                and archive.read(mimetype).strip() == ODT_MIMETYPE
            ):
                return ODT
    except ZIP_UNREADABLE:
        pass  # damaged, encrypted or in an unknown compression: not a document we accept
    raise _refuse(MESSAGE_TYPE, "ZIP that is not a Word or OpenDocument text document")


def _scan(uploaded: UploadedFile) -> None:
    socket_path = settings.CLAMD_SOCKET
    assert socket_path is not None
    try:
        virus_scan.scan(
            uploaded.chunks(READ_CHUNK), socket_path=socket_path, timeout=settings.CLAMD_TIMEOUT_SECONDS
        )
    except virus_scan.VirusFound as error:
        raise _refuse(MESSAGE_VIRUS, "virus found") from error
    except virus_scan.ScannerUnavailable as error:
        raise _refuse(MESSAGE_SCANNER, "virus scanner unavailable") from error


def _without_metadata(uploaded: UploadedFile, kind: Kind) -> CheckedUpload:
    """The image decoded, turned upright and encoded again from its pixels alone."""
    assert kind.pillow_format is not None
    uploaded.seek(0)
    cleaned: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (kept open for chunks())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on damaged EXIF: it is being dropped
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded, formats=[kind.pillow_format]) as image:
                ImageOps.exif_transpose(image, in_place=True)  # decodes; no second copy of the pixels
                result = _encode(image, kind, cleaned)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        cleaned.close()
        raise _refuse(MESSAGE_TOO_MANY_PIXELS, "too many pixels") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, RuntimeError) as error:
        # RuntimeError: pillow-heif's own limits (an image larger than libheif allows).
        cleaned.close()
        raise _refuse(MESSAGE_DAMAGED, "image does not decode") from error
    size = cleaned.tell()
    logger.info("Image metadata removed: %d bytes stored", size)

    def read() -> Iterator[bytes]:
        cleaned.seek(0)
        while piece := cleaned.read(READ_CHUNK):
            yield piece

    return CheckedUpload(result.content_type, result.extension, size, read)


def _encode(image: Image.Image, kind: Kind, target: IO[bytes]) -> Kind:
    """Pixels only: the colour profile (and a palette PNG's transparent colour) is all that is kept."""
    kept = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
    image.info = {}
    if kind is PNG:
        image.save(target, "PNG", **kept)
        return PNG
    # JPEG, and HEIC made JPEG
    pixels = image if image.mode in ("RGB", "L", "CMYK") else image.convert("RGB")
    icc = {"icc_profile": kept["icc_profile"]} if "icc_profile" in kept else {}
    pixels.save(target, "JPEG", quality=JPEG_QUALITY, **icc)
    return JPEG
