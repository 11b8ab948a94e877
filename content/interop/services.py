"""Writes of the imports and exports: question banks (GIFT, Moodle XML),
glossaries (Moodle glossary XML, CSV) and Moodle course backups (.mbz).

Each import runs in one transaction: whatever goes wrong on the way, nothing
of it stays (the files stored on the way are removed). What cannot be kept
is not an error but a line of the report, with its reason. Access: callers
check ``content.permissions.can_import_into`` (views), the services check it
again for the course they write into."""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import uploads
from courses.api import (
    ACTIVITY_FILE_KINDS,
    ACTIVITY_FILE_MAX_BYTES,
    Activity,
    Course,
    clean_html,
)

from .. import scoring
from ..models import (
    Choice,
    EmbeddedFile,
    GlossaryEntry,
    MoodleImport,
    MoodleKey,
    Question,
    QuestionBank,
    Quiz,
)
from ..permissions import can_import_into
from ..services import check_choices, clean_aliases, question_save, sanitise_html
from . import EntryData, FormatError, QuestionData, gift, glossary, mbz, moodle_xml, text_of

logger = logging.getLogger("content.imports")

QUESTION_FILE_MAX_BYTES = 2 * 1024 * 1024
GLOSSARY_FILE_MAX_BYTES = 2 * 1024 * 1024
BACKUP_MAX_BYTES = 100 * 1024 * 1024
# The management command reads backups from disk: larger ones are fine there.
BACKUP_COMMAND_MAX_BYTES = 2048 * 1024 * 1024

IMPORTED, KEPT, SKIPPED, NOTE = "imported", "kept", "skipped", "note"


@dataclass
class ReportLine:
    """One line of an import report."""

    kind: str
    title: str
    status: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "reason": self.reason,
            "notes": self.notes,
        }


def _refuse(error: FormatError) -> ValidationError:
    return ValidationError(str(error), code="format")


