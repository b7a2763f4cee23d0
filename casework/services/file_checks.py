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
import struct
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, NamedTuple
from xml.etree import ElementTree

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
MESSAGE_ACTIVE_CONTENT = (
    "The selected file contains macros or links to other files. Save it as a PDF and try again"
)
MESSAGE_TOO_MANY_PARTS = "The selected file is made of too many parts. Save it as a PDF and try again"
MESSAGE_PROTECTED = "The selected file is password protected"
MESSAGE_VIRUS = "The selected file contains a virus"
MESSAGE_SCANNER = "The selected file could not be checked for viruses: try again later"


def message_too_big() -> str:
    return f"The selected file must be smaller than {settings.DOCUMENT_MAX_MB}MB"


def message_too_many_pixels() -> str:
    """DOCUMENT_MAX_PIXELS, or Pillow's own limit against decompression bombs if lower."""
    limit = min(settings.DOCUMENT_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or settings.DOCUMENT_MAX_PIXELS)
    return f"The selected image must be {limit / 1_000_000:g} million pixels or fewer"


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
# The parts Word (and LibreOffice saving .docx) writes; anything else in the ZIP is refused.
DOCX_PARTS = ("[content_types].xml", "_rels/", "docprops/", "word/", "customxml/")
# Macros (vbaProject.bin, vbaData.xml), embedded OLE objects and packages, ActiveX controls.
DOCX_ACTIVE_PARTS = ("vbaproject", "vbadata", "word/embeddings/", "word/activex/")
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_RELS_BYTES = 1024 * 1024
ODT_MACRO_FOLDERS = ("Basic/", "Scripts/")
# A Word document has a few dozen parts; a ZIP of many thousands is refused before it is opened
# (zipfile reads the whole central directory into memory).
MAX_ZIP_ENTRIES = 5000
ZIP_EOCD_SIGNATURE = b"PK\x05\x06"
ZIP_EOCD_SEARCH = 22 + 0xFFFF  # the record and the longest archive comment
# PDF names that run or fetch something (matched after #xx escapes are undone). /OpenAction is
# refused unless it names a page to open at ("[3 0 R /Fit]"); an action by reference is refused.
PDF_ACTIVE = re.compile(
    rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToR|GoToE)(?![A-Za-z0-9])"
    rb"|/OpenAction(?!\s*\[)"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# "stream" not preceded by a letter; the literal first (the lookbehind after it), so the search
# jumps from one "stream" to the next instead of trying every byte (40x faster on a 10 MB scan).
PDF_STREAM = re.compile(rb"stream(?<![A-Za-z]stream)(?:\r\n|\n|\r)")
PDF_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj(?![A-Za-z])")
PDF_DICT_LOOKBACK = 2048
PDF_OVERLAP = 4096
PDF_MAX_STREAMS_CHECKED = 10_000
PDF_MAX_OBJECT_STREAM = 8 * 1024 * 1024
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
        _refuse_active_pdf(uploaded)
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
    """A .docx or .odt by the parts that make one, with nothing active in it; any other ZIP is
    refused. The number of entries is read from the end of the archive before it is opened."""
    entries = _zip_entry_count(uploaded)
    if entries is None:
        raise _refuse(MESSAGE_TYPE, "ZIP without a readable directory")
    if entries > MAX_ZIP_ENTRIES:
        raise _refuse(MESSAGE_TOO_MANY_PARTS, "ZIP with too many entries")
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
                if not _docx_is_inert(archive, parts):
                    raise _refuse(MESSAGE_ACTIVE_CONTENT, "Word document with active content or links")
                return DOCX
            mimetype = parts.get("mimetype")
            if (
                mimetype is not None
                and "content.xml" in parts
                and mimetype.file_size < 256
                and archive.read(mimetype).strip() == ODT_MIMETYPE
            ):
                if any(name.startswith(ODT_MACRO_FOLDERS) for name in parts):
                    raise _refuse(MESSAGE_ACTIVE_CONTENT, "OpenDocument text with macros")
                return ODT
    except ZIP_UNREADABLE:
        pass  # damaged, encrypted or in an unknown compression: not a document we accept
    raise _refuse(MESSAGE_TYPE, "ZIP that is not a Word or OpenDocument text document")


def _zip_entry_count(uploaded: UploadedFile) -> int | None:
    """The number of entries the end-of-central-directory record declares (None if there is no
    such record in the file's last 64 KiB). A ZIP64 archive declares 0xFFFF here: counted as too
    many (no Word or OpenDocument text needs ZIP64)."""
    size = uploaded.size or 0
    uploaded.seek(max(0, size - ZIP_EOCD_SEARCH))
    tail = uploaded.read(ZIP_EOCD_SEARCH)
    at = tail.rfind(ZIP_EOCD_SIGNATURE)
    if at < 0 or len(tail) < at + 22:
        return None
    on_this_disk, total = struct.unpack("<HH", tail[at + 8 : at + 12])
    if on_this_disk == 0xFFFF or total == 0xFFFF:
        return MAX_ZIP_ENTRIES + 1
    return max(on_this_disk, total)


