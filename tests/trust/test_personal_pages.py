"""Personal pages are never stored by a cache (issue 21). The walk lives in
the access matrix (tests/security/test_access_matrix.py, ``may_be_stored``):
every HTML page a role is shown there, logged in or through a personal
token, must say ``Cache-Control: no-store``
(core.middleware.PersonalPagesNoStoreMiddleware), read from the very
responses whose status the matrix checks. Here: that the walk covers the
pages the issue names, and that the check would catch a stored page."""

from types import SimpleNamespace

from django.http import HttpResponse

from tests.security.test_access_matrix import MATRIX, may_be_stored
from tests.security.world import ROLES

GET_PAGES = sorted(key for key, row in MATRIX.items() if row.method == "GET" and row.expect)


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


def _html(cache_control: str | None) -> HttpResponse:
    response = HttpResponse("<p>Mes données</p>", content_type="text/html; charset=utf-8")
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def test_the_walk_s_check_names_a_role_shown_a_page_a_cache_may_store():
    row = SimpleNamespace(method="GET", expect=dict.fromkeys(ROLES, 200))
    responses = dict.fromkeys(ROLES, _html("private, no-store"))
    assert may_be_stored("my_data", row, responses) == []
    responses["tutor"] = _html("max-age=600")
    responses["anonymous"] = _html(None)  # a public page: anonymous visitors may be cached
    assert may_be_stored("my_data", row, responses) == [
        "  tutor may be stored by a cache: 'max-age=600'"
    ]
