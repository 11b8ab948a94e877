"""Moodle course backups (.mbz, Moodle 2 to 5): what a backup holds, read
from the archive ``core.uploads.check_archive`` unpacked, with defusedxml.

Nothing here writes: :func:`read_backup` returns a :class:`Backup` that
``content.services.moodle_backup_import`` maps onto a course."""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import unquote

from django.utils.translation import gettext as _

from . import EntryData, FormatError, QuestionData, decimal_or_none
from .glossary import entry_from_moodle
from .moodle_xml import child_text, parse_xml

NULL = "$@NULL@$"
# Moodle's FORMAT_* constants, as the backup stores them.
TEXT_FORMATS = {"0": "moodle", "1": "html", "2": "plain", "4": "markdown"}


def _value(element, path: str, default: str = "") -> str:
    text = child_text(element, path, default)
    return default if text == NULL else text


def _int(element, path: str, default: int = 0) -> int:
    try:
        return int(_value(element, path, str(default)).strip() or default)
    except ValueError:
        return default


def _date(timestamp: int) -> datetime.datetime | None:
    if timestamp <= 0:
        return None
    try:
        return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None


@dataclass
class FileRef:
    moodle_id: str
    contenthash: str
    context_id: str
    component: str
    filearea: str
    item_id: str
    path: str  # filepath + filename, e.g. "/images/schema.png"
    filename: str
    size: int
    mimetype: str
    sortorder: int


@dataclass
class SectionData:
    moodle_id: str
    number: int
    title: str
    summary: str
    visible: bool
    sequence: list[str]


@dataclass
class ModuleData:
    moodle_id: str
    modname: str
    title: str
    section_id: str
    directory: str
    visible: bool = True
    context_id: str = ""
    available_from: datetime.datetime | None = None
    intro: str = ""
    detail: dict = field(default_factory=dict)
    problem: str = ""  # why it cannot be read at all


@dataclass
class Backup:
    site: str
    site_url: str
    course_id: int
    course_context_id: str
    fullname: str
    shortname: str
    summary: str
    release: str
    sections: list[SectionData]
    modules: list[ModuleData]
    files: dict[str, FileRef]  # by Moodle file id
    questions: dict[str, QuestionData]  # by question bank entry id
    users: int = 0
    enrolments: int = 0
    archive: object = None

    def files_of(self, context_id: str, component: str, filearea: str, item_id: str | None = None):
        """The real files (not the "." folder rows) of one file area."""
        return [
            f
            for f in self.files.values()
            if f.context_id == context_id
            and f.component == component
            and f.filearea == filearea
            and (item_id is None or f.item_id == item_id)
            and f.filename != "."
        ]

    def file_entry(self, ref: FileRef) -> str | None:
        """The archive entry holding a file's bytes, by content hash."""
        name = f"files/{ref.contenthash[:2]}/{ref.contenthash}"
        return name if name in self.archive.members else None


def _xml(archive, name: str, *, required: bool = True):
    if name not in archive.members:
        if required:
            raise FormatError(
                _("This backup lacks “%(entry)s”: it is incomplete or not a Moodle backup.")
                % {"entry": name}
            )
        return None
    return parse_xml(archive.read(name), what=f"«\u00a0{name}\u00a0»")


