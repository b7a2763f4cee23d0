"""Only safe files: the type comes from the content, the size is counted, and photographs lose
their metadata (GPS position, camera serial, comments, PNG text) before anything is stored."""

import io
import os
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from PIL import ExifTags, Image

from casework.services import document_storage
from casework.services.file_checks import (
    MESSAGE_DAMAGED,
    MESSAGE_EMPTY,
    MESSAGE_LEGACY_WORD,
    MESSAGE_TYPE,
    UploadRefused,
    check_upload,
    message_too_many_pixels,
)
from tests.documents import samples


def upload(content: bytes, name: str = "upload.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def refusal(uploaded) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(uploaded)
    return refused.value.message


def cleaned_bytes(content: bytes, name: str = "photo.jpg") -> bytes:
    checked = check_upload(upload(content, name))
    return b"".join(checked.chunks())


def upload_and_store(uploaded):
    """What the upload view does: check, then store what the check gives."""
    checked = check_upload(uploaded)
    return document_storage.store(checked.chunks())


@pytest.mark.parametrize("kind", samples.ALLOWED)
def test_each_allowed_kind_is_accepted_whatever_its_name_says(kind):
    make, content_type, extension = samples.ALLOWED[kind]
    checked = check_upload(upload(make(), name="no-extension", content_type="application/x-whatever"))
    assert (checked.content_type, checked.extension) == (content_type, extension)
    assert checked.size == len(b"".join(checked.chunks())) > 0


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt", "text"])
def test_documents_are_stored_exactly_as_uploaded(kind):
    make, _content_type, _extension = samples.ALLOWED[kind]
    checked = check_upload(upload(make()))
    assert b"".join(checked.chunks()) == make()
    assert b"".join(checked.chunks()) == make()  # may be read twice


def test_an_exe_renamed_pdf_is_refused_with_the_allowed_types():
    assert refusal(upload(samples.exe(), "decision-letter.pdf", "application/pdf")) == MESSAGE_TYPE
    assert MESSAGE_TYPE == (
        "The selected file must be a PDF, JPG, PNG, HEIC, Word document, OpenDocument text or plain text file"
    )


def test_an_empty_file_is_refused():
    assert refusal(upload(b"", "letter.pdf")) == "The selected file is empty" == MESSAGE_EMPTY


def test_a_21_mb_file_is_refused_even_when_it_claims_to_be_small():
    uploaded = upload(samples.pdf() + b"\0" * (21 * 1024 * 1024), "letter.pdf")
    uploaded.size = 1000  # the declared size is not trusted: the bytes are counted
    assert refusal(uploaded) == "The selected file must be smaller than 20MB"


def test_the_limit_is_a_setting_and_a_file_at_it_is_accepted(settings):
    settings.DOCUMENT_MAX_MB = 1
    at_limit = samples.pdf() + b" " * (1024 * 1024 - len(samples.pdf()))
    assert check_upload(upload(at_limit)).size == 1024 * 1024
    assert refusal(upload(at_limit + b" ")) == "The selected file must be smaller than 1MB"


def test_a_large_upload_on_disk_is_checked_as_it_streams(settings):
    uploaded = TemporaryUploadedFile("scan.pdf", "application/pdf", 0, None)
    uploaded.write(samples.pdf())
    for _ in range(21):
        uploaded.write(b"\n" * 1024 * 1024)
    uploaded.flush()
    try:
        assert refusal(uploaded) == "The selected file must be smaller than 20MB"
    finally:
        uploaded.close()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(samples.plain_zip(), id="zip-of-other-files"),
        pytest.param(samples.docm(), id="macro-enabled-word"),
        pytest.param(b"PK\x03\x04 not really a zip at all", id="broken-zip"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\0" * 100, id="linux-program"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", id="gif"),
        pytest.param("caf\u00e9".encode("latin-1") + b" not utf-8", id="latin-1-text"),
        pytest.param(b"text with a \x00 NUL", id="text-with-nul"),
        pytest.param(b"terminal \x1b[31mcolours\x1b[0m", id="control-characters"),
    ],
)
def test_anything_else_is_refused(content):
    assert refusal(upload(content, "letter.docx")) == MESSAGE_TYPE


def test_an_old_word_document_is_refused_with_how_to_save_it():
    assert refusal(upload(samples.legacy_doc(), "letter.doc")) == MESSAGE_LEGACY_WORD


def test_a_password_protected_word_document_is_refused_as_such():
    message = refusal(upload(samples.password_protected_docx(), "statement.docx"))
    assert message == "The selected file is password protected"


def test_plain_text_in_any_language_with_a_byte_order_mark_is_text():
    content = "\ufeff\u0645\u0631\u062d\u0628\u0627\r\n\u4f60\u597d\t\U0001f600\f".encode()
    checked = check_upload(upload(content))
    assert checked.content_type == "text/plain"


def test_a_damaged_photograph_is_refused():
    truncated = samples.jpeg_with_gps(size=(400, 300))[:400]
    assert refusal(upload(truncated, "photo.jpg")) == MESSAGE_DAMAGED


