"""Audio uploads are checked by content and size; videos embed only from the
allow-list."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from content import api
from content.models import AudioMedia
from core import uploads
from courses.models import Activity
from tests.factories import ActivityFactory
from tests.http_helpers import close_stream

pytestmark = pytest.mark.django_db


def tiny_wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * 800)
    return buffer.getvalue()


@pytest.fixture
def audio(exam_course, quiz_section, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return ActivityFactory(section=quiz_section, kind=Activity.Kind.AUDIO, title="Podcast")


def _upload(client, activity, name, content, transcript="Bonjour à tous."):
    return client.post(
        reverse("content:audio_edit", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, content, "audio/mpeg"), "transcript": transcript},
    )


def test_producer_uploads_a_recording_and_candidates_hear_it(client, producer, candidate, audio):
    client.force_login(producer)
    response = _upload(client, audio, "../../etc/épisode 1 ; rm.mp3", tiny_wav())
    assert response.status_code == 302
    media = AudioMedia.objects.get(activity=audio)
    assert media.content_type == "audio/x-wav" and media.transcript == "Bonjour à tous."
    year = timezone.now().year
    assert media.file.name.startswith(f"content/audio/{year}/podcast-{audio.pk}")
    assert media.file.name.endswith(".wav")
    client.force_login(candidate)
    served = client.get(reverse("content:audio_file", args=[audio.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "audio/x-wav"
    assert b"".join(served.streaming_content).startswith(b"RIFF")
    close_stream(served)
    html = api.media_html(audio)
    assert "<audio controls" in html and "Bonjour à tous." in html and "Transcription" in html


def test_a_recording_revalidates_and_a_new_one_has_a_new_etag(client, producer, candidate, audio):
    client.force_login(producer)
    _upload(client, audio, "podcast.wav", tiny_wav())
    url = reverse("content:audio_file", args=[audio.pk])
    client.force_login(candidate)
    first = client.get(url)
    close_stream(first)
    assert first["ETag"] and first["Last-Modified"]
    same = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert same.status_code == 304 and same.content == b""
    assert same["Accept-Ranges"] == "bytes"
    assert same["Content-Security-Policy"] == "default-src 'none'; sandbox"
    client.force_login(producer)
    assert _upload(client, audio, "podcast.wav", tiny_wav() + b"\0\0").status_code == 302
    client.force_login(candidate)
    newer = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert newer.status_code == 200
    assert newer["ETag"] != first["ETag"]
    close_stream(newer)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("podcast.mp3", b"Ceci n'est pas un son, seulement du texte." * 20),
        ("podcast.mp3", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 200),
        ("podcast.mp3", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
    ],
)
def test_non_audio_upload_is_refused_with_a_clear_message(client, producer, audio, name, content):
    client.force_login(producer)
    response = _upload(client, audio, name, content)
    assert response.status_code == 200
    # The shared refusal of core.uploads, listing the accepted audio kinds.
    with translation.override("fr"):
        accepted = uploads.labels(uploads.AUDIO)
    assert f"(acceptés\xa0: {accepted})" in response.content.decode()
    assert not AudioMedia.objects.exists()


def test_oversized_upload_is_refused_and_nothing_stored(
    client, producer, audio, settings, tmp_path
):
    settings.CONTENT_AUDIO_MAX_BYTES = 1000
    client.force_login(producer)
    response = _upload(client, audio, "podcast.wav", tiny_wav() + b"\x80" * 2000)
    assert "trop volumineux" in response.content.decode()
    assert not AudioMedia.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_transcript_alone_is_enough(client, producer, audio):
    client.force_login(producer)
    client.post(reverse("content:audio_edit", args=[audio.pk]), {"transcript": "Texte seul."})
    media = api.media_for(audio)
    assert media["audio_url"] is None and media["transcript"] == "Texte seul."
    assert "pas encore en ligne" in api.media_html(audio)


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://youtu.be/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        (
            "https://www.dailymotion.com/video/x7tgad0",
            "https://www.dailymotion.com/embed/video/x7tgad0",
        ),
        (
            "https://www.dailymotion.com/embed/video/x7",
            "https://www.dailymotion.com/embed/video/x7",
        ),
        ("https://player.vimeo.com/video/1", "https://player.vimeo.com/video/1"),
        ("https://www.youtube.com/watch?v=a%22onload%3D", None),
        ("https://videos.example.com/v/1", None),
        ("http://www.youtube.com/watch?v=abc123", None),
        ("javascript:alert(1)", None),
    ],
)
def test_videos_embed_only_from_allowed_hosts(exam_course, quiz_section, url, embed):
    video = ActivityFactory(section=quiz_section, kind=Activity.Kind.VIDEO, url=url)
    media = api.media_for(video)
    assert media["embed_url"] == embed
    html = api.media_html(video)
    assert ("<iframe" in html) == (embed is not None)
    assert "Voir la vidéo sur son site" in html


def test_a_host_removed_from_the_allow_list_is_a_plain_link(exam_course, quiz_section, settings):
    settings.VIDEO_EMBED_HOSTS = ["player.vimeo.com"]
    video = ActivityFactory(
        section=quiz_section, kind=Activity.Kind.VIDEO, url="https://youtu.be/abc123"
    )
    assert api.media_for(video)["embed_url"] is None


def test_other_kinds_have_no_media(exam_course, quiz_section):
    sheet = ActivityFactory(section=quiz_section)
    assert api.media_for(sheet) is None and api.media_html(sheet) == ""


def test_player_seeks_with_byte_ranges(client, producer, candidate, audio):
    client.force_login(producer)
    _upload(client, audio, "podcast.wav", tiny_wav())
    size = AudioMedia.objects.get().file.size
    client.force_login(candidate)
    url = reverse("content:audio_file", args=[audio.pk])
    part = client.get(url, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.content == b"RIFF"
    assert part["Content-Range"] == f"bytes 0-3/{size}" and part["Accept-Ranges"] == "bytes"
    assert part["X-Content-Type-Options"] == "nosniff"
    assert part["Content-Security-Policy"] == "default-src 'none'; sandbox"
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and len(tail.content) == 10
    assert client.get(url, headers={"Range": f"bytes={size}-"}).status_code == 416
