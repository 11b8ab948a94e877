"""The thread page's own HTML (breadcrumb to reply form), byte for byte, as
each kind of reader sees it, against copies saved before issue 23's work on
the page: whatever makes the page cheaper must not change what it shows.

Ids, CSRF tokens and the date of the message written "just now" change from
run to run: they are replaced by placeholders before comparing. To save new
copies after a deliberate change of the page: ``FORUM_GOLDEN=write``."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.dates import format_date
from forums.models import Attachment, Post, Thread

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# 1 March 2026 (a first of the month: « 1er mars »), 9:05 in Paris.
START = datetime.datetime(2026, 3, 1, 8, 5, tzinfo=datetime.UTC)


def _named(users):
    for name, user in users.items():
        user.display_name = name
        user.save()


@pytest.fixture
def story(settings, tmp_path, general, candidate, other_candidate, trainer):
    """A thread of 23 messages (two pages) with what a message may show:
    markup, an attachment, a hidden one, a quotation of a visible and of a
    hidden one, a moderator's edit, and a message its author wrote a minute
    ago (its "Edit" button); plus a locked thread of one message."""
    settings.MEDIA_ROOT = tmp_path
    _named(
        {
            "Camille Dupont": candidate,
            "Léa Martin": other_candidate,
            "Marc d’Aubigné & 'Cie' <b>": trainer,
        }
    )
    thread = Thread.objects.create(
        forum=general,
        title="Fiches & résumés <révisions>",
        author=candidate,
        created_at=START,
        last_post_at=START,
        post_count=23,
    )
    posts = []
    for i in range(22):
        author = [candidate, other_candidate, trainer][i % 3]
        body = [
            f"<p>Message {i} : <strong>gras</strong> et <em>italique</em></p>",
            f'<p>Voir <a href="https://example.fr/{i}">le lien</a></p><ul><li>un</li></ul>',
            f"<p>Ligne {i}<br>suite « citée »</p><blockquote>Une citation</blockquote>",
        ][i % 3]
        posts.append(
            Post.objects.create(
                thread=thread,
                author=author,
                body=body,
                body_text=re.sub("<[^>]+>", "", body),
                created_at=START + datetime.timedelta(days=i, minutes=7 * i),
                is_hidden=i == 3,
            )
        )
    attachment = Attachment(
        post=posts[0], name="plan.pdf", content_type="application/pdf", size=2048
    )
    attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=True)
    Attachment.objects.create(
        post=posts[0], name="notes <2>.txt", content_type="text/plain", size=123456, file="x"
    )
    Post.objects.filter(pk=posts[4].pk).update(quoted=posts[3])  # quotes the hidden one
    Post.objects.filter(pk=posts[5].pk).update(
        quoted=posts[1], edited_at=START + datetime.timedelta(days=30), edited_by=trainer
    )
    # Written around the sanitiser (QuerySet.update): still cleaned when shown.
    Post.objects.filter(pk=posts[6].pk).update(
        body='<p onclick="x()">Avant</p><script>alert(1)</script><img src=x onerror=alert(1)>'
    )
    Post.objects.filter(pk=posts[21].pk).update(
        body="<p>Récent</p>", body_text="Récent", author=candidate
    )
    recent = Post.objects.create(
        thread=thread,
        author=candidate,
        body="<p>Je viens d’écrire</p>",
        body_text="Je viens d’écrire",
        created_at=timezone.now() - datetime.timedelta(minutes=1),
        quoted=posts[2],
    )
    locked = Thread.objects.create(
        forum=general,
        title="Fermé",
        author=other_candidate,
        created_at=START,
        last_post_at=START,
        post_count=1,
        is_locked=True,
    )
    Post.objects.create(
        thread=locked,
        author=other_candidate,
        body="<p>Clos</p>",
        body_text="Clos",
        created_at=START,
    )
    return {"thread": thread, "locked": locked, "recent": recent}


def _normalised(html: str, recent: Post) -> str:
    """The page's content block with ids, tokens and the recent date replaced."""
    main = html.index('<main id="contenu"')
    html = html[html.index('<nav aria-label="Fil', main) : html.index("</main>")]
    when = timezone.localtime(recent.created_at)
    html = html.replace(when.isoformat(), "{recent iso}")
    html = html.replace(format_date(when, "j F Y, H:i"), "{recent date}")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    ids: dict[str, str] = {}

    def number(match):
        kind, value = match.group(1), match.group(2)
        label = ids.setdefault(f"{kind}:{value}", f"{{{kind}{len(ids)}}}")
        return f"{match.group(0)[: -len(value)]}{label}"

    return re.sub(
        r"(message-|citer=|/messages/|/sujets/|/pieces-jointes/|/forums/)(\d+)", number, html
    )


CASES = [
    ("participant", "other_candidate", "thread", ""),
    ("participant-page-2", "other_candidate", "thread", "?page=2"),
    ("author-page-2", "candidate", "thread", "?page=2"),
    ("moderator", "trainer", "thread", ""),
    ("moderator-page-2", "trainer", "thread", "?page=2"),
    ("admin-page-2", "admin_user", "thread", "?page=2"),
    ("coordinator", "coordinator", "thread", ""),
    ("locked-participant", "other_candidate", "locked", ""),
    ("locked-moderator", "trainer", "locked", ""),
]


@pytest.mark.parametrize(("name", "role", "which", "query"), CASES)
def test_the_thread_page_shows_what_it_showed(client, people, story, name, role, which, query):
    client.force_login(people[role])
    response = client.get(story[which].get_absolute_url() + query)
    assert response.status_code == 200
    html = _normalised(response.content.decode(), story["recent"])
    path = GOLDEN / f"thread-{name}.html"
    if os.environ.get("FORUM_GOLDEN") == "write":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(html)
    assert html == path.read_text()


@pytest.mark.parametrize(
    "body",
    [
        "<p>Texte <strong>gras</strong></p>",
        '<p onclick="x()">A</p><script>alert(1)</script><img src=x onerror=alert(1)>',
        '<a href="javascript:alert(1)">x</a><a href="https://example.fr" target="_blank">y</a>',
        "<style>p{}</style><iframe src=x></iframe><pre><code>a &lt; b</code></pre>",
        "  <p>espaces</p>  ",
        "",
    ],
)
def test_messages_are_cleaned_as_the_forum_policy_says(body):
    """The thread page's prebuilt cleaner applies core.markup's "forum" policy."""
    from core import markup
    from forums import richtext

    assert richtext.shown(body) == markup.clean(body, "forum")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_message_dates_are_written_as_format_date_writes_them(language):
    """thread_html.when is format_date(value, "j F Y, H:i") made faster."""
    from django.utils import translation

    from forums.thread_html import when

    moments = [
        datetime.datetime(2026, 1, 1, 0, 0) + datetime.timedelta(days=d, hours=d % 24, minutes=d)
        for d in range(0, 400, 3)
    ]
    with translation.override(language):
        for moment in [*moments, datetime.datetime(999, 3, 1, 9, 5)]:
            assert when(moment) == format_date(moment, "j F Y, H:i"), moment