def test_a_jpegs_gps_position_camera_serial_and_comment_are_gone():
    original = samples.jpeg_with_gps()
    assert samples.SERIAL.encode() in original  # the sample really carries them
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    cleaned = cleaned_bytes(original)
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG"
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert len(exif) == 0
    assert "exif" not in image.info and "comment" not in image.info
    for marker in (samples.SERIAL, samples.COMMENT, "Acme", "Phone 9"):
        assert marker.encode() not in cleaned


def test_the_stored_photograph_has_no_gps_position(local_documents):
    stored = upload_and_store(upload(samples.jpeg_with_gps(), "IMG_0001.jpg", "image/jpeg"))
    content = b"".join(document_storage.open_chunks(stored.name, stored.wrapped_key))
    stored_image = Image.open(io.BytesIO(content))
    assert not stored_image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_photograph_taken_sideways_is_stored_upright():
    # Orientation 6: the camera stored it 40x20 and asks viewers to turn it 90 degrees clockwise.
    cleaned = Image.open(io.BytesIO(cleaned_bytes(samples.jpeg_with_gps(size=(40, 20), orientation=6))))
    assert cleaned.size == (20, 40)
    # The blue left half of the stored pixels is now the top.
    red, _green, blue = cleaned.convert("RGB").getpixel((10, 5))
    assert blue > 150 and red < 100


def test_png_text_chunks_and_exif_are_removed_and_transparency_kept():
    original = samples.png_with_text()
    assert samples.COMMENT.encode() in original
    cleaned = cleaned_bytes(original, "screenshot.png")
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.getpixel((3, 3)) == (0, 128, 0, 200)
    assert not image.text
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in cleaned
    assert samples.COMMENT.encode() not in cleaned


def test_a_heic_photograph_becomes_a_jpeg_without_its_metadata():
    original = samples.heic_with_gps()
    checked = check_upload(upload(original, "IMG_0002.HEIC", "image/heic"))
    assert (checked.content_type, checked.extension) == ("image/jpeg", ".jpg")
    cleaned = b"".join(checked.chunks())
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert len(image.getexif()) == 0
    assert samples.SERIAL.encode() not in cleaned


def test_the_original_file_name_never_reaches_the_log(caplog, local_documents):
    caplog.set_level("DEBUG")
    secret_name = "Zephyrine-Sentinel passport scan.jpg"
    upload_and_store(upload(samples.jpeg_with_gps(), secret_name, "image/jpeg"))
    with pytest.raises(UploadRefused):
        check_upload(upload(samples.exe(), secret_name))
    assert caplog.records  # sizes and object ids were logged
    assert "Zephyrine" not in caplog.text and "passport" not in caplog.text


def test_a_refused_upload_stores_nothing(local_documents):
    for content in (b"", samples.exe(), samples.plain_zip()):
        with pytest.raises(UploadRefused):
            upload_and_store(upload(content, "letter.pdf"))
    assert list(document_storage.all_names()) == []


@pytest.mark.parametrize("limit", [100, 500], ids=["over-twice-the-limit", "over-the-limit"])
def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(monkeypatch, limit):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)  # the photograph is 40x20, 800 pixels
    assert refusal(upload(samples.jpeg_with_gps(size=(40, 20)), "photo.jpg")) == message_too_many_pixels()


def test_an_oversized_upload_stops_being_received_at_the_limit_and_is_refused(settings):
    settings.DOCUMENT_MAX_MB = 1
    request = RequestFactory().post("/upload/", {"file": upload(samples.pdf() + b" " * (3 * 1024 * 1024))})
    received = request.FILES["file"]
    assert received.size == 1024 * 1024 + 1  # the rest was dropped as it arrived, never written
    if hasattr(received, "temporary_file_path"):
        assert os.path.getsize(received.temporary_file_path()) == 1024 * 1024 + 1
    assert refusal(received) == "The selected file must be smaller than 1MB"


def test_an_upload_within_the_limit_arrives_whole(settings):
    content = samples.pdf() + b" " * (3 * 1024 * 1024)
    request = RequestFactory().post("/upload/", {"file": upload(content)})
    assert b"".join(check_upload(request.FILES["file"]).chunks()) == content


def test_a_mangled_file_of_any_kind_is_refused_or_accepted_never_an_error():
    """Seeded mutations (bytes changed, cut, appended) of every sample: the only exception is
    UploadRefused, so the upload form always answers with a message."""
    rng = random.Random(20)
    bases = [make() for make, _type, _extension in samples.ALLOWED.values()]
    bases += [samples.exe(), samples.plain_zip(), samples.legacy_doc(), samples.docm()]
    for _ in range(600):
        content = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.4 and content:
                content[rng.randrange(len(content))] = rng.randrange(256)
            elif roll < 0.7:
                content = content[: rng.randrange(len(content) + 1)]
            else:
                content += rng.randbytes(rng.randint(1, 50))
        try:
            checked = check_upload(upload(bytes(content)))
        except UploadRefused:
            continue
        assert b"".join(checked.chunks())


def test_a_heic_photograph_whose_major_brand_is_mif1_is_still_a_photograph():
    original = samples.heic_with_gps()
    assert original[8:12] == b"heic"
    relabelled = original[:8] + b"mif1" + original[12:]  # as some phones write it
    checked = check_upload(upload(relabelled, "photo.heic"))
    assert checked.content_type == "image/jpeg"
