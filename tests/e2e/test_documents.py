"""Documents in a real browser: Alex uploads the RG decision letter (a PDF) attached to the RG
decision and a photograph (a PNG), sees both listed, sees "Letter held" on the NRM page, downloads
the letter (the same bytes come back, as an attachment), and an .exe renamed .pdf is refused with
the message on the file field. Every page: no console error, no failed request, no serious axe
finding. SCREENSHOTS=<folder> keeps a picture of each page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casework.documents_demo import image, pdf
from casework.models import Document
from tests.documents import samples
from tests.e2e.test_journeys import checked  # noqa: F401 (fixture)
from tests.factories import DecisionFactory, ReferralFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shoot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_upload_attach_list_download_and_a_refused_file(
    page,
    live_server,
    people,
    alex_case,
    sign_in,
    checked,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MFA_REQUIRED = False  # the documents go to a temporary folder (tests/conftest.py)
    rg = DecisionFactory(referral=ReferralFactory(case=alex_case), recorded_by=people.alex)
    letter = pdf(["Reasonable Grounds decision: positive"])
    files = tmp_path / "files"
    files.mkdir()
    (files / "RG letter.pdf").write_bytes(letter)
    (files / "pay slip.png").write_bytes(image("Pay slip", format="PNG", colour="white"))
    (files / "invoice.pdf").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 300)

    sign_in("alex")
    page.goto(f"{live_server.url}/cases/{alex_case.reference}/documents/")
    expect(page.get_by_text("No documents held.")).to_be_visible()
    checked()
    shoot(page, "documents-empty")

    page.get_by_role("button", name="Add a document").click()
    expect(page.get_by_role("heading", name="Add a document")).to_be_visible()
    checked()
    page.get_by_label("Upload a file").set_input_files(str(files / "RG letter.pdf"))
    page.get_by_label("What kind of document is it?").select_option(label="Home Office decision letter")
    page.get_by_label("Title").fill("RG decision letter")
    page.get_by_label("Attach it to a record (optional)").select_option(value=f"decision:{rg.pk}")
    shoot(page, "documents-upload")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("Document added.")).to_be_visible()
    checked()

    page.get_by_role("button", name="Add a document").click()
    page.get_by_label("Upload a file").set_input_files(str(files / "pay slip.png"))
    page.get_by_label("What kind of document is it?").select_option(label="Evidence photograph")
    page.get_by_label("Title").fill("Photograph of a pay slip")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("Document added.")).to_be_visible()
    table = page.get_by_role("region", name="Documents held")
    expect(table.locator("bdi", has_text="RG decision letter")).to_be_visible()
    expect(table.locator("bdi", has_text="Photograph of a pay slip")).to_be_visible()
    expect(table.get_by_text("Positive RG decision of")).to_be_visible()
    expect(table.get_by_text("PNG,")).to_be_visible()
    checked()
    shoot(page, "documents-list")

    letter_row = table.get_by_role("row").filter(has=page.locator("bdi", has_text="RG decision letter"))
    with page.expect_download() as download_info:
        letter_row.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename == "RG letter.pdf"
    assert Path(download.path()).read_bytes() == letter

    page.get_by_role("navigation", name="Case").get_by_role("link", name="NRM").click()
    held = page.get_by_role("link", name="Letter held")
    expect(held).to_be_visible()
    checked()
    shoot(page, "nrm-letter-held")
    held.click()
    document = Document.objects.get(about_kind="decision")
    assert page.url.endswith(f"/documents/#document-{document.pk}")

    page.get_by_role("button", name="Add a document").click()
    page.get_by_label("Upload a file").set_input_files(str(files / "invoice.pdf"))
    page.get_by_label("What kind of document is it?").select_option(label="Other")
    page.get_by_label("Title").fill("Invoice")
    page.get_by_role("button", name="Upload", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="The selected file must be a")).to_be_visible()
    expect(page.locator("#id_file_error")).to_contain_text("The selected file must be a")
    checked()
    shoot(page, "documents-refused")
    assert Document.objects.count() == 2

    page.get_by_role("link", name="Back to the documents").click()
    photo_row = table.get_by_role("row").filter(has=page.locator("bdi", has_text="Photograph of a pay slip"))
    photo_row.get_by_role("link", name="New version").click()
    expect(page.get_by_role("heading", name="Upload a new version")).to_be_visible()
    checked()
    shoot(page, "documents-replace")
    page.get_by_label("The new version of the file").set_input_files(str(files / "pay slip.png"))
    page.get_by_role("button", name="Upload the new version").click()
    expect(page.get_by_text("New version uploaded. The earlier one is kept.")).to_be_visible()
    page.get_by_text("Earlier versions (1)").click()
    expect(page.get_by_role("link", name="Download version 1")).to_be_visible()
    checked()
    shoot(page, "documents-versions")

    photo_row.get_by_role("link", name="Delete").click()
    expect(page.get_by_text("removed for good")).to_be_visible()
    checked()
    shoot(page, "documents-delete")
    page.get_by_label("Why is this being deleted?").fill("Uploaded to the wrong case")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Document deleted. Its files have been removed.")).to_be_visible()
    expect(table.locator("bdi", has_text="Photograph of a pay slip")).to_have_count(0)
    checked()


def test_every_allowed_kind_uploads_and_an_empty_file_is_refused(
    page,
    live_server,
    people,
    alex_case,
    sign_in,
    checked,  # noqa: F811
    settings,
    tmp_path,
):
    """A photo with a GPS position (JPEG and HEIC), a Word and an OpenDocument text, a plain text
    file: each is added through the page (the PDF and PNG are in the journey above); a 0-byte
    file is refused with its message and nothing is added."""
    settings.MFA_REQUIRED = False
    files = tmp_path / "files"
    files.mkdir()
    kinds = {
        "photo.jpg": (samples.jpeg_with_gps(), "JPG,"),
        "photo.heic": (samples.heic_with_gps(), "JPG,"),  # stored as a JPEG, its metadata gone
        "consent form.docx": (samples.docx(), "DOCX,"),
        "statement.odt": (samples.odt(), "ODT,"),
        "notes.txt": (samples.text(), "TXT,"),
        "empty.pdf": (b"", None),
    }
    for name, (content, _type) in kinds.items():
        (files / name).write_bytes(content)

    sign_in("alex")
    for name, (_content, shown) in kinds.items():
        page.goto(f"{live_server.url}/cases/{alex_case.reference}/documents/")
        page.get_by_role("button", name="Add a document").click()
        page.get_by_label("Upload a file").set_input_files(str(files / name))
        page.get_by_label("What kind of document is it?").select_option(label="Other")
        page.get_by_label("Title").fill(f"File {name}")
        page.get_by_role("button", name="Upload", exact=True).click()
        if shown is None:
            expect(page.locator("#id_file_error")).to_contain_text("The selected file is empty")
            checked()
            continue
        expect(page.get_by_text("Document added.")).to_be_visible()
        row = (
            page.get_by_role("region", name="Documents held")
            .get_by_role("row")
            .filter(has=page.locator("bdi", has_text=f"File {name}"))
        )
        expect(row).to_contain_text(shown)
    checked()
    assert Document.objects.count() == 5
