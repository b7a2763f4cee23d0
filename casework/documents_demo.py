"""Demo documents: RG decision letters (small generated PDFs) attached to RG decisions, signed
consent forms (photographed: JPEG) attached to consents, an evidence photograph (PNG), one letter
replaced by a second version. Added through the real service, so checked, stripped and
encrypted like any upload. A few cases only (storage is not the bench), once: a demo that holds
any document is left alone (topping the demo up adds none, so no case seeded earlier changes).

Runs after the NRM demo (registered with support's seeders): the decisions must exist. The
decisions are found through the record kinds registry (casework does not import support)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from casework.models import Case, Consent, Document
from casework.services import documents
from casework.services.record_kinds import KINDS
from casework.vocabularies import DocumentKind

CASES = 6  # how many cases get an RG letter (and, where they have one, a signed consent form)


def pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF showing `lines` (ASCII), with a correct cross-reference table."""
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("ascii")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image(words: str, *, format: str, colour: str) -> bytes:
    picture = Image.new("RGB", (480, 320), colour)
    ImageDraw.Draw(picture).text((24, 140), words, fill="black")
    out = io.BytesIO()
    picture.save(out, format=format)
    return out.getvalue()


def _upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def seed_documents(*, stdout=None) -> int:
    decision = KINDS.get("decision")
    if decision is None or Document.objects.exists():
        return 0
    rg_decisions = (
        decision.models[0]
        .objects.filter(kind="rg", referral__case__erased_at=None)
        .select_related("referral__case__created_by")
        .order_by("pk")[:CASES]
    )
    added = 0
    for number, rg in enumerate(rg_decisions):
        case: Case = rg.referral.case
        actor = case.assignee or case.created_by
        outcome = rg.get_outcome_display()
        letter = pdf(
            [
                "Home Office - Single Competent Authority",
                f"Reasonable Grounds decision: {outcome}",
                f"Decision date: {rg.decided_on:%d %B %Y}",
                "Demo letter: no real person.",
            ]
        )
        documents.document_add(
            actor=actor,
            case=case,
            file=_upload("RG decision letter.pdf", letter, "application/pdf"),
            kind=DocumentKind.DECISION_LETTER,
            title="RG decision letter",
            notes="Scanned from the letter the survivor brought in.",
            about=f"decision:{rg.pk}",
        )
        added += 1
        consent = Consent.objects.filter(case=case).order_by("pk").first()
        if consent is not None:
            documents.document_add(
                actor=actor,
                case=case,
                file=_upload(
                    "consent-form.jpg",
                    image("Signed consent form (demo)", format="JPEG", colour="white"),
                    "image/jpeg",
                ),
                kind=DocumentKind.CONSENT_FORM,
                title="Signed consent form",
                about=f"consent:{consent.pk}",
            )
            added += 1
        if number == 0:
            photo = documents.document_add(
                actor=actor,
                case=case,
                file=_upload(
                    "IMG_0412.png", image("Pay slip (demo)", format="PNG", colour="#f3f2f1"), "image/png"
                ),
                kind=DocumentKind.EVIDENCE_PHOTOGRAPH,
                title="Photograph of a pay slip",
            )
            documents.document_replace(
                actor=actor,
                document=photo,
                file=_upload(
                    "IMG_0413.png",
                    image("Pay slip, clearer (demo)", format="PNG", colour="white"),
                    "image/png",
                ),
                version=photo.version,
            )
            added += 1
    if stdout is not None and added:
        stdout.write(f"Documents: {added} added (PDF letters, photographed forms, a replaced photo).")
    return added
