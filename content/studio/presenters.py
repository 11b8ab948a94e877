"""How the studio tells what changed from one revision to the next."""

from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import format_date
from courses.api import Activity, Section


@dataclass
class RevisionRow:
    revision: object
    changes: list[str] = field(default_factory=list)
    is_current: bool = False


def _value(obj, name: str, value, section_titles: dict) -> str:
    if value in (None, ""):
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "section":
        return section_titles.get(value, _("(deleted section)"))
    if name == "completion_rule":
        return (
            str(Activity.CompletionRule(value).label)
            if value in Activity.CompletionRule.values
            else value
        )
    if name == "available_from":
        moment = parse_datetime(value)
        return format_date(moment, "j F Y, H:i") if moment else value
    return str(value)


def describe(obj, change, section_titles: dict) -> str:
    """« Texte : 12 mots ajoutés, 3 retirés », « Titre : « A » → « B » »."""
    if isinstance(change, str):  # the first revision lists the fields only
        name = change
        return str(obj._meta.get_field(name).verbose_name).capitalize()
    name = change["field"]
    label = str(obj._meta.get_field(name).verbose_name).capitalize()
    if "added" in change:
        added = ngettext("%(count)s word added", "%(count)s words added", change["added"]) % {
            "count": change["added"]
        }
        removed = ngettext(
            "%(count)s word removed", "%(count)s words removed", change["removed"]
        ) % {"count": change["removed"]}
        return _("%(field)s: %(added)s, %(removed)s") % {
            "field": label,
            "added": added,
            "removed": removed,
        }
    return _("%(field)s: “%(before)s” → “%(after)s”") % {
        "field": label,
        "before": _value(obj, name, change.get("before"), section_titles),
        "after": _value(obj, name, change.get("after"), section_titles),
    }


def revision_rows(obj, revisions) -> list[RevisionRow]:
    """One row per revision, newest first, the newest marked current
    (one query for the section titles of an activity)."""
    titles = {}
    if isinstance(obj, Activity):
        titles = dict(Section.objects.filter(course_id=obj.course_id).values_list("pk", "title"))
    rows = []
    for index, revision in enumerate(revisions):
        rows.append(
            RevisionRow(
                revision=revision,
                changes=[describe(obj, change, titles) for change in revision.changes],
                is_current=index == 0,
            )
        )
    return rows
