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
"""

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


def embed_url(url: str) -> str | None:
    """The embeddable address of a video, when its host is in
    ``CONTENT_VIDEO_EMBED_HOSTS`` (YouTube and Vimeo pages are turned into
    their player addresses); None otherwise."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or host not in settings.CONTENT_VIDEO_EMBED_HOSTS:
        return None
    path = parts.path
    if host in ("www.youtube.com", "youtube.com"):
        video = parse_qs(parts.query).get("v", [""])[0]
        if path.startswith("/embed/"):
            video = path.split("/")[2]
        return (
            f"https://www.youtube-nocookie.com/embed/{video}" if video.isascii() and video else None
        )
    if host == "youtu.be":
        video = path.strip("/")
        return f"https://www.youtube-nocookie.com/embed/{video}" if video else None
    if host == "vimeo.com":
        video = path.strip("/").split("/")[0]
        return f"https://player.vimeo.com/video/{video}" if video.isdigit() else None
    return url


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
