from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Centre, User
from demo.accounts import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_every_demo_account_can_log_in(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), Centre.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Centre.objects.count()) == counts
    for username, *_rest in ACCOUNTS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    assert User.objects.get(username="admin").is_superuser
    assert Centre.objects.get(code="mediadix").coordinators.filter(username="responsable").exists()
