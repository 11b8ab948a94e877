import pytest
from django.db import IntegrityError

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case():
    UserFactory(username="a", email="Camille.Durand@example.fr")
    with pytest.raises(IntegrityError):
        UserFactory(username="b", email="camille.durand@EXAMPLE.fr")


def test_accounts_without_email_do_not_collide():
    UserFactory(username="a", email="")
    UserFactory(username="b", email="")
    assert User.objects.filter(email__isnull=True).count() == 2


def test_display_name_falls_back_to_full_name_then_username():
    user = UserFactory.build(username="cdurand", first_name="Camille", last_name="Durand")
    assert user.get_display_name() == "Camille Durand"
    user.display_name = "Camille D."
    assert str(user) == "Camille D."
    assert UserFactory.build(username="x", first_name="", last_name="").get_display_name() == "x"
