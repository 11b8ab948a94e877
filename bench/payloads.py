"""The copy the benchmark hands in: a real PDF of about 2 MB (WeasyPrint,
with an incompressible attachment), which the upload gate accepts as a
candidate's scanned copy; built once per process."""

import functools
import io
import os

SIZE = 2 * 1024 * 1024


@functools.cache
def copy_pdf() -> bytes:
    from weasyprint import HTML, Attachment

    annex = Attachment(file_obj=io.BytesIO(os.urandom(SIZE - 6000)), name="annexe.bin")
    return HTML(string="<h1>Copie</h1><p>Note de synthèse.</p>").write_pdf(attachments=[annex])
