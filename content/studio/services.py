"""Writes of the course studio. Keyword-only and atomic: a refused field
leaves the activity, its file, its quiz and its assignment as they were.
Every write checks that ``actor`` produces the course
(``content.permissions.is_producer_of``), keeps a ``Revision`` and moves the
activity's "Mis à jour le"."""

import datetime
import difflib
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core import audit, uploads
from courses.api import Activity, Course, Section, clean_html

from .. import services as content_services
from ..models import Revision
from ..permissions import is_producer_of

# What a revision keeps of each kind of object (and can restore).
ACTIVITY_FIELDS = (
    "title", "section", "body", "url", "is_visible", "available_from", "completion_rule",
)  # fmt: skip
SECTION_FIELDS = ("title", "summary", "is_essential")
TEXT_FIELDS = {"body", "summary"}  # diffed by words

# The completion rules that make sense for each kind (a quiz is passed, an
# assignment handed in or graded, a workshop attended; anything can be
# ticked, opened or not tracked).
COMMON_RULES = (
    Activity.CompletionRule.NONE,
    Activity.CompletionRule.MANUAL,
    Activity.CompletionRule.VIEW,
)
RULES_BY_KIND = {
    Activity.Kind.QUIZ: (Activity.CompletionRule.QUIZ_PASS,),
    Activity.Kind.ASSIGNMENT: (Activity.CompletionRule.SUBMISSION, Activity.CompletionRule.GRADE),
    Activity.Kind.WORKSHOP: (Activity.CompletionRule.ATTENDANCE,),
}

# Dates outside these years are typing mistakes (0202, 20266...).
FIRST_YEAR, LAST_YEAR = 2000, 2100
WEB_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)


def rules_for(kind: str) -> tuple[str, ...]:
    return COMMON_RULES + RULES_BY_KIND.get(kind, ())


def _check_producer(actor, course: Course) -> None:
    if not is_producer_of(actor, course):
        raise PermissionDenied(_("Only the production group of this course may edit it."))


def check_date(value: datetime.datetime | None, field: str) -> None:
    """Refuse a date whose year is surely a typing mistake."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        message = _("Check the year: it must be between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
        raise ValidationError({field: message})


# --- Revisions -------------------------------------------------------------------


def _snapshot(obj, fields) -> dict:
    values = {}
    for field in fields:
        if field == "section":
            values[field] = obj.section_id
        else:
            value = getattr(obj, field)
            values[field] = value.isoformat() if isinstance(value, datetime.datetime) else value
    return values


def _words(html) -> list[str]:
    return strip_tags(html or "").split()


def _changes(before: dict, after: dict) -> list[dict]:
    """What differs between two snapshots: for text, the number of words
    added and removed; for the other fields, the old and new values."""
    changes = []
    for field, new in after.items():
        old = before.get(field)
        if old == new:
            continue
        if field in TEXT_FIELDS:
            added = removed = 0
            matcher = difflib.SequenceMatcher(a=_words(old), b=_words(new), autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag in ("replace", "delete"):
                    removed += i2 - i1
                if tag in ("replace", "insert"):
                    added += j2 - j1
            changes.append({"field": field, "added": added, "removed": removed})
        else:
            changes.append({"field": field, "before": old, "after": new})
    return changes


def _record(*, actor, obj, course, fields, restored_from=None) -> Revision | None:
    """Keep a revision of ``obj`` when something changed since the last one
    (the first save of an object is always kept)."""
    content_type = ContentType.objects.get_for_model(obj)
    after = _snapshot(obj, fields)
    last = (
        Revision.objects.filter(content_type=content_type, object_id=obj.pk)
        .only("snapshot")
        .first()
    )
    changes = _changes(last.snapshot if last else {}, after)
    if last is not None and not changes:
        return None
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=obj.pk,
        course=course,
        author=actor,
        snapshot=after,
        # The first revision names the fields it holds (the filled ones).
        changes=[c["field"] for c in changes if after[c["field"]] not in ("", None)]
        if last is None
        else changes,
        restored_from=restored_from,
    )
    audit.record(
        actor=actor,
        action="content.revision",
        target=obj,
        summary=str(obj)[:300],
        data={"revision": revision.pk, "fields": [c["field"] for c in changes]},
    )
    return revision


# --- Sections --------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("The title is too long (200 characters at most).")})
    return title


@transaction.atomic
def section_save(
    *,
    actor,
    course: Course,
    section: Section | None = None,
    title: str,
    summary: str = "",
    is_essential: bool = False,
    restored_from: Revision | None = None,
) -> Section:
    """Create (``section`` None, at the end of the outline) or change a
    section of ``course``. Flagging it "Les incontournables" takes the flag
    from the section that had it: a course has one."""
    _check_producer(actor, course)
    if section is None:
        last = course.sections.aggregate(last=Max("position"))["last"]
        section = Section(course=course, position=(last or 0) + 1)
    elif section.course_id != course.pk:
        raise PermissionDenied
    section.title = _clean_title(title)
    section.summary = (summary or "").strip()[:2000]  # plain text, shown escaped
    section.is_essential = bool(is_essential)
    if section.is_essential:
        for other in course.sections.filter(is_essential=True).exclude(pk=section.pk):
            other.is_essential = False
            other.save(update_fields=["is_essential"])
    section.save()
    _record(
        actor=actor, obj=section, course=course, fields=SECTION_FIELDS, restored_from=restored_from
    )
    return section


def _renumber(items, moved, direction: str) -> None:
    """Move ``moved`` one place up or down among ``items`` and save the
    positions that changed (saves, so that cached pages are renewed)."""
    items = list(items)
    index = next(i for i, item in enumerate(items) if item.pk == moved.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def section_move(*, actor, section: Section, direction: str) -> Section:
    """Move a section one place up or down in its course's outline ("Les
    incontournables" always shows first, wherever it stands)."""
    _check_producer(actor, section.course)
    sections = Section.objects.select_for_update().filter(course_id=section.course_id)
    _renumber(sections.order_by("position", "pk"), section, direction)
    return section