def read_upload(upload, *, max_size: int) -> bytes:
    """The bytes of an uploaded text file, at most ``max_size``."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_size:
        raise ValidationError(
            _("This file is too large (at most %(max)s MB).") % {"max": max_size // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(max_size + 1)
    if len(data) > max_size:
        raise ValidationError(
            _("This file is too large (at most %(max)s MB).") % {"max": max_size // (1024 * 1024)}
        )
    if not data.strip():
        raise ValidationError(_("This file is empty."))
    return data


# --- Question banks ------------------------------------------------------------------

QUESTION_FORMATS = {"gift": gift, "xml": moodle_xml}


def questions_parse(*, data: bytes, fmt: str) -> list[QuestionData]:
    """The questions of a GIFT (``fmt="gift"``) or Moodle XML (``"xml"``)
    file, each ready or skipped with its reason. Nothing is written."""
    if fmt not in QUESTION_FORMATS:
        raise ValidationError(_("Unknown file format."))
    try:
        questions = QUESTION_FORMATS[fmt].parse(data)
    except FormatError as error:
        raise _refuse(error) from error
    for question in questions:
        if question.kind and not question.skipped:
            try:
                check_choices(question.kind, _choices_of(question))
            except ValidationError as error:
                question.skipped = " ".join(error.messages)
    return questions


def _quantized(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.0000001"), rounding=ROUND_HALF_UP)


def _choices_of(question: QuestionData) -> list[Choice]:
    """The question's choices as rows, their shares kept only where they
    differ from the house rule (so that the editor shows "* right")."""
    K = Question.Kind
    kind = question.kind
    if kind == K.TRUE_FALSE:
        by_value = {c.text: c for c in question.choices}
        true, false = by_value.get("true"), by_value.get("false")
        if true is None or false is None:
            return []
        return [
            Choice(text=_("True"), is_correct=bool(true.fraction), feedback=true.feedback),
            Choice(text=_("False"), is_correct=bool(false.fraction), feedback=false.feedback),
        ]
    choices = []
    for data in question.choices:
        fraction = None if data.fraction is None else _quantized(data.fraction)
        if kind == K.SINGLE:
            correct = fraction is not None and fraction >= 1
        elif kind == K.MATCHING:
            correct = False
        else:
            correct = fraction is not None and fraction > 0
        choices.append(
            Choice(
                text=data.text[:500],
                match=data.match[:500],
                feedback=data.feedback[:500],
                tolerance=data.tolerance,
                fraction=fraction,
                is_correct=correct,
            )
        )
    if kind in (K.SINGLE, K.SHORT, K.NUMERICAL):
        for choice in choices:
            if choice.fraction in (0, 1):
                choice.fraction = None
    elif kind == K.MULTIPLE:
        right = sum(c.is_correct for c in choices)
        if right and all(
            c.fraction is not None
            and abs(c.fraction - (1 if c.is_correct else -1) * Decimal(1) / right) < Decimal("1e-6")
            for c in choices
        ):
            for choice in choices:
                choice.fraction = None
    return choices


def _signature(kind, text, choices) -> tuple:
    return (
        kind,
        scoring.normalise_answer(text_of(text)),
        tuple(
            (scoring.normalise_answer(c.text), scoring.normalise_answer(c.match), c.is_correct)
            for c in choices
        ),
    )


def _bank_signatures(bank: QuestionBank) -> set:
    return {
        _signature(q.kind, q.text, list(q.choices.all()))
        for q in bank.questions.filter(is_active=True).prefetch_related("choices")
    }


def _import_question(*, actor, bank, question: QuestionData, known: set, points=None):
    """Save one parsed question in ``bank`` (a savepoint of its own) and say
    what became of it: (report line, question or None)."""
    line = ReportLine(
        "question", question.label, SKIPPED, question.skipped, notes=list(question.notes)
    )
    if question.skipped or not question.kind:
        line.reason = line.reason or _("This kind of question cannot be kept.")
        return line, None
    choices = _choices_of(question)
    signature = _signature(question.kind, question.text, choices)
    if signature in known:
        line.reason = _("The same question is already in the bank.")
        return line, None
    try:
        with transaction.atomic():
            saved = question_save(
                actor=actor,
                bank=bank,
                kind=question.kind,
                name=question.name,
                text=question.text,
                feedback=question.feedback,
                points=points or question.points,
                choices=choices,
            )
    except ValidationError as error:
        line.reason = " ".join(error.messages)
        return line, None
    known.add(signature)
    line.status = IMPORTED
    return line, saved


@transaction.atomic
def questions_import(*, actor, bank: QuestionBank, data: bytes, fmt: str) -> list[ReportLine]:
    """Add the questions of a GIFT or Moodle XML file to ``bank``; those
    that cannot be kept, or are already in the bank, are reported and
    skipped. One transaction: all the kept ones, or nothing."""
    if not can_import_into(actor, bank.course):
        raise PermissionDenied
    questions = questions_parse(data=data, fmt=fmt)
    known = _bank_signatures(bank)
    report = [
        _import_question(actor=actor, bank=bank, question=q, known=known)[0] for q in questions
    ]
    _audit(actor, bank.course, "questions_imported", report)
    return report


def bank_export(*, bank: QuestionBank, fmt: str) -> tuple[bytes, str, str]:
    """(content, file name, content type) of the bank's questions in use."""
    questions = list(
        bank.questions.filter(is_active=True).prefetch_related("choices").order_by("position", "pk")
    )
    stem = slugify(bank.name) or "banque"
    if fmt == "gift":
        return gift.write(bank.name, questions).encode(), f"{stem}.gift.txt", "text/plain"
    if fmt == "xml":
        return moodle_xml.write(bank.name, questions), f"{stem}.moodle.xml", "application/xml"
    raise ValidationError(_("Unknown file format."))


# --- Glossaries ------------------------------------------------------------------------

GLOSSARY_FORMATS = {"xml": glossary.parse_xml_file, "csv": glossary.parse_csv}


def glossary_parse(*, data: bytes, fmt: str) -> list[EntryData]:
    if fmt not in GLOSSARY_FORMATS:
        raise ValidationError(_("Unknown file format."))
    try:
        return GLOSSARY_FORMATS[fmt](data)
    except FormatError as error:
        raise _refuse(error) from error


