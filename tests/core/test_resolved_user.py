"""``request.user`` is the user itself once the gates have read it
(core.middleware.ResolvedUserMiddleware): the views and templates of a page
read the person's fields without going through Django's lazy proxy."""

import pytest
from django.utils.functional import SimpleLazyObject

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_page_gets_the_user_object_itself(client, candidate):
    client.force_login(candidate)
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is User
    assert user.pk == candidate.pk
    assert response.context["user"] is user


def test_an_anonymous_page_gets_the_anonymous_user(client):
    response = client.get("/connexion/")
    assert response.status_code == 200
    assert type(response.wsgi_request.user) is not SimpleLazyObject
    assert not response.wsgi_request.user.is_authenticated


def test_logging_out_leaves_no_one_on_the_request(client, candidate):
    client.force_login(candidate)
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/tableau-de-bord/").status_code == 302
