"""Small files of every kind an upload may be, built in memory (no fixtures on disk)."""

import io
import zipfile

from PIL import ExifTags, Image, PngImagePlugin

SERIAL = "SERIAL-0451-MARKER"
COMMENT = "COMMENT-MARKER"
# 51°30'12.5"N 0°07'39"W
LATITUDE = (51.0, 30.0, 12.5)
LONGITUDE = (0.0, 7.0, 39.0)
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf(text: str = "Decision letter") -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>> endobj\n"
        b"4 0 obj <</Length 44>> stream\nBT /F1 12 Tf 20 100 Td ("
        + text.encode()
        + b") Tj ET\nendstream endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, model, body serial number, orientation and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    exif[ExifTags.Base.Model] = "Phone 9"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: LATITUDE,
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: LONGITUDE,
        }
    )
    return exif


def jpeg_with_gps(size=(40, 20), orientation: int = 1) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "red")
    image.paste("blue", (0, 0, size[0] // 2, size[1]))  # left half blue: orientation shows
    image.save(buffer, "JPEG", exif=camera_exif(orientation), comment=COMMENT.encode())
    return buffer.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT)
    info.add_itxt("Location", "51.5034 N, 0.1276 W " + COMMENT)
    info.add_text("Software", "Phone 9", zip=True)
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 16), (0, 128, 0, 200)).save(buffer, "PNG", pnginfo=info, exif=camera_exif())
    return buffer.getvalue()


def heic_with_gps() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "HEIF", exif=camera_exif().tobytes())
    return buffer.getvalue()


def _zip(entries: list[tuple[str, bytes]], *, store_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if store_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def docx(main_part: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"):
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_part}"/></Types>'
    )
    document = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Consent form</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip([("[Content_Types].xml", content_types.encode()), ("word/document.xml", document.encode())])


def docm() -> bytes:
    return docx(main_part="application/vnd.ms-word.document.macroEnabled.main+xml")


def odt() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
            ),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
        store_first=True,
    )


def plain_zip() -> bytes:
    return _zip([("notes.txt", b"not a document")])


def text(body: str = "Notes from the meeting\nNext: \u0639\u0631\u0628\u064a and \U0001f600\n") -> bytes:
    return body.encode()


def exe() -> bytes:
    """The start of a Windows program (MZ header, DOS stub, PE signature)."""
    dos_header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    dos_header += b"\x00" * 44 + b"\x80\x00\x00\x00"  # where the PE header starts
    return dos_header + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 64 + b"PE\x00\x00"


def legacy_doc() -> bytes:
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504


def password_protected_docx() -> bytes:
    """Office's container for an encrypted .docx: OLE2, with an "EncryptedPackage" stream named
    in its directory (UTF-16), here across the boundary of the 64 KiB pieces the check reads."""
    directory_entry = "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * (64 * 1024 - 18) + directory_entry + b"\x00" * 4096


ALLOWED = {
    "pdf": (pdf, "application/pdf", ".pdf"),
    "png": (png_with_text, "image/png", ".png"),
    "jpeg": (jpeg_with_gps, "image/jpeg", ".jpg"),
    "heic": (heic_with_gps, "image/jpeg", ".jpg"),
    "docx": (docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "odt": (odt, "application/vnd.oasis.opendocument.text", ".odt"),
    "text": (text, "text/plain", ".txt"),
}