def read_backup(archive) -> Backup:
    """What the unpacked backup ``archive`` (``core.uploads.CheckedArchive``)
    holds. Raises ``FormatError`` when it is not a Moodle 2+ course backup."""
    if "moodle.xml" in archive.members and "moodle_backup.xml" not in archive.members:
        raise FormatError(
            _(
                "This is a Moodle 1.9 backup, which cannot be imported: restore it in a recent "
                "Moodle first."
            )
        )
    root = _xml(archive, "moodle_backup.xml")
    info = root.find("information")
    if root.tag != "moodle_backup" or info is None:
        raise FormatError(_("This archive is not a Moodle course backup (.mbz)."))
    if _value(info, "details/detail/type") not in ("course", ""):
        raise FormatError(
            _(
                "This backup holds a single activity or section, not a course: back up the "
                "whole course."
            )
        )
    course_xml = _xml(archive, "course/course.xml")
    site = _value(info, "original_site_identifier_hash").strip() or _value(info, "original_wwwroot")
    backup = Backup(
        site=site[:64],
        site_url=_value(info, "original_wwwroot")[:300],
        course_id=_int(info, "original_course_id"),
        course_context_id=_value(info, "original_course_contextid"),
        fullname=_value(course_xml, "fullname") or _value(info, "original_course_fullname"),
        shortname=_value(course_xml, "shortname") or _value(info, "original_course_shortname"),
        summary=_value(course_xml, "summary"),
        release=_value(info, "moodle_release")[:100],
        sections=[],
        modules=[],
        files={},
        questions={},
        archive=archive,
    )
    if not backup.site:
        raise FormatError(_("This backup does not name the Moodle site it comes from."))
    files_xml = _xml(archive, "files.xml", required=False)
    if files_xml is not None:
        for node in files_xml.findall("file"):
            ref = FileRef(
                moodle_id=node.get("id", ""),
                contenthash=_value(node, "contenthash").strip().lower(),
                context_id=_value(node, "contextid").strip(),
                component=_value(node, "component"),
                filearea=_value(node, "filearea"),
                item_id=_value(node, "itemid").strip(),
                path=(_value(node, "filepath") or "/") + _value(node, "filename"),
                filename=_value(node, "filename"),
                size=_int(node, "filesize"),
                mimetype=_value(node, "mimetype"),
                sortorder=_int(node, "sortorder"),
            )
            backup.files[ref.moodle_id] = ref
    contents = info.find("contents")
    for node in contents.findall("sections/section") if contents is not None else []:
        directory = _value(node, "directory")
        section_xml = _xml(archive, f"{directory}/section.xml", required=False)
        if section_xml is None:
            continue
        number = _int(section_xml, "number")
        backup.sections.append(
            SectionData(
                moodle_id=section_xml.get("id", _value(node, "sectionid")),
                number=number,
                title=_value(section_xml, "name").strip(),
                summary=_value(section_xml, "summary"),
                visible=_value(section_xml, "visible", "1").strip() != "0",
                sequence=[s for s in _value(section_xml, "sequence").split(",") if s.strip()],
            )
        )
    backup.sections.sort(key=lambda s: s.number)
    for node in contents.findall("activities/activity") if contents is not None else []:
        backup.modules.append(_read_module(archive, node))
    backup.questions = _read_questions(archive)
    users = _xml(archive, "users.xml", required=False)
    backup.users = len(users.findall("user")) if users is not None else 0
    enrolments = _xml(archive, "course/enrolments.xml", required=False)
    if enrolments is not None:
        backup.enrolments = len(enrolments.findall("enrols/enrol/user_enrolments/enrolment"))
    _read_pass_grades(archive, backup)
    return backup