def _docx_is_inert(archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> bool:
    """No macros, embedded objects or ActiveX controls; no part outside those Word writes; no
    relationship to anything outside the file except hyperlinks (a link the reader follows by
    choice). A remote template (attachedTemplate), a linked OLE object, frame or sub-document is
    fetched by Word when the document opens, so those are refused."""
    for name, info in parts.items():
        lowered = name.lower()
        if not lowered.startswith(DOCX_PARTS) or any(marker in lowered for marker in DOCX_ACTIVE_PARTS):
            return False
        if lowered.endswith(".rels") and not _relationships_are_inert(archive, info):
            return False
    return True


def _relationships_are_inert(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as part:
        xml = part.read(MAX_RELS_BYTES + 1)
    if len(xml) > MAX_RELS_BYTES or b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        return False
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 (no DTD or entities: refused above)
    except ElementTree.ParseError:
        return False
    for relationship in root.iter(f"{{{RELATIONSHIPS_NS}}}Relationship"):
        external = relationship.get("TargetMode", "").strip().lower() == "external"
        if external and not relationship.get("Type", "").endswith("/hyperlink"):
            return False
    return True


def _refuse_active_pdf(uploaded: UploadedFile) -> None:
    """Refuses a PDF that runs or fetches something: JavaScript, a Launch action, embedded files,
    rich media, XFA forms, form submission or data import, links into other files, or an action
    (rather than a page to show) on opening. Names are read with their #xx escapes undone, in
    the file and inside its object streams (where a PDF 1.5 keeps dictionaries compressed)."""
    carry = b""
    base = 0
    object_streams: dict[int, bool] = {}  # data offset -> whether it is certainly an object stream
    for piece in uploaded.chunks(READ_CHUNK):
        window = carry + piece
        if PDF_ACTIVE.search(_pdf_names(window)):
            raise _refuse(MESSAGE_ACTIVE_CONTENT, "PDF with active content")
        for match in PDF_STREAM.finditer(window):
            before = window[max(0, match.start() - PDF_DICT_LOOKBACK) : match.start()]
            headers = list(PDF_OBJECT_HEADER.finditer(before))
            certain = bool(headers) and b"/ObjStm" in _pdf_names(before[headers[-1].end() :])
            if certain or not headers:  # an object stream, or a dictionary too long to tell
                object_streams[base + match.end()] = object_streams.get(base + match.end(), False) or certain
        if len(object_streams) > PDF_MAX_STREAMS_CHECKED:
            raise _refuse(MESSAGE_TOO_MANY_PARTS, "PDF with too many object streams")
        carry = window[-PDF_OVERLAP:]
        base += len(window) - len(carry)
    for offset, certain in object_streams.items():
        found = _inflated_is_active(uploaded, offset)
        if found is None and certain:
            raise _refuse(MESSAGE_DAMAGED, "PDF object stream that does not inflate")
        if found:
            raise _refuse(MESSAGE_ACTIVE_CONTENT, "PDF with active content in an object stream")


def _pdf_names(data: bytes) -> bytes:
    return PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)


def _inflated_is_active(uploaded: UploadedFile, offset: int) -> bool | None:
    """Whether the Flate stream at the offset names active content (None: it does not inflate
    or is larger than an object stream ever is)."""
    uploaded.seek(offset)
    inflater = zlib.decompressobj()
    tail = b""
    produced = 0
    try:
        while not inflater.eof:
            data = inflater.unconsumed_tail or uploaded.read(READ_CHUNK)
            if not data:
                break
            out = inflater.decompress(data, READ_CHUNK)
            produced += len(out)
            if produced > PDF_MAX_OBJECT_STREAM:
                return None
            window = tail + out
            if PDF_ACTIVE.search(_pdf_names(window)):
                return True
            tail = window[-PDF_OVERLAP:]
    except zlib.error:
        return None
    return False


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
    cleaned: IO[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (kept open for chunks())
        max_size=SPOOL_BYTES, dir=settings.FILE_UPLOAD_TEMP_DIR
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on damaged EXIF: it is being dropped
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded, formats=[kind.pillow_format]) as image:
                _within_pixel_limit(image)  # from the header, before any pixel is decoded
                ImageOps.exif_transpose(image, in_place=True)  # decodes; no second copy of the pixels
                result = _encode(image, kind, cleaned)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, TooManyPixels) as error:
        cleaned.close()
        raise _refuse(message_too_many_pixels(), "too many pixels") from error
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


class TooManyPixels(Exception):
    pass


def _within_pixel_limit(image: Image.Image) -> None:
    """Refuses an image over DOCUMENT_MAX_PIXELS before it is decoded (decoding takes 3 or 4 bytes
    a pixel, and turning it upright as much again). A JPEG over the limit is decoded at a half, a
    quarter or an eighth of its size instead (Image.draft: the decoder scales as it goes), the
    smallest reduction that fits: a phone's 50-megapixel photograph is kept, at 12.5 megapixels."""
    limit = settings.DOCUMENT_MAX_PIXELS
    width, height = image.size
    if width * height <= limit:
        return
    if image.format == "JPEG":
        for scale in (2, 4, 8):
            reduced = (-(-width // scale), -(-height // scale))
            if reduced[0] * reduced[1] <= limit:
                image.draft(image.mode, reduced)
                if image.size[0] * image.size[1] <= limit:
                    return
                break
    raise TooManyPixels


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