def _glossary_entries(*, actor, course, entries: list[EntryData], keys=None) -> list[ReportLine]:
    existing = {
        scoring.normalise_answer(term): pk
        for pk, term in GlossaryEntry.objects.filter(course=course).values_list("pk", "term")
    }
    report = []
    now = timezone.now()
    for entry in entries:
        line = ReportLine("glossary_entry", entry.term or "—", SKIPPED, entry.skipped, entry.notes)
        if entry.skipped:
            report.append(line)
            continue
        if keys is not None and keys.get(MoodleKey.Item.GLOSSARY_ENTRY, entry.moodle_id):
            line.status, line.reason = KEPT, _("Already imported.")
            report.append(line)
            continue
        normalised = scoring.normalise_answer(entry.term)
        if normalised in existing:
            line.reason = _("The glossary already has this term.")
            if keys is not None and entry.moodle_id:
                keys.add(MoodleKey.Item.GLOSSARY_ENTRY, entry.moodle_id, existing[normalised])
            report.append(line)
            continue
        row = GlossaryEntry.objects.create(
            course=course,
            term=entry.term[:200],
            definition=sanitise_html(entry.definition),
            aliases=clean_aliases(entry.aliases),
            status=GlossaryEntry.Status.APPROVED
            if entry.approved
            else GlossaryEntry.Status.PROPOSED,
            created_at=now,
            updated_at=now,
        )
        existing[normalised] = row.pk
        if keys is not None and entry.moodle_id:
            keys.add(MoodleKey.Item.GLOSSARY_ENTRY, entry.moodle_id, row.pk)
        if not entry.approved:
            line.notes.append(_("Not approved in Moodle: awaiting approval here."))
        line.status = IMPORTED
        report.append(line)
    return report


@transaction.atomic
def glossary_import(*, actor, course, data: bytes, fmt: str) -> list[ReportLine]:
    """Add the entries of a Moodle glossary XML or CSV file to ``course``'s
    glossary (published at once); terms already there are skipped."""
    if not can_import_into(actor, course):
        raise PermissionDenied
    report = _glossary_entries(
        actor=actor, course=course, entries=glossary_parse(data=data, fmt=fmt)
    )
    _audit(actor, course, "glossary_imported", report)
    return report


def glossary_export(*, course, fmt: str) -> tuple[bytes, str, str]:
    entries = list(
        GlossaryEntry.objects.filter(course=course, status=GlossaryEntry.Status.APPROVED).order_by(
            "letter", "term", "pk"
        )
    )
    stem = f"glossaire-{course.slug}"
    if fmt == "xml":
        title = _("Glossary — %(title)s") % {"title": course.title}
        return glossary.write_xml(title, entries), f"{stem}.xml", "application/xml"
    if fmt == "csv":
        return glossary.write_csv(entries), f"{stem}.csv", "text/csv; charset=utf-8"
    raise ValidationError(_("Unknown file format."))


def _audit(actor, target, action: str, report: list[ReportLine]) -> None:
    from core.audit import record

    counts: dict[str, int] = {}
    for line in report:
        counts[line.status] = counts.get(line.status, 0) + 1
    record(actor=actor, action=action, target=target, summary=str(counts), data=counts)


# --- Moodle course backups -----------------------------------------------------------------


class _Keys:
    """The Moodle objects already brought into the course (MoodleKey rows),
    and the ones this import adds."""

    def __init__(self, course, backup):
        self.course, self.site, self.course_id = course, backup.site, backup.course_id
        self.known = {
            (k.item, k.moodle_id): k.target_id
            for k in MoodleKey.objects.filter(
                course=course, site=self.site, moodle_course_id=self.course_id
            )
        }
        self.new: list[MoodleKey] = []

    def get(self, item, moodle_id) -> int | None:
        return self.known.get((item, str(moodle_id)))

    def add(self, item, moodle_id, target_id) -> None:
        if (item, str(moodle_id)) in self.known:
            MoodleKey.objects.filter(
                course=self.course,
                site=self.site,
                moodle_course_id=self.course_id,
                item=item,
                moodle_id=str(moodle_id),
            ).update(target_id=target_id)
        else:
            self.new.append(
                MoodleKey(
                    course=self.course,
                    site=self.site,
                    moodle_course_id=self.course_id,
                    item=item,
                    moodle_id=str(moodle_id)[:100],
                    target_id=target_id,
                )
            )
        self.known[(item, str(moodle_id))] = target_id

    def save(self) -> None:
        MoodleKey.objects.bulk_create(self.new)