def _read_module(archive, node) -> ModuleData:
    modname = _value(node, "modulename")
    directory = _value(node, "directory")
    module = ModuleData(
        moodle_id=_value(node, "moduleid"),
        modname=modname,
        title=_value(node, "title"),
        section_id=_value(node, "sectionid"),
        directory=directory,
    )
    if not posixpath.normpath(directory).startswith("activities/"):
        module.problem = _("Its folder in the backup is not where activities are.")
        return module
    try:
        module_xml = _xml(archive, f"{directory}/module.xml")
        activity_xml = _xml(archive, f"{directory}/{modname}.xml")
    except FormatError as error:
        module.problem = str(error)
        return module
    module.visible = _value(module_xml, "visible", "1").strip() != "0"
    module.section_id = _value(module_xml, "sectionid", module.section_id)
    module.context_id = activity_xml.get("contextid", "")
    body = activity_xml.find(modname)
    if body is None:
        module.problem = _("Its description in the backup is empty.")
        return module
    module.title = _value(body, "name", module.title).strip() or module.title
    module.intro = _value(body, "intro")
    intro_format = TEXT_FORMATS.get(_value(body, "introformat", "1").strip(), "html")
    detail: dict = {"intro_format": intro_format}
    if modname == "page":
        detail["content"] = _value(body, "content")
        detail["content_format"] = TEXT_FORMATS.get(
            _value(body, "contentformat", "1").strip(), "html"
        )
    elif modname == "url":
        detail["url"] = _value(body, "externalurl").strip()
    elif modname == "forum":
        discussions = body.findall("discussions/discussion")
        detail["type"] = _value(body, "type", "general")
        detail["discussions"] = len(discussions)
        detail["posts"] = sum(len(d.findall("posts/post")) for d in discussions)
    elif modname == "glossary":
        entries: list[EntryData] = []
        for entry in body.findall("entries/entry"):
            data = entry_from_moodle(
                _value(entry, "concept"),
                _value(entry, "definition"),
                _value(entry, "definitionformat", "1").strip(),
                [_value(alias, "alias_text") for alias in entry.findall("aliases/alias")],
            )
            data.moodle_id = entry.get("id", "")
            data.approved = _value(entry, "approved", "1").strip() != "0"
            entries.append(data)
        detail["entries"] = entries
    elif modname == "quiz":
        slots = []
        random_slots = 0
        for instance in body.findall("question_instances/question_instance"):
            reference = instance.find("question_reference")
            if reference is not None:
                slots.append(
                    {
                        "slot": _int(instance, "slot"),
                        "entry": _value(reference, "questionbankentryid").strip(),
                        "maxmark": decimal_or_none(_value(instance, "maxmark", "1")),
                    }
                )
            elif instance.find("question_set_reference") is not None:
                random_slots += 1
            else:  # Moodle 3.x: the question id on the instance
                question_id = _value(instance, "questionid").strip() or _value(instance, "question")
                slots.append(
                    {
                        "slot": _int(instance, "slot"),
                        "entry": "q" + question_id.strip(),
                        "maxmark": decimal_or_none(_value(instance, "maxmark", "1")),
                    }
                )
        detail.update(
            slots=sorted(slots, key=lambda s: s["slot"]),
            random_slots=random_slots,
            time_limit=_int(body, "timelimit"),
            attempts=_int(body, "attempts_number"),
            grade_method=_int(body, "grademethod", 1),
            shuffle=_value(body, "shuffleanswers", "1").strip() != "0",
            grade=decimal_or_none(_value(body, "grade", "10")) or Decimal(10),
            time_open=_date(_int(body, "timeopen")),
            overall_feedbacks=len(body.findall("feedbacks/feedback")),
            instance_id=body.get("id", ""),
        )
    elif modname == "assign":
        configs = {
            (_value(c, "plugin"), _value(c, "subtype"), _value(c, "name")): _value(c, "value")
            for c in body.findall("plugin_configs/plugin_config")
        }
        detail.update(
            due=_date(_int(body, "duedate")),
            cutoff=_date(_int(body, "cutoffdate")),
            opens=_date(_int(body, "allowsubmissionsfromdate")),
            grade=_int(body, "grade", 20),
            blind=_value(body, "blindmarking", "0").strip() == "1",
            files_enabled=configs.get(("file", "assignsubmission", "enabled"), "0") == "1",
            online_text=configs.get(("onlinetext", "assignsubmission", "enabled"), "0") == "1",
            max_files=_safe_int(configs.get(("file", "assignsubmission", "maxfilesubmissions"))),
            max_bytes=_safe_int(
                configs.get(("file", "assignsubmission", "maxsubmissionsizebytes"))
            ),
            submissions=len(body.findall("submissions/submission")),
        )
    elif modname == "resource":
        pass
    detail.setdefault("instance_id", body.get("id", ""))
    module.detail = detail
    return module


def _safe_int(raw) -> int:
    try:
        return int(str(raw or "0").strip())
    except ValueError:
        return 0


def _read_questions(archive) -> dict[str, QuestionData]:
    """The questions of the backup's banks, by question bank entry (the
    latest ready version of each), with their category's context."""
    root = _xml(archive, "questions.xml", required=False)
    questions: dict[str, QuestionData] = {}
    if root is None:
        return questions
    for category in root.findall("question_category"):
        category_name = _value(category, "name")
        context_id = _value(category, "contextid")
        entries = category.findall("question_bank_entries/question_bank_entry")
        pairs = [
            (e.get("id", ""), e.findall("question_version/question_versions")) for e in entries
        ]
        legacy = category.findall("questions/question")  # Moodle 3.x
        for question_node in legacy:
            pairs.append(("q" + question_node.get("id", ""), [None, question_node]))
        for entry_id, versions in pairs:
            if versions and versions[0] is None:
                node = versions[1]
            else:
                ready = [
                    v for v in versions if _value(v, "status", "ready") in ("ready", "")
                ] or versions
                if not ready:
                    continue
                latest = max(ready, key=lambda v: _int(v, "version"))
                node = latest.find("questions/question")
                if node is None:
                    continue
            questions[entry_id] = _backup_question(node, category_name, context_id)
    return questions


