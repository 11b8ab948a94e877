"""Pages of the imports and exports: question banks (GIFT, Moodle XML),
glossaries (Moodle glossary XML, CSV), Moodle course backups (.mbz) and the
files shown inside imported activities. Thin: access through the content
app's selectors and predicates (invisible is 404, visible but forbidden is
403), writes through ``content.interop.services``."""

import base64
import binascii

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import exports, uploads

from . import permissions, selectors
from .forms_bank import BackupImportForm, ImportFileForm
from .interop import services
from .views import _bank_for_producer, _glossary_course


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = uploads.content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _format_of(data: bytes, markup: str, text: str) -> str:
    """XML files start with "<" (after a BOM and spaces); anything else is
    read as the text format (GIFT, CSV)."""
    return markup if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else text


def _source(request, form, *, max_size: int) -> bytes | None:
    """The file's bytes: uploaded (preview step) or sent back with the
    confirmation (hidden field). Errors go on the form."""
    encoded = request.POST.get("source", "")
    if encoded:
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            form.add_error(None, _("The file sent back is damaged: choose it again."))
            return None
        if len(data) > max_size:
            form.add_error(None, _("This file is too large."))
            return None
        return data
    if not form.is_valid():
        return None
    try:
        return services.read_upload(form.cleaned_data["file"], max_size=max_size)
    except ValidationError as error:
        form.add_error("file", error)
        return None


def _import_page(request, *, context, max_size, parse, run, markup, text):
    """Choose a file → see what it holds → confirm → the report."""
    form = ImportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        data = _source(request, form, max_size=max_size)
        if data is not None:
            fmt = _format_of(data, markup, text)
            try:
                if request.POST.get("confirm"):
                    report = [line.as_dict() for line in run(data=data, fmt=fmt)]
                    counts = services.report_counts(report)
                    messages.success(
                        request,
                        _("Import done: %(imported)s imported, %(skipped)s skipped.")
                        % {"imported": counts["imported"], "skipped": counts["skipped"]},
                    )
                    return render(
                        request, "content/import_report.html", {**context, "report": report}
                    )
                items = parse(data=data, fmt=fmt)
            except ValidationError as error:
                form.add_error("file" if "file" in form.fields else None, error)
            else:
                return render(
                    request,
                    "content/import_preview.html",
                    {
                        **context,
                        "items": items,
                        "kept": sum(1 for item in items if not item.skipped),
                        "source": base64.b64encode(data).decode("ascii"),
                        "fmt": fmt,
                    },
                )
    return render(request, "content/import_form.html", {**context, "form": form})


# --- Question banks -------------------------------------------------------------------


def bank_import(request, bank_id):
    bank = _bank_for_producer(request, bank_id)
    if not permissions.can_import_into(request.user, bank.course):
        raise PermissionDenied

    def run(*, data, fmt):
        return services.questions_import(actor=request.user, bank=bank, data=data, fmt=fmt)

    return _import_page(
        request,
        context={
            "what": "questions",
            "course": bank.course,
            "bank": bank,
            "title": _("Import questions into “%(bank)s”") % {"bank": bank.name},
        },
        max_size=services.QUESTION_FILE_MAX_BYTES,
        parse=services.questions_parse,
        run=run,
        markup="xml",
        text="gift",
    )


def bank_export(request, bank_id, fmt):
    bank = _bank_for_producer(request, bank_id)
    if fmt not in ("gift", "xml"):
        raise Http404
    return _download(*services.bank_export(bank=bank, fmt=fmt))


# --- Glossaries ---------------------------------------------------------------------------


def glossary_import(request, course_slug):
    course, editor = _glossary_course(request, course_slug)
    if not editor or not permissions.can_import_into(request.user, course):
        raise PermissionDenied

    def run(*, data, fmt):
        return services.glossary_import(actor=request.user, course=course, data=data, fmt=fmt)

    return _import_page(
        request,
        context={
            "what": "glossary",
            "course": course,
            "title": _("Import glossary entries into “%(course)s”") % {"course": course.title},
        },
        max_size=services.GLOSSARY_FILE_MAX_BYTES,
        parse=services.glossary_parse,
        run=run,
        markup="xml",
        text="csv",
    )


def glossary_export(request, course_slug, fmt):
    course, editor = _glossary_course(request, course_slug)
    if not editor:
        raise PermissionDenied
    if fmt not in ("xml", "csv"):
        raise Http404
    if (refused := exports.refusal(request)) is not None:
        return refused
    return _download(*services.glossary_export(course=course, fmt=fmt))


# --- Moodle course backups ---------------------------------------------------------------


def moodle_upload(request):
    """Import a Moodle backup: producers into a course they produce, admins
    into any course or a new one. Others: 404 (nothing to see here)."""
    if not permissions.can_import_moodle_backups(request.user):
        raise Http404
    form = BackupImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.moodle_backup_import(
                actor=request.user,
                upload=form.cleaned_data["file"],
                course=form.cleaned_data["course"],
                new_course_kind=form.cleaned_data.get("kind") or "ateliers",
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The backup is imported: here is what came in."))
            return redirect(record)
    imports = list(selectors.moodle_imports_visible_to(request.user)[:20])
    return render(request, "content/moodle_upload.html", {"form": form, "imports": imports})


def moodle_import(request, import_id):
    record = get_object_or_404(selectors.moodle_imports_visible_to(request.user), pk=import_id)
    return render(
        request,
        "content/moodle_report.html",
        {
            "record": record,
            "course": record.course,
            "report": record.report,
            "counts": services.report_counts(record.report),
        },
    )


def embedded_file(request, file_id, name):
    item = get_object_or_404(selectors.embedded_files_visible_to(request.user), pk=file_id)
    return uploads.file_response(
        item.file.name,
        filename=item.name,
        content_type=item.content_type,
        request=request,
        personal=False,
    )