@transaction.atomic
def section_delete(*, actor, section: Section) -> None:
    """Delete a section with no activity left in it."""
    _check_producer(actor, section.course)
    if Activity.objects.filter(section=section).exists():
        raise ValidationError(
            _("Move or delete the activities of this section first: only an empty section goes.")
        )
    audit.record(
        actor=actor, action="content.section_deleted", target=section, summary=section.title
    )
    section.delete()


# --- Activities --------------------------------------------------------------------


def _check_activity(activity: Activity) -> None:
    errors = {}
    if activity.kind not in Activity.Kind.values:
        errors["kind"] = _("Unknown kind of activity.")
    elif activity.completion_rule not in rules_for(activity.kind):
        errors["completion_rule"] = _("This completion rule does not fit this kind of activity.")
    if activity.kind in (Activity.Kind.LINK, Activity.Kind.VIDEO):
        if not activity.url:
            errors["url"] = _("A link or a video needs its address.")
        elif not WEB_URL.fullmatch(activity.url) or len(activity.url) > 200:
            errors["url"] = _("Give a web address starting with https:// (200 characters at most).")
    if errors:
        raise ValidationError(errors)
    check_date(activity.available_from, "available_from")


@transaction.atomic
def activity_save(
    *,
    actor,
    section: Section,
    activity: Activity | None = None,
    kind: str = "",
    data: dict,
    upload: uploads.CheckedFile | None = None,
    audio_upload=None,
    transcript: str | None = None,
    bank=None,
    assignment: dict | None = None,
    restored_from: Revision | None = None,
) -> Activity:
    """Create (``activity`` None, of ``kind``, at the end of ``section``) or
    change an activity with ``data`` (``ACTIVITY_FIELDS``; ``section`` moves
    it, at the end of the other section). Kind by kind, in the same
    transaction: the checked ``upload`` of a file, the recording and
    ``transcript`` of an audio, the question ``bank`` of a quiz, the
    ``assignment``'s subject, dates and file rules. Keeps a revision and
    dates the change ("Mis à jour le")."""
    course = section.course
    _check_producer(actor, course)
    target = data.get("section", section)
    if target.course_id != course.pk:
        raise ValidationError({"section": _("Choose a section of this course.")})
    if activity is None:
        activity = Activity(course=course, section=target, kind=kind)
    elif activity.course_id != course.pk:
        raise PermissionDenied
    if activity.pk is None or target.pk != activity.section_id:
        last = Activity.objects.filter(section=target).aggregate(last=Max("position"))["last"]
        activity.position = (last or 0) + 1
    activity.section = target
    for field in ACTIVITY_FIELDS:
        if field in data and field != "section":
            setattr(activity, field, data[field])
    activity.title = _clean_title(activity.title)
    activity.body = clean_html(activity.body or "")
    activity.url = (activity.url or "").strip()
    _check_activity(activity)
    if assignment is not None:
        due = assignment.get("due_at")
        if activity.available_from and due and activity.available_from > due:
            raise ValidationError(
                {"available_from": _("The activity must be available before the due date.")}
            )
        for field in ("opens_at", "due_at", "cutoff_at"):
            check_date(assignment.get(field), field)
    activity.updated_at = timezone.now()
    stored = None
    old_file = activity.file.name if activity.file else ""
    try:
        if upload is not None:
            if activity.kind != Activity.Kind.FILE:
                raise ValidationError({"file": _("Only file activities carry a file.")})
            activity.file.save(upload.name, upload.upload, save=False)
            stored = activity.file.name
        activity.save()
        if activity.kind == Activity.Kind.AUDIO and (
            audio_upload is not None or transcript is not None
        ):
            content_services.audio_save(
                actor=actor,
                activity=activity,
                transcript=(transcript or "").strip(),
                upload=audio_upload,
            )
        if activity.kind == Activity.Kind.QUIZ and bank is not None:
            content_services.quiz_configure(actor=actor, activity=activity, bank=bank)
        if activity.kind == Activity.Kind.ASSIGNMENT and assignment is not None:
            from assignments import api as assignments_api

            assignments_api.assignment_subject_save(actor=actor, activity=activity, data=assignment)
    except BaseException:
        if stored:
            uploads.delete_quietly([stored])
        raise
    if stored and old_file:
        transaction.on_commit(lambda: uploads.delete_quietly([old_file]))
    _record(
        actor=actor,
        obj=activity,
        course=course,
        fields=ACTIVITY_FIELDS,
        restored_from=restored_from,
    )
    return activity


