"""Personal pages are never stored by a cache (issue 21): the URL resolver
is walked through the access matrix (tests/security), and every HTML page a
role is shown must say ``Cache-Control: no-store`` when it is seen logged in
or through a personal token (core.middleware.PersonalPagesNoStoreMiddleware).
"""

import pytest
from django.conf import settings
from django.http import FileResponse

from core.middleware import PERSONAL_URL_NAMES
from tests.security.test_access_matrix import MATRIX, _close, log_in_once, url_of
from tests.security.world import ROLES, world_fixture

pytestmark = pytest.mark.django_db

_world = pytest.fixture(scope="module", name="_world")(world_fixture)


@pytest.fixture(scope="module")
def world(_world, django_db_blocker):
    with django_db_blocker.unblock():
        _world.sessions = log_in_once(_world.people)
    return _world


def _get(client, session_key, url):
    client.cookies.clear()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = client.get(url)
    if isinstance(response, FileResponse):
        _close(response)
    return response


GET_PAGES = sorted(key for key, row in MATRIX.items() if row.method == "GET" and row.expect)


@pytest.mark.parametrize("key", GET_PAGES)
def test_every_page_shown_to_a_person_is_not_stored(key, world, client):
    row = MATRIX[key]
    url = url_of(key, row, world)
    personal_token_page = key.split(" ")[0] in PERSONAL_URL_NAMES
    stored = []
    for role in ROLES:
        if row.expect[role] != 200 or (role == "anonymous" and not personal_token_page):
            continue
        response = _get(client, world.sessions.get(role), url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download: core.uploads.protect_response decides
        if "no-store" not in response.get("Cache-Control", ""):
            stored.append(f"{role}: {response.get('Cache-Control')!r}")
    assert not stored, f"{key} ({url}) may be stored by a cache:\n" + "\n".join(stored)


def test_the_personal_pages_named_in_the_issue_are_walked():
    for name in (
        "my_data",
        "accounts:settings",
        "tutoring:board",
        "assignments:submission",
        "content:my_results",
        "mfa_index",
    ):
        assert name in GET_PAGES, name
