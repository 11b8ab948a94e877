"""The messages of a thread page, as each reader sees them. They are one
cached fragment per page and rights (forums.views._thread_page), rendered
from a single template: these tests pin what that template shows."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from forums.models import Attachment, Post
from tests.forums.factories import make_thread

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _messages(response) -> str:
    """The messages of the page (between the first message and the pages)."""
    html = response.content.decode()
    end = html.rindex("</article>") + len("</article>")
    return html[html.index('<article class="card mb-3 forum-post') : end]


def _article(html: str, post: Post) -> str:
    start = html.index(f'id="message-{post.pk}"')
    return html[start : html.index("</article>", start)]


@pytest.fixture
def rich_thread(settings, tmp_path, general, candidate, other_candidate, trainer):
    """Three messages: one with an attachment, one hidden by the moderators,
    one quoting the hidden one and edited by a moderator."""
    settings.MEDIA_ROOT = tmp_path
    thread = make_thread(general, candidate, "Fiches", "Mes fiches", posts=1)
    first = thread.posts.get()
    attachment = Attachment(post=first, name="plan.pdf", content_type="application/pdf", size=2048)
    attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=True)
    hidden = Post.objects.create(
        thread=thread,
        author=other_candidate,
        body="<p>Hors sujet</p>",
        body_text="Hors sujet",
        created_at=first.created_at + datetime.timedelta(minutes=1),
        is_hidden=True,
    )
    quoting = Post.objects.create(
        thread=thread,
        author=other_candidate,
        body="<p>Je reprends</p>",
        body_text="Je reprends",
        created_at=first.created_at + datetime.timedelta(minutes=2),
        quoted=hidden,
        edited_at=first.created_at + datetime.timedelta(minutes=3),
        edited_by=trainer,
    )
    return thread, first, hidden, quoting, attachment


def test_a_participant_sees_the_messages_without_the_hidden_one(
    client, other_candidate, rich_thread
):
    thread, first, hidden, quoting, attachment = rich_thread
    client.force_login(other_candidate)
    html = _messages(client.get(thread.get_absolute_url()))
    assert "<p>Mes fiches (0)</p>" in html
    assert f'<a href="{attachment.get_absolute_url()}">plan.pdf</a>' in html
    assert "Pièces jointes" in html and "(2,0\xa0Kio)" in html
    placeholder = _article(html, hidden)
    assert "Ce message a été masqué par la modération." in placeholder
    assert "Hors sujet" not in html and "Réafficher" not in html and "Masquer" not in html
    quote = _article(html, quoting)
    assert f"{other_candidate.get_display_name()} a écrit\xa0:" in quote
    assert "Ce message a été masqué par la modération." in quote and "modifié le" in quote
    reply = reverse("forums:reply", args=[thread.pk])
    assert f'href="{reply}?citer={first.pk}">Citer' in html
    assert f"?citer={hidden.pk}" not in html  # a hidden message cannot be quoted
    # Someone else's messages, long ago: no "Edit".
    assert reverse("forums:post_edit", args=[first.pk]) not in html


def test_a_moderator_sees_the_hidden_message_and_its_buttons(client, trainer, rich_thread):
    thread, first, hidden, _quoting, _attachment = rich_thread
    client.force_login(trainer)
    html = _messages(client.get(thread.get_absolute_url()))
    article = _article(html, hidden)
    assert "Masqué aux participants" in article and "Hors sujet" in article
    assert f'action="{reverse("forums:post_hide", args=[hidden.pk])}"' in article
    assert 'name="hidden" value="0"' in article and "Réafficher" in article
    author = hidden.author.get_display_name()
    assert f'<span class="visually-hidden"> le message de {author}</span>' in article
    other = _article(html, first)
    assert 'name="hidden" value="1"' in other and ">Masquer<" in other
    assert reverse("forums:post_edit", args=[first.pk]) in other


def test_the_author_of_a_recent_message_gets_its_edit_button(client, candidate, thread):
    client.force_login(candidate)
    client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Ajout."})
    post = thread.posts.get(body_text="Ajout.")
    html = _messages(client.get(thread.get_absolute_url()))
    assert (
        f'href="{reverse("forums:post_edit", args=[post.pk])}">Modifier'
        f'<span class="visually-hidden"> le message de {candidate.get_display_name()}</span>'
    ) in html


def test_pages_hold_the_messages_in_order(client, other_candidate, general, candidate):
    thread = make_thread(general, candidate, "Long", "Message", posts=45)
    client.force_login(other_candidate)

    def shown(query=""):
        html = _messages(client.get(thread.get_absolute_url() + query))
        return [int(n) for n in re.findall(r"Message \((\d+)\)", html)]

    assert shown() == list(range(20))
    assert shown("?page=2") == list(range(20, 40))
    assert shown("?page=3") == list(range(40, 45))
    assert shown("?page=9") == list(range(40, 45))  # past the end: the last page
    assert shown("?page=abc") == list(range(20))
    page = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert "Page 2 sur 3" in page


def test_a_moderators_buttons_post_from_the_cached_page(trainer, thread):
    """The moderators' copy of the messages holds their CSRF token: it must
    post, from a first visit, from the cached copy, and after logging in
    again (a new secret, so another copy)."""
    post = thread.posts.get()
    hide = reverse("forums:post_hide", args=[post.pk])
    for _attempt in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(trainer)
        for hidden in ("1", "0"):
            page = browser.get(thread.get_absolute_url()).content.decode()
            form = page[page.index(f'action="{hide}"') :]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            response = browser.post(hide, {"hidden": hidden, "csrfmiddlewaretoken": token})
            assert response.status_code == 302
            post.refresh_from_db()
            assert post.is_hidden is (hidden == "1")