def HIDDEN_NOTE() -> str:
    return _("Hidden in Moodle: imported hidden.")


_PLUGIN_REF = re.compile(r'(?P<attr>src|href)="(?P<url>@@PLUGINFILE@@[^"]*)"')


class _Import:
    """One backup going into one course."""

    def __init__(self, *, actor, course, backup):
        self.actor, self.course, self.backup = actor, course, backup
        self.keys = _Keys(course, backup)
        self.report: list[ReportLine] = []
        self.stored: list[str] = []
        self.embedded: dict[tuple[int, str], EmbeddedFile] = {}
        self.handles: list = []

    def close(self) -> None:
        for handle in self.handles:
            handle.close()

    # -- files --------------------------------------------------------------------

    def checked_file(self, ref: mbz.FileRef) -> uploads.CheckedFile:
        entry = self.backup.file_entry(ref)
        if entry is None:
            raise ValidationError(
                _("“%(name)s” is listed in the backup but its content is missing.")
                % {"name": ref.filename}
            )
        handle = self.backup.archive.open(entry)
        self.handles.append(handle)
        return uploads.check_upload(
            File(handle, name=ref.filename),
            kinds=ACTIVITY_FILE_KINDS,
            max_size=ACTIVITY_FILE_MAX_BYTES,
        )

    def embed(self, ref: mbz.FileRef, activity: Activity) -> EmbeddedFile:
        cached = self.embedded.get((activity.pk, ref.moodle_id))
        if cached is not None:
            return cached
        checked = self.checked_file(ref)
        name = uploads.store(checked, f"content/embedded/{activity.pk}")
        self.stored.append(name)
        item = EmbeddedFile.objects.create(
            activity=activity,
            file=name,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        self.embedded[(activity.pk, ref.moodle_id)] = item
        return item

    def html(self, markup: str, fmt: str, *, files, activity, notes: list[str]) -> str:
        """Moodle HTML made ours: sanitised, its ``@@PLUGINFILE@@`` links
        pointed at the files brought in with it (shown to those who may open
        ``activity``), the others removed with a note."""
        from . import rich_text

        cleaned = rich_text(markup or "", fmt)
        if "@@PLUGINFILE@@" not in cleaned:
            return cleaned
        by_path = {ref.path: ref for ref in files}
        refused: list[str] = []

        def swap(match):
            path = mbz.plugin_path(match["url"].replace("&amp;", "&"))
            ref = by_path.get(path or "")
            if ref is None or activity is None:
                return match[0]
            try:
                item = self.embed(ref, activity)
            except ValidationError as error:
                refused.append(" ".join(error.messages))
                return match[0]
            return f'{match["attr"]}="{item.get_absolute_url()}"'

        cleaned = _PLUGIN_REF.sub(swap, cleaned)
        notes.extend(refused)
        if "@@PLUGINFILE@@" in cleaned:
            cleaned = moodle_xml.strip_pluginfiles(cleaned, [])
            notes.append(_("Images or files of this text missing from the backup were removed."))
        return clean_html(cleaned).strip()

    # -- report -------------------------------------------------------------------

    def line(self, kind, title, status, reason="", notes=None) -> ReportLine:
        line = ReportLine(kind, title or "—", status, reason, list(notes or []))
        self.report.append(line)
        return line

    # -- the course ---------------------------------------------------------------

    def run(self) -> None:
        sections = self.sections()
        by_section: dict[str, list[mbz.ModuleData]] = {}
        modules = {m.moodle_id: m for m in self.backup.modules}
        for section in self.backup.sections:
            ordered = [modules[i] for i in section.sequence if i in modules]
            ordered += [
                m
                for m in self.backup.modules
                if m.section_id == section.moodle_id and m not in ordered
            ]
            by_section[section.moodle_id] = ordered
        placed = {m.moodle_id for group in by_section.values() for m in group}
        for module in self.backup.modules:
            if module.moodle_id not in placed:
                self.line("activity", module.title, SKIPPED, _("Its section is not in the backup."))
        for section_data in self.backup.sections:
            section, visible = sections.get(section_data.moodle_id, (None, True))
            if section is None:
                continue
            for position, module in enumerate(by_section[section_data.moodle_id], start=1):
                self.module(module, section, position, section_visible=visible)
        self.people()
        self.keys.save()

    def sections(self) -> dict[str, tuple]:
        from courses.api import Section

        existing = {s.pk: s for s in Section.objects.filter(course=self.course)}
        base = max((s.position for s in existing.values()), default=0)
        found = {}
        for data in self.backup.sections:
            title = data.title or (
                _("General")
                if data.number == 0
                else _("Section %(number)s") % {"number": data.number}
            )
            target = self.keys.get(MoodleKey.Item.SECTION, data.moodle_id)
            notes = []
            if not data.visible:
                notes.append(_("Hidden in Moodle: its activities are imported hidden."))
            if target in existing:
                found[data.moodle_id] = (existing[target], data.visible)
                self.line("section", title, KEPT, _("Already imported."))
                continue
            section = Section.objects.create(
                course=self.course,
                title=title[:200],
                summary=self.html(data.summary, "html", files=[], activity=None, notes=notes),
                position=base + data.number + 1,
            )
            self.keys.add(MoodleKey.Item.SECTION, data.moodle_id, section.pk)
            found[data.moodle_id] = (section, data.visible)
            self.line("section", title, IMPORTED, notes=notes)
        return found

    def module(self, module: mbz.ModuleData, section, position: int, *, section_visible: bool):
        handlers = {
            "label": self.label,
            "page": self.page,
            "resource": self.resource,
            "url": self.url,
            "forum": self.forum,
            "glossary": self.glossary,
            "quiz": self.quiz,
            "assign": self.assign,
        }
        kind = module.modname
        if module.problem:
            self.line(kind, module.title, SKIPPED, module.problem)
            return
        handler = handlers.get(kind)
        if handler is None:
            self.line(
                kind,
                module.title,
                SKIPPED,
                _("Moodle activities of the type “%(type)s” have no equivalent here.")
                % {"type": kind},
            )
            return
        target = self.keys.get(MoodleKey.Item.MODULE, module.moodle_id)
        if target and Activity.objects.filter(pk=target, course=self.course).exists():
            self.line(kind, module.title, KEPT, _("Already imported."))
            return
        notes = []
        if not (module.visible and section_visible):
            notes.append(HIDDEN_NOTE())
        stored = len(self.stored)
        try:
            with transaction.atomic():
                activity = handler(module, section, position, notes)
        except ValidationError as error:
            # Rolled back: so are the files it stored.
            uploads.delete_quietly(self.stored[stored:])
            del self.stored[stored:]
            self.embedded = {k: v for k, v in self.embedded.items() if v.file.name in self.stored}
            self.line(kind, module.title, SKIPPED, " ".join(error.messages), notes)
            return
        if activity is None:
            return
        self.keys.add(MoodleKey.Item.MODULE, module.moodle_id, activity.pk)
        self.line(kind, activity.title, IMPORTED, notes=notes)

    def activity(self, module, section, position, kind, notes, **extra) -> Activity:
        rules = {
            Activity.Kind.QUIZ: Activity.CompletionRule.QUIZ_PASS,
            Activity.Kind.ASSIGNMENT: Activity.CompletionRule.SUBMISSION,
        }
        return Activity.objects.create(
            course=self.course,
            section=section,
            kind=kind,
            title=(module.title or "—")[:200],
            position=position,
            is_visible=HIDDEN_NOTE() not in notes,
            completion_rule=rules.get(kind, Activity.CompletionRule.MANUAL),
            **extra,
        )

    def _intro(self, module, activity, notes) -> str:
        files = self.backup.files_of(module.context_id, f"mod_{module.modname}", "intro")
        return self.html(
            module.intro,
            module.detail.get("intro_format", "html"),
            files=files,
            activity=activity,
            notes=notes,
        )

    def label(self, module, section, position, notes):
        activity = self.activity(module, section, position, Activity.Kind.SHEET, notes)
        body = self._intro(module, activity, notes)
        heading = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", body, flags=re.DOTALL)
        title = text_of(heading[1]) if heading else ""
        activity.title = (title or text_of(body)[:80] or module.title)[:200]
        activity.body = body
        activity.save(update_fields=["title", "body"])
        return activity

    def page(self, module, section, position, notes):
        activity = self.activity(module, section, position, Activity.Kind.SHEET, notes)
        files = self.backup.files_of(module.context_id, "mod_page", "content")
        activity.body = self.html(
            module.detail.get("content", ""),
            module.detail.get("content_format", "html"),
            files=files,
            activity=activity,
            notes=notes,
        )
        activity.save(update_fields=["body"])
        return activity

    def resource(self, module, section, position, notes):
        files = sorted(
            self.backup.files_of(module.context_id, "mod_resource", "content"),
            key=lambda f: (-f.sortorder, f.path),
        )
        if not files:
            raise ValidationError(_("The backup holds no file for this resource."))
        main = files[0]
        checked = self.checked_file(main)
        activity = self.activity(module, section, position, Activity.Kind.FILE, notes)
        activity.body = self._intro(module, activity, notes)
        activity.file.save(checked.name, checked.upload, save=False)
        self.stored.append(activity.file.name)
        activity.save(update_fields=["file", "body"])
        if len(files) > 1:
            notes.append(
                ngettext(
                    "%(count)s other file of this resource was not kept (one file per activity).",
                    "%(count)s other files of this resource were not kept (one file per activity).",
                    len(files) - 1,
                )
                % {"count": len(files) - 1}
            )
        return activity

    def url(self, module, section, position, notes):
        address = module.detail.get("url", "")
        try:
            URLValidator(schemes=["http", "https"])(address)
        except ValidationError:
            raise ValidationError(
                _("“%(url)s” is not a web address (http or https).") % {"url": address[:200]}
            ) from None
        activity = self.activity(
            module, section, position, Activity.Kind.LINK, notes, url=address[:200]
        )
        activity.body = self._intro(module, activity, notes)
        activity.save(update_fields=["body"])
        return activity

    def forum(self, module, section, position, notes):
        from forums import api as forums_api

        activity = self.activity(module, section, position, Activity.Kind.FORUM, notes)
        intro = self._intro(module, activity, notes)
        forums_api.forum_for_activity(
            activity=activity,
            title=activity.title,
            description=text_of(intro),
            announcements=module.detail.get("type") == "news",
        )
        discussions, posts = module.detail.get("discussions", 0), module.detail.get("posts", 0)
        if discussions:
            notes.append(
                ngettext(
                    "%(discussions)s discussion (%(posts)s messages) not imported: messages "
                    "belong to Moodle's users, who are not imported.",
                    "%(discussions)s discussions (%(posts)s messages) not imported: messages "
                    "belong to Moodle's users, who are not imported.",
                    discussions,
                )
                % {"discussions": discussions, "posts": posts}
            )
        return activity

    def glossary(self, module, section, position, notes):
        activity = self.activity(module, section, position, Activity.Kind.GLOSSARY, notes)
        activity.body = self._intro(module, activity, notes)
        activity.save(update_fields=["body"])
        entries = module.detail.get("entries", [])
        lines = _glossary_entries(
            actor=self.actor, course=self.course, entries=entries, keys=self.keys
        )
        self.keys.add(MoodleKey.Item.MODULE, module.moodle_id, activity.pk)
        self.line("glossary", activity.title, IMPORTED, notes=notes)
        self.report.extend(lines)
        return None

    def quiz(self, module, section, position, notes):
        detail = module.detail
        activity = self.activity(module, section, position, Activity.Kind.QUIZ, notes)
        activity.body = self._intro(module, activity, notes)
        activity.save(update_fields=["body"])
        name = activity.title[:190]
        taken = set(QuestionBank.objects.filter(course=self.course).values_list("name", flat=True))
        bank_name, number = name, 2
        while bank_name in taken:
            bank_name, number = f"{name} ({number})", number + 1
        bank = QuestionBank.objects.create(course=self.course, name=bank_name)
        self.keys.add(MoodleKey.Item.BANK, module.moodle_id, bank.pk)
        grade_method = detail.get("grade_method", 1)
        if grade_method not in (1, 4):
            notes.append(
                _("Average or first-attempt grading is not offered here: the best attempt counts.")
            )
        grade_pass, grade_max = detail.get("grade_pass"), detail.get("grade_max")
        if grade_pass and grade_max:
            pass_mark = int((100 * grade_pass / grade_max).quantize(Decimal(1), ROUND_HALF_UP))
        else:
            pass_mark = 50
            notes.append(_("No pass grade in Moodle: half of the points are required to pass."))
        if detail.get("random_slots"):
            notes.append(
                ngettext(
                    "%(count)s random question slot was not kept (draw from the whole bank "
                    "in the settings).",
                    "%(count)s random question slots were not kept (draw from the whole bank "
                    "in the settings).",
                    detail["random_slots"],
                )
                % {"count": detail["random_slots"]}
            )
        if detail.get("time_open"):
            activity.available_from = detail["time_open"]
            activity.save(update_fields=["available_from"])
        Quiz.objects.create(
            activity=activity,
            bank=bank,
            shuffle=detail.get("shuffle", True),
            max_attempts=min(detail.get("attempts") or 0, 100) or None,
            time_limit=(
                datetime.timedelta(seconds=detail["time_limit"])
                if detail.get("time_limit")
                else None
            ),
            grading=Quiz.Grading.LAST if grade_method == 4 else Quiz.Grading.BEST,
            pass_mark=max(0, min(pass_mark, 100)),
        )
        lines = []
        known: set = set()
        for slot in detail.get("slots", []):
            question = self.backup.questions.get(slot["entry"])
            if question is None:
                lines.append(
                    ReportLine(
                        "question",
                        _("Question %(slot)s") % {"slot": slot["slot"]},
                        SKIPPED,
                        _("The question is not in the backup's question bank."),
                    )
                )
                continue
            files = self.backup.files_of(
                question.context_id, "question", "questiontext", question.moodle_id
            )
            question.text = self.html(
                question.text, "html", files=files, activity=activity, notes=question.notes
            )
            points = slot.get("maxmark")
            line, saved = _import_question(
                actor=self.actor,
                bank=bank,
                question=question,
                known=known,
                points=points if points and points > 0 else None,
            )
            if saved is not None:
                self.keys.add(MoodleKey.Item.QUESTION, slot["entry"], saved.pk)
            lines.append(line)
        self.keys.add(MoodleKey.Item.MODULE, module.moodle_id, activity.pk)
        self.line("quiz", activity.title, IMPORTED, notes=notes)
        self.report.extend(lines)
        return None

    def assign(self, module, section, position, notes):
        from assignments import api as assignments_api

        detail = module.detail
        if detail.get("due") is None:
            raise ValidationError(
                _(
                    "It has no due date in Moodle, and assignments here need one: create it "
                    "in the studio."
                )
            )
        activity = self.activity(module, section, position, Activity.Kind.ASSIGNMENT, notes)
        intro = self._intro(module, activity, notes)
        activity.body = intro
        activity.save(update_fields=["body"])
        due = detail["due"]
        opens = detail.get("opens") or min(timezone.now(), due)
        scale = detail.get("grade") or 20
        if not 1 <= scale <= 100:
            notes.append(_("Graded with a scale in Moodle: graded out of 20 here."))
            scale = 20
        max_files = min(max(detail.get("max_files") or 1, 1), 20)
        max_bytes = detail.get("max_bytes") or 0
        max_mb = min(max(-(-max_bytes // (1024 * 1024)), 1), 100) if max_bytes else 10
        if detail.get("online_text"):
            notes.append(_("Online text answers are not offered here: candidates hand in files."))
        if detail.get("submissions"):
            notes.append(_("Submissions and grades are user data: not imported."))
        assignments_api.assignment_import(
            actor=self.actor,
            course=self.course,
            activity=activity,
            data={
                "title": activity.title,
                "instructions": intro,
                "opens_at": min(opens, due),
                "due_at": due,
                "cutoff_at": detail.get("cutoff")
                if detail.get("cutoff") and detail["cutoff"] >= due
                else None,
                "max_files": max_files,
                "max_size_mb": max_mb,
                "scale": scale,
                "blind_marking": detail.get("blind", False),
            },
        )
        return activity

    def people(self) -> None:
        users, enrolments = self.backup.users, self.backup.enrolments
        if users or enrolments:
            self.line(
                "users",
                _("People of the Moodle course"),
                SKIPPED,
                ngettext(
                    "%(users)s account and its enrolments were not imported: candidates and "
                    "staff are registered here by their centres.",
                    "%(users)s accounts and their enrolments were not imported: candidates and "
                    "staff are registered here by their centres.",
                    users,
                )
                % {"users": users},
            )


def _new_course(*, backup, kind: str) -> Course:
    base = slugify(backup.shortname or backup.fullname)[:80] or "cours-moodle"
    slug, number = base, 2
    while Course.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return Course.objects.create(
        title=(backup.fullname or backup.shortname or slug)[:200],
        slug=slug,
        kind=kind,
        summary=text_of(backup.summary),
        is_visible=False,
    )


NEW_COURSE_KINDS = (Course.Kind.FONDAMENTAUX, Course.Kind.ATELIERS, Course.Kind.RAEP)


def moodle_backup_import(
    *,
    actor,
    upload,
    course: Course | None = None,
    new_course_kind: str = Course.Kind.ATELIERS,
    max_size: int = BACKUP_MAX_BYTES,
) -> MoodleImport:
    """Bring a Moodle course backup (.mbz) into ``course`` (its producers
    and admins), or into a new hidden course (admins only; ``course``
    None). The archive goes through ``core.uploads.check_archive``; the XML
    through defusedxml. Sections, pages and labels (fiches), resources
    (files), URLs (links), quizzes with their questions, glossaries with
    their entries, forums (without their messages) and assignments with
    their dates come in; the rest is reported. Importing the same backup
    again leaves what was imported as it is and adds only what is new.
    All or nothing: raises ``ValidationError`` (French) and changes nothing
    when the backup cannot be read."""
    if course is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied
        if new_course_kind not in NEW_COURSE_KINDS:
            raise ValidationError(_("Choose the kind of the new course."))
    elif not can_import_into(actor, course):
        raise PermissionDenied
    archive = uploads.check_archive(upload, max_size=max_size)
    try:
        try:
            backup = mbz.read_backup(archive)
        except FormatError as error:
            raise _refuse(error) from error
        return _run_import(
            actor=actor, archive=archive, backup=backup, course=course, kind=new_course_kind
        )
    finally:
        archive.close()


def _run_import(*, actor, archive, backup, course, kind) -> MoodleImport:
    job = None
    try:
        with transaction.atomic():
            created = course is None
            if created:
                course = _new_course(backup=backup, kind=kind)
            job = _Import(actor=actor, course=course, backup=backup)
            if created:
                job.line(
                    "course",
                    course.title,
                    IMPORTED,
                    notes=[_("Created hidden: make it visible once it is checked.")],
                )
            job.run()
            record = MoodleImport.objects.create(
                course=course,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                filename=archive.name[:200],
                sha256=archive.sha256,
                site=backup.site,
                site_url=backup.site_url,
                moodle_course_id=backup.course_id,
                moodle_course_name=(backup.fullname or backup.shortname)[:300],
                moodle_release=backup.release,
                report=[line.as_dict() for line in job.report],
            )
            _audit(actor, course, "moodle_backup_imported", job.report)
    except BaseException:
        if job is not None:
            uploads.delete_quietly(job.stored)
        raise
    finally:
        if job is not None:
            job.close()
    logger.info(
        "Moodle backup %s imported into %s: %s lines", archive.name, course.slug, len(job.report)
    )
    return record


def report_counts(report: list[dict]) -> dict[str, int]:
    counts = {IMPORTED: 0, KEPT: 0, SKIPPED: 0}
    for line in report:
        counts[line["status"]] = counts.get(line["status"], 0) + 1
    return counts


__all__ = [
    "BACKUP_MAX_BYTES",
    "ReportLine",
    "bank_export",
    "glossary_export",
    "glossary_import",
    "glossary_parse",
    "moodle_backup_import",
    "questions_import",
    "questions_parse",
]
