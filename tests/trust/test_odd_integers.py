"""Huge or odd numbers and dates in a query string never make a 500
(issue 21): every page of the access matrix a role may see, and every admin
changelist, is asked again with ``?page=99999999999999999999``,
``?course=1e40``, ``?year=99999``, ``?id__exact=...`` and the like. The
answer is a normal page, a redirect or a 400/404, never a server error."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from tests.security.test_access_matrix import MATRIX, _close, log_in_once, url_of
from tests.security.world import ROLES, world_fixture

pytestmark = pytest.mark.django_db

_world = pytest.fixture(scope="module", name="_world")(world_fixture)

HUGE = "99999999999999999999"
# An integer wider than the database's and a NUL character are answered 400
# by core.middleware.BoundedQueryMiddleware before any view runs (its own
# tests, tests/trust/test_bad_query.py, and one page below); every page is
# asked with the odd values that do reach the views.
REFUSED_BEFORE_VIEWS = [HUGE, "-" + HUGE, "1\x00"]
ODD_VALUES = ["1e40", "-1", "9999-99-99", "99999"]
# Every name a list or filter page reads (views, filter forms, calendars).
PARAMETERS = [
    "page", "p", "cours", "course", "preparation", "activite", "citer", "signalement",
    "tutor", "exam", "theme", "kind", "status", "late", "order", "lettre", "q", "type",
    "centre", "candidate", "year", "month", "week", "day", "date", "start", "end", "id",
    "precedent",
]  # fmt: skip


@pytest.fixture(scope="module")
def world(_world, django_db_blocker):
    with django_db_blocker.unblock():
        _world.sessions = log_in_once(_world.people)
    return _world


def _ask(client, session_key, url) -> int:
    client.cookies.clear()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    if isinstance(response, FileResponse):
        _close(response)
    return response.status_code


def _query(value: str, names=PARAMETERS) -> str:
    from urllib.parse import urlencode

    return urlencode(dict.fromkeys(names, value))


GET_PAGES = sorted(key for key, row in MATRIX.items() if row.method == "GET" and row.expect)


@pytest.mark.parametrize("key", GET_PAGES)
def test_no_page_fails_on_odd_numbers_in_its_query(key, world):
    row = MATRIX[key]
    url = url_of(key, row, world)
    # The first role shown the page (a staff role last: they see most).
    roles = [r for r in ROLES if row.expect[r] == 200]
    if not roles:
        pytest.skip("shown to no role")
    client = Client(raise_request_exception=False)
    errors = []
    for role in {roles[0], roles[-1]}:
        for value in ODD_VALUES:
            status = _ask(client, world.sessions.get(role), f"{url}?{_query(value)}")
            if status >= 500:
                errors.append(f"{role} ?…={value!r}: {status}")
    assert not errors, f"{key} ({url}):\n" + "\n".join(errors)


def _changelists():
    for model, model_admin in admin.site._registry.items():
        yield pytest.param(model, model_admin, id=model._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), list(_changelists()))
def test_no_admin_changelist_fails_on_odd_numbers(model, model_admin, world):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    names = ["p", "o", "id__exact", "pk", "q", "e"]
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        names += [f"{field}__year", f"{field}__month", f"{field}__day"]
    for spec in model_admin.list_filter:
        field = spec[0] if isinstance(spec, tuple) else spec
        if isinstance(field, str):
            names += [
                f"{field}__exact",
                f"{field}__id__exact",
                f"{field}__gte",
                f"{field}__lt",
                f"{field}__isnull",
            ]
    client = Client(raise_request_exception=False)
    errors = []
    for role in ("admin", "coordinator"):
        for value in ODD_VALUES:
            status = _ask(client, world.sessions[role], f"{url}?{_query(value, names)}")
            if status >= 500:
                errors.append(f"{role} ?…={value!r}: {status}")
        # One parameter at a time too (a changelist drops all at the first error).
        for name in names:
            status = _ask(client, world.sessions[role], f"{url}?{_query('99999', [name])}")
            if status >= 500:
                errors.append(f"{role} ?{name}=99999: {status}")
    assert not errors, f"{url}:\n" + "\n".join(errors)


@pytest.mark.parametrize("value", REFUSED_BEFORE_VIEWS)
def test_values_no_view_can_use_are_refused_on_every_kind_of_page(value, world):
    client = Client(raise_request_exception=False)
    for key in (GET_PAGES[0], GET_PAGES[len(GET_PAGES) // 2], GET_PAGES[-1]):
        row = MATRIX[key]
        role = next((r for r in ROLES if row.expect[r] == 200), None)
        if role is None:
            continue
        url = url_of(key, row, world)
        assert _ask(client, world.sessions.get(role), f"{url}?{_query(value)}") == 400, key
    admin_url = reverse("admin:accounts_user_changelist")
    assert _ask(client, world.sessions["admin"], f"{admin_url}?{_query(value, ['p'])}") == 400