@transaction.atomic
def activity_move(*, actor, activity: Activity, direction: str) -> Activity:
    """Move an activity one place up or down within its section."""
    _check_producer(actor, activity.course)
    siblings = Activity.objects.select_for_update().filter(section_id=activity.section_id)
    _renumber(siblings.order_by("position", "pk"), activity, direction)
    return activity


# --- Restoring a revision -------------------------------------------------------------


@transaction.atomic
def revision_restore(*, actor, revision: Revision):
    """Save the fields of an earlier ``revision`` again: the object gets
    them back and the restoration is a new revision (restored_from)."""
    obj = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    values = dict(revision.snapshot)
    if isinstance(obj, Activity):
        obj = (
            Activity.objects.select_for_update().select_related("course", "section").get(pk=obj.pk)
        )
        section = Section.objects.filter(pk=values.pop("section", None), course=obj.course).first()
        if isinstance(values.get("available_from"), str):
            values["available_from"] = parse_datetime(values["available_from"])
        values["section"] = section or obj.section
        data = {k: v for k, v in values.items() if k in ACTIVITY_FIELDS}
        return activity_save(
            actor=actor, section=obj.section, activity=obj, data=data, restored_from=revision
        )
    if isinstance(obj, Section):
        return section_save(
            actor=actor,
            course=obj.course,
            section=obj,
            title=values.get("title", obj.title),
            summary=values.get("summary", obj.summary),
            is_essential=values.get("is_essential", obj.is_essential),
            restored_from=revision,
        )
    raise ValidationError(_("This revision cannot be restored."))
