"""Query budgets: the forum index, a forum page and a thread page do the
same number of queries with 10 and with 1,000 posts (pages of 25 threads and
20 posts)."""

import pytest
from django.urls import reverse

from tests.forums.factories import make_thread

pytestmark = pytest.mark.django_db

SIZES = [(2, 5), (40, 25)]  # (threads, posts per thread): 10 and 1,000 posts

# user (the session comes from the cache), forums with the user's rights,
# thread counts, unread counts
INDEX = 4
# user, forum with rights, thread count, thread page, unread counts
FORUM = 5
# A first visit: user, the user's forum rights (then cached), thread, the
# page's posts (with their attachments and the thread's post count), read
# mark (one INSERT ... ON CONFLICT DO NOTHING). The messages of the page are
# then a cached fragment: the next reader with the same rights costs user
# and thread only.
THREAD = 5
THREAD_CACHED = 2


@pytest.fixture
def data(general, candidate, trainer):
    def build(threads, posts):
        made = [
            make_thread(general, candidate if i % 2 else trainer, f"Sujet {i}", posts=posts)
            for i in range(threads)
        ]
        return made[-1]

    return build


@pytest.mark.parametrize(("threads", "posts"), SIZES)
@pytest.mark.parametrize("role", ["other_candidate", "coordinator", "admin_user"])
def test_pages_keep_their_budget(
    client, people, general, data, threads, posts, role, django_assert_num_queries
):
    thread = data(threads, posts)
    client.force_login(people[role])
    with django_assert_num_queries(INDEX):
        assert client.get(reverse("forums:index")).status_code == 200
    with django_assert_num_queries(FORUM):
        assert client.get(general.get_absolute_url()).status_code == 200
    with django_assert_num_queries(THREAD):
        first = client.get(thread.get_absolute_url() + "?page=2")
    with django_assert_num_queries(THREAD_CACHED):
        again = client.get(thread.get_absolute_url() + "?page=2")
    assert first.status_code == again.status_code == 200
    assert _messages(again) == _messages(first) != ""


def _messages(response) -> str:
    html = response.content.decode()
    return html[html.index("forum-post") : html.index('id="reply-title"')]
