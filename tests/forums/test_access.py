"""Every forum URL for every role → the status the user gets. Invisible is a
404 (nothing leaks), visible but forbidden a 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from forums import permissions, selectors
from forums.models import Attachment, Forum, Post, Thread
from forums.services import unsubscribe_token
from forums.urls import urlpatterns
from tests.forums.conftest import ROLES

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGIN = 302
#          anon  cand  other  other-c  trainer other-t coord other-co admin
SAME_PREP = [LOGIN, 200, 200, 404, 200, 200, 200, 404, 200]
REDIRECTS = [LOGIN, 302, 302, 404, 302, 302, 302, 404, 302]
MODERATORS = [LOGIN, 403, 403, 404, 302, 302, 302, 404, 302]

# name -> list of (label, method, url(ctx), data, expected statuses per ROLES)
MATRIX = {
    "index": [("index", "get", lambda c: reverse("forums:index"), None, [LOGIN] + [200] * 8)],
    "forum": [
        ("preparation forum", "get", lambda c: c["general"].get_absolute_url(), None, SAME_PREP),
        ("reports forum", "get", lambda c: c["reports"].get_absolute_url(), None, SAME_PREP),
        (
            "course forum",
            "get",
            lambda c: c["exam_forum"].get_absolute_url(),
            None,
            [LOGIN, 200, 200, 200, 200, 404, 404, 404, 200],
        ),
    ],
    "thread_create": [
        (
            "general",
            "get",
            lambda c: reverse("forums:thread_create", args=[c["general"].pk]),
            None,
            SAME_PREP,
        ),
        (
            "announcements",
            "get",
            lambda c: reverse("forums:thread_create", args=[c["announcements"].pk]),
            None,
            [LOGIN, 403, 403, 404, 200, 200, 200, 404, 200],
        ),
        (
            "reports",
            "get",
            lambda c: reverse("forums:thread_create", args=[c["reports"].pk]),
            None,
            SAME_PREP,
        ),
    ],
    "mark_read": [
        (
            "general",
            "post",
            lambda c: reverse("forums:mark_read", args=[c["general"].pk]),
            {},
            REDIRECTS,
        )
    ],
    "thread": [
        ("discussion", "get", lambda c: c["thread"].get_absolute_url(), None, SAME_PREP),
        (
            "someone's report",
            "get",
            lambda c: c["report"].get_absolute_url(),
            None,
            [LOGIN, 200, 404, 404, 200, 200, 200, 404, 200],
        ),
    ],
    "reply": [
        (
            "discussion",
            "get",
            lambda c: reverse("forums:reply", args=[c["thread"].pk]),
            None,
            SAME_PREP,
        ),
        (
            "report",
            "get",
            lambda c: reverse("forums:reply", args=[c["report"].pk]),
            None,
            [LOGIN, 200, 404, 404, 200, 200, 200, 404, 200],
        ),
    ],
    "first_unread": [
        (
            "discussion",
            "get",
            lambda c: reverse("forums:first_unread", args=[c["thread"].pk]),
            None,
            REDIRECTS,
        )
    ],
    "thread_moderate": [
        (
            "pin",
            "post",
            lambda c: reverse("forums:thread_moderate", args=[c["thread"].pk]),
            {"action": "pin"},
            MODERATORS,
        )
    ],
    "thread_move": [
        (
            "form",
            "get",
            lambda c: reverse("forums:thread_move", args=[c["thread"].pk]),
            None,
            [LOGIN, 403, 403, 404, 200, 200, 200, 404, 200],
        )
    ],
    "post": [("redirect", "get", lambda c: c["post"].get_absolute_url(), None, REDIRECTS)],
    "post_edit": [
        (
            "fresh post of the candidate",
            "get",
            lambda c: reverse("forums:post_edit", args=[c["fresh"].pk]),
            None,
            [LOGIN, 200, 403, 404, 200, 200, 200, 404, 200],
        )
    ],
    "post_hide": [
        (
            "hide",
            "post",
            lambda c: reverse("forums:post_hide", args=[c["post"].pk]),
            {"hidden": "1"},
            MODERATORS,
        )
    ],
    "attachment": [
        ("file", "get", lambda c: c["attachment"].get_absolute_url(), None, SAME_PREP),
    ],
    "subscriptions": [
        ("page", "get", lambda c: reverse("forums:subscriptions"), None, [LOGIN] + [200] * 8)
    ],
    "unsubscribe": [
        (
            "confirmation page (public)",
            "get",
            lambda c: reverse("forums:unsubscribe", args=[c["token"]]),
            None,
            [200] * 9,
        )
    ],
    "search": [
        (
            "search",
            "get",
            lambda c: reverse("forums:search") + "?q=révisions",
            None,
            [LOGIN] + [200] * 8,
        )
    ],
}


def test_every_forum_url_is_in_the_matrix():
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    assert names == set(MATRIX)


@pytest.fixture
def ctx(
    people,
    general,
    announcements,
    reports,
    exam_forum,
    thread,
    report,
    candidate,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    post = thread.posts.first()
    attachment = Attachment(
        post=post, name="plan.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=True)
    fresh = Post.objects.create(thread=thread, author=candidate, body="<p>Re</p>", body_text="Re")
    return {
        "general": general,
        "announcements": announcements,
        "reports": reports,
        "exam_forum": exam_forum,
        "thread": thread,
        "report": report,
        "post": post,
        "fresh": fresh,
        "attachment": attachment,
        "token": unsubscribe_token(user_id=candidate.pk, forum_id=general.pk),
    }


@pytest.mark.parametrize("role", ROLES)
def test_status_of_every_url_for_role(client, ctx, people, role):
    """One role, every URL of the matrix (failures listed together)."""
    user = people[role]
    wrong = []
    for name, entries in MATRIX.items():
        for label, method, url, data, expected in entries:
            # Each request starts from the same login state.
            client.logout()
            if user is not None:
                client.force_login(user)
            response = getattr(client, method)(url(ctx), data)
            if response.streaming:  # reading it closes the file
                b"".join(response.streaming_content)
            want = expected[ROLES.index(role)]
            if response.status_code != want:
                wrong.append(f"{name} ({label}): {response.status_code}, expected {want}")
            elif role == "anonymous" and want == LOGIN:
                assert response.url.startswith(reverse("login"))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES[1:])
def test_predicates_agree_with_selectors(people, ctx, role):
    user = people[role]
    visible_forums = set(selectors.forums_visible_to(user))
    moderated = set(selectors.forums_moderated_by(user))
    for forum in Forum.objects.all():
        assert permissions.can_view_forum(user, forum) == (forum in visible_forums)
        assert permissions.can_moderate(user, forum) == (forum in moderated)
    visible_threads = set(selectors.threads_visible_to(user))
    for thread in Thread.objects.all():
        assert permissions.can_view_thread(user, thread) == (thread in visible_threads)


def test_report_forum_lists_only_own_reports_to_candidates(client, ctx, other_candidate, trainer):
    client.force_login(other_candidate)
    html = client.get(ctx["reports"].get_absolute_url()).content.decode()
    assert "Lien cassé" not in html
    client.force_login(trainer)
    html = client.get(ctx["reports"].get_absolute_url()).content.decode()
    assert "Lien cassé" in html


def test_search_finds_only_visible_posts(client, ctx, other_candidate, candidate_other_centre):
    client.force_login(other_candidate)
    html = client.get(reverse("forums:search") + "?q=erreur").content.decode()
    assert "Lien cassé" not in html  # someone else's report
    html = client.get(reverse("forums:search") + "?q=faites").content.decode()
    assert "Organisation des révisions" in html
    client.force_login(candidate_other_centre)
    html = client.get(reverse("forums:search") + "?q=faites").content.decode()
    assert "Organisation des révisions" not in html


def test_forum_kinds_and_creation_on_enrolment(people, preparation, exam_course, courses):
    kinds = set(Forum.objects.filter(preparation=preparation).values_list("kind", flat=True))
    assert kinds == {"general", "announcements", "reports"}
    titles = set(Forum.objects.filter(preparation=preparation).values_list("title", flat=True))
    assert "Signalements — Préparation Callisto 2027" in titles
    assert Forum.objects.filter(course=exam_course, kind="general").count() == 1
    assert not Forum.objects.filter(course=courses["raep"]).exists()  # nobody enrolled yet


def test_search_uses_french_stemming(client, ctx, other_candidate):
    client.force_login(other_candidate)
    html = client.get(reverse("forums:search") + "?q=révision").content.decode()
    assert "Organisation des révisions" in html
    html = client.get(reverse("forums:search") + "?q=" + "x" * 500).content.decode()
    assert "0 résultat" in html


def test_tutor_reads_and_posts_in_the_preparation_forum(client, tutor, thread):
    client.force_login(tutor)
    assert client.get(thread.get_absolute_url()).status_code == 200
    response = client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Bon courage"})
    assert response.status_code == 302


def _read(response):
    if response.streaming:  # reading it closes the file
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("role", ROLES)
def test_an_attachment_revalidates_only_for_those_who_may_see_it(
    client, ctx, people, trainer, role
):
    """A 304 says "your copy is the file": only after the access checks. A
    role that may not see the attachment gets its usual status even with
    the ETag and Last-Modified of someone who may."""
    url = ctx["attachment"].get_absolute_url()
    client.force_login(trainer)
    first = _read(client.get(url))
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])
    allowed = SAME_PREP[ROLES.index(role)] == 200
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = _read(client.get(url, headers=headers))
        assert response.status_code == (304 if allowed else SAME_PREP[ROLES.index(role)])
        if allowed:
            assert response.content == b""
            assert response["ETag"] == first["ETag"]
            assert response["Cache-Control"] == "private, no-store"
    # Another ETag (another file) gets the file.
    response = _read(client.get(url, headers={"If-None-Match": '"autre"'}))
    assert response.status_code == (200 if allowed else SAME_PREP[ROLES.index(role)])


def test_a_hidden_posts_attachment_revalidates_for_moderators_only(
    client, ctx, candidate, other_candidate, trainer
):
    from forums import services

    url = ctx["attachment"].get_absolute_url()
    client.force_login(other_candidate)
    etag = _read(client.get(url))["ETag"]
    services.post_set_hidden(actor=trainer, post=ctx["post"], hidden=True)
    for user, status in ((other_candidate, 404), (candidate, 404), (trainer, 304)):
        client.force_login(user)
        assert _read(client.get(url, headers={"If-None-Match": etag})).status_code == status
