"""The demo, seeded once for the tests that read it (issue 17).

``seed_demo`` takes about two seconds; the tests of what the demo holds
each seeded it afresh, some twice. Here it is seeded once for the package,
inside a transaction rolled back when the package ends, and each test runs
in a savepoint of it (pytest-django's ``db``): what a test writes (a grade,
accepted terms) is gone for the next one. Files the demo stores stay in the
test run's media folder, as they did.

The demo's accounts are created outside any test, so the staff keep the
demo's published TOTP secret (tests/conftest.py gives the staff created
during a test the tests' own). A test that needs the demo seeded from an
empty database runs ``seed_demo`` itself, in another package; the
idempotence tests here seed it a second time over the first."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(scope="package")
def _demo_seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_seeded, db):
    """The seeded demo (what ``seed_demo`` printed), for one test."""
    return _demo_seeded