def _backup_question(node, category_name: str, context_id: str) -> QuestionData:
    """A question of questions.xml, turned into the shape of a Moodle XML
    question so that one reader serves both."""
    from xml.etree import ElementTree as ET

    from .moodle_xml import read_question

    qtype = _value(node, "qtype")
    xml = ET.Element("question", {"type": qtype})

    def text_node(tag: str, text: str, fmt_code: str):
        element = ET.SubElement(xml, tag, {"format": _XML_FORMATS.get(fmt_code, "html")})
        ET.SubElement(element, "text").text = text
        return element

    ET.SubElement(ET.SubElement(xml, "name"), "text").text = _value(node, "name")
    text_node("questiontext", _value(node, "questiontext"), _value(node, "questiontextformat", "1"))
    text_node(
        "generalfeedback",
        _value(node, "generalfeedback"),
        _value(node, "generalfeedbackformat", "1"),
    )
    ET.SubElement(xml, "defaultgrade").text = _value(node, "defaultmark", "1")
    for _hint in node.findall("question_hints/question_hint"):
        ET.SubElement(xml, "hint")
    plugin = node.find(f"plugin_qtype_{qtype}_question")
    if plugin is not None:
        tolerances = {
            _value(r, "answer"): _value(r, "tolerance", "0")
            for r in plugin.findall("numerical_records/numerical_record")
        }
        for answer in plugin.findall("answers/answer"):
            fraction = decimal_or_none(_value(answer, "fraction", "0")) or Decimal(0)
            element = ET.SubElement(
                xml,
                "answer",
                {
                    "fraction": str(fraction * 100),
                    "format": _XML_FORMATS.get(_value(answer, "answerformat", "0"), "html"),
                },
            )
            ET.SubElement(element, "text").text = _value(answer, "answertext")
            feedback = ET.SubElement(
                element,
                "feedback",
                {"format": _XML_FORMATS.get(_value(answer, "feedbackformat", "1"), "html")},
            )
            ET.SubElement(feedback, "text").text = _value(answer, "feedback")
            ET.SubElement(element, "tolerance").text = tolerances.get(answer.get("id", ""), "0")
        if qtype == "multichoice":
            single = _value(plugin, "multichoice/single", "1").strip()
            ET.SubElement(xml, "single").text = "true" if single == "1" else "false"
        if qtype == "shortanswer":
            ET.SubElement(xml, "usecase").text = _value(plugin, "shortanswer/usecase", "0")
        if qtype == "numerical" and plugin.find("numerical_units/numerical_unit") is not None:
            ET.SubElement(ET.SubElement(xml, "units"), "unit")
        for match in plugin.findall("matches/match"):
            sub = ET.SubElement(
                xml,
                "subquestion",
                {"format": _XML_FORMATS.get(_value(match, "questiontextformat", "1"), "html")},
            )
            ET.SubElement(sub, "text").text = _value(match, "questiontext")
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = _value(match, "answertext")
    question = read_question(xml, "matching" if qtype == "match" else qtype)
    question.source_type = qtype
    question.category = category_name
    question.moodle_id = node.get("id", "")
    question.context_id = context_id
    return question


_XML_FORMATS = {"0": "moodle_auto_format", "1": "html", "2": "plain_text", "4": "markdown"}


def _read_pass_grades(archive, backup: Backup) -> None:
    """Pass grades of the quizzes (gradebook.xml), onto their modules."""
    root = _xml(archive, "gradebook.xml", required=False)
    if root is None:
        return
    by_instance = {}
    for item in root.findall("grade_items/grade_item"):
        if _value(item, "itemmodule") == "quiz":
            by_instance[_value(item, "iteminstance").strip()] = (
                decimal_or_none(_value(item, "gradepass", "0")) or Decimal(0),
                decimal_or_none(_value(item, "grademax", "0")) or Decimal(0),
            )
    for module in backup.modules:
        if module.modname == "quiz":
            found = by_instance.get(module.detail.get("instance_id", ""))
            if found:
                module.detail["grade_pass"], module.detail["grade_max"] = found


def plugin_path(src: str) -> str | None:
    """ "/images/schéma.png" for "@@PLUGINFILE@@/images/sch%C3%A9ma.png?time=1"."""
    if not src.startswith("@@PLUGINFILE@@"):
        return None
    path = unquote(src[len("@@PLUGINFILE@@") :].split("?", 1)[0].split("#", 1)[0])
    return path if path.startswith("/") else "/" + path
