"""Factories and file builders for the assignments tests."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments.models import Assignment
from courses.models import Activity
from tests.core.upload_samples import docx_bytes  # noqa: F401  (a real DOCX)
from tests.factories import ActivityFactory


def pdf_bytes(text: str = "Copie") -> bytes:
    """A small valid PDF."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf_upload(name: str = "copie.pdf", text: str = "Copie") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    title = factory.Sequence(lambda n: f"Note de synthèse n° {n}")
    instructions = "<p>Rédigez une note de synthèse.</p>"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    cutoff_at = factory.LazyAttribute(lambda a: a.due_at + datetime.timedelta(days=2))
    activity = factory.LazyAttribute(
        lambda a: ActivityFactory(
            section=a.course.sections.first(),
            kind=Activity.Kind.ASSIGNMENT,
            title=a.title,
            completion_rule=Activity.CompletionRule.GRADE,
        )
    )
