"""What other apps use from ``content``.

- ``url_for_activity(activity)``: the page behind a ``quiz`` or ``glossary``
  activity (None for other kinds, or when the quiz is not set up yet).
- ``media_for(activity)``: the context of an audio or video activity's player
  (see ``content/templates/content/_media.html``), or None;
  ``media_html(activity)`` renders it. The courses activity page includes it:
  ``{{ media_html }}`` with ``media_html = content.api.media_html(activity)``.
- ``activity_footer_html(activity)``: "Mis à jour le ..." and the
  "Signaler une erreur" link, for the foot of every activity page.
- ``report_url(activity)``: the "Signaler une erreur" form of an activity.
- ``edit_url_for_activity(activity)``: for producers, where the quiz,
  recording or glossary of an activity is set up.
- ``studio_url_for_activity(activity)``: the activity in the course studio.
- ``my_reports_html(user, activity)``: the errors ``user`` reported on
  ``activity``, with the production group's answers (activity page).
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from courses.api import Activity

from .models import AudioMedia, Quiz


def url_for_activity(activity) -> str | None:
    """Page of the quiz or glossary behind ``activity`` (one query for a
    quiz, none for a glossary)."""
    if activity.kind == Activity.Kind.QUIZ:
        quiz_id = Quiz.objects.filter(activity_id=activity.pk).values_list("pk", flat=True).first()
        return reverse("content:quiz", kwargs={"quiz_id": quiz_id}) if quiz_id else None
    if activity.kind == Activity.Kind.GLOSSARY:
        return reverse("content:glossary", kwargs={"course_slug": activity.course.slug})
    return None


def edit_url_for_activity(activity) -> str | None:
    """Where a producer sets up the content behind ``activity``: quiz
    settings, recording and transcript, or the glossary (no query)."""
    if activity.kind == Activity.Kind.QUIZ:
        return reverse("content:quiz_settings", kwargs={"activity_id": activity.pk})
    if activity.kind == Activity.Kind.AUDIO:
        return reverse("content:audio_edit", kwargs={"activity_id": activity.pk})
    if activity.kind == Activity.Kind.GLOSSARY:
        return reverse("content:glossary", kwargs={"course_slug": activity.course.slug})
    return None


def report_url(activity) -> str:
    return reverse("content:report_create", kwargs={"activity_id": activity.pk})


VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _player_url(parts) -> str | None:
    """The player address of a YouTube, Vimeo or Dailymotion page."""
    host, path = (parts.hostname or "").lower(), parts.path
    segments = [segment for segment in path.split("/") if segment]
    video = None
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com"):
        video = parse_qs(parts.query).get("v", [""])[0]
        if segments[:1] == ["embed"] and len(segments) > 1:
            video = segments[1]
        player = "https://www.youtube-nocookie.com/embed/{}"
    elif host == "youtu.be":
        video = segments[0] if segments else ""
        player = "https://www.youtube-nocookie.com/embed/{}"
    elif host == "vimeo.com":
        video = segments[0] if segments and segments[0].isdigit() else ""
        player = "https://player.vimeo.com/video/{}"
    elif host in ("www.dailymotion.com", "dailymotion.com") and segments[:1] == ["video"]:
        video = segments[1] if len(segments) > 1 else ""
        player = "https://www.dailymotion.com/embed/video/{}"
    else:
        return parts.geturl()
    return player.format(video) if video and VIDEO_ID.fullmatch(video) else None


def embed_url(url: str) -> str | None:
    """The embeddable address of a video when its player's host is in
    ``VIDEO_EMBED_HOSTS`` (the CSP frame-src list); None otherwise (the page
    then shows a plain link)."""
    try:
        parts = urlsplit(url)
        if parts.scheme != "https":
            return None
        player = _player_url(parts)
    except ValueError:
        return None
    if player is None:
        return None
    host = (urlsplit(player).hostname or "").lower()
    return player if host in settings.VIDEO_EMBED_HOSTS else None


def media_for(activity) -> dict | None:
    """Context for the player of an audio or video activity (one query for
    audio, none for video), or None for other kinds."""
    if activity.kind == Activity.Kind.AUDIO:
        media = AudioMedia.objects.filter(activity_id=activity.pk).first()
        return {
            "kind": "audio",
            "activity": activity,
            "audio_url": (
                reverse("content:audio_file", kwargs={"activity_id": activity.pk})
                if media and media.file
                else None
            ),
            "content_type": media.content_type if media else "",
            "transcript": media.transcript if media else "",
        }
    if activity.kind == Activity.Kind.VIDEO and activity.url:
        return {"kind": "video", "activity": activity, "embed_url": embed_url(activity.url)}
    return None


def media_html(activity) -> str:
    """The player (and transcript) of an audio or video activity, or ""."""
    media = media_for(activity)
    if media is None:
        return ""
    return render_to_string("content/_media.html", {"media": media})


def activity_footer_html(activity) -> str:
    """ "Mis à jour le ..." and the "Signaler une erreur" link of an activity."""
    return render_to_string(
        "content/_activity_footer.html", {"activity": activity, "report_url": report_url(activity)}
    )


def studio_url_for_activity(activity) -> str:
    """The activity's page in the course studio (producers; no query)."""
    return reverse(
        "content:studio_activity_edit",
        kwargs={"slug": activity.course.slug, "activity_id": activity.pk},
    )


def my_reports_html(user, activity) -> str:
    """The error reports ``user`` filed on ``activity`` with their status
    and answer, or "" (one query)."""
    from .models import ErrorReport

    if not user.is_authenticated:
        return ""
    reports = list(
        ErrorReport.objects.filter(activity_id=activity.pk, reporter=user).order_by("-created_at")
    )
    if not reports:
        return ""
    return render_to_string("content/_my_reports.html", {"reports": reports})


def check_audio_upload(upload):
    """``upload`` checked as an audio recording by the rule of audio
    activities (``core.uploads``, ``CONTENT_AUDIO_MAX_BYTES``): a
    ``core.uploads.CheckedFile``, or ``ValidationError``. The calendar's
    workshop recordings use it."""
    from .services import check_audio

    return check_audio(upload)


@dataclass(frozen=True)
class QuizResult:
    """One submitted quiz attempt, as "Mes notes" shows it (plain data)."""

    attempt_id: int
    quiz_id: int
    title: str  # the quiz activity's title
    course_id: int
    course_title: str
    number: int  # the attempt's number for this person
    percent: Decimal
    grade_20: Decimal  # the score out of 20
    submitted_at: datetime.datetime
    url: str  # the attempt's review


def quiz_results_for(user) -> list[QuizResult]:
    """Every submitted attempt of ``user`` (their own; the caller shows them
    to that person), oldest first; one query."""
    from .models import Attempt

    if not user.is_authenticated:
        return []
    rows = (
        Attempt.objects.filter(user=user, state=Attempt.State.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "quiz_id",
            "number",
            "percent",
            "submitted_at",
            "quiz__activity__title",
            "quiz__activity__course_id",
            "quiz__activity__course__title",
        )
    )
    results = []
    for pk, quiz_id, number, percent, submitted_at, title, course_id, course_title in rows:
        percent = Decimal(percent or 0)
        results.append(
            QuizResult(
                attempt_id=pk,
                quiz_id=quiz_id,
                title=title,
                course_id=course_id,
                course_title=course_title,
                number=number,
                percent=percent,
                grade_20=(percent / 5).quantize(Decimal("0.01")),
                submitted_at=submitted_at,
                url=reverse("content:attempt", kwargs={"quiz_id": quiz_id, "attempt_id": pk}),
            )
        )
    return results
