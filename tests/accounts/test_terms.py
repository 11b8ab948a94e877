import pytest
from django.urls import reverse

from accounts.models import TermsAcceptance, TermsVersion
from accounts.selectors import forget_current_terms
from core.models import AuditEntry
from tests.accounts.factories import TermsVersionFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TERMS = "/conditions/"


def _login(client, username="someone"):
    return client.post("/connexion/", {"login": username, "password": DEFAULT_PASSWORD})


def shown_fingerprint(client) -> str:
    """The hidden fingerprint of the terms page as the browser gets it."""
    import re

    html = client.get(TERMS).content.decode()
    return re.search(r'name="fingerprint" value="([^"]*)"', html).group(1)


def test_without_published_terms_there_is_nothing_to_accept(client, user):
    TermsVersionFactory(published_at=None)  # a draft
    response = _login(client)
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize(
    "path", ["/tableau-de-bord/", "/mon-compte/", "/admin/", "/compte/email/", "/"]
)
def test_every_route_leads_to_the_terms_until_accepted(client, published_terms, path):
    user = UserFactory(username="someone", staff=True)
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith(TERMS)
    html = response.content.decode()
    assert "Conditions générales d’utilisation" in html
    assert "version 2026-1" in html


def test_first_login_lands_on_the_terms_then_accepting_reaches_the_dashboard(
    client, user, published_terms
):
    response = _login(client)
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{TERMS}?next=%2Ftableau-de-bord%2F"
    response = client.post(
        TERMS,
        {"accept": "on", "next": "/tableau-de-bord/", "fingerprint": shown_fingerprint(client)},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    assert response.url == "/tableau-de-bord/"
    acceptances = TermsAcceptance.objects.filter(user=user)
    assert {a.version for a in acceptances} == set(published_terms)
    assert {a.ip_address for a in acceptances} == {"192.0.2.7"}
    assert {a.language for a in acceptances} == {"fr"}
    assert client.get("/tableau-de-bord/").status_code == 200


def test_accepting_requires_ticking_the_box(client, user, published_terms):
    client.force_login(user)
    response = client.post(
        TERMS, {"next": "/tableau-de-bord/", "fingerprint": shown_fingerprint(client)}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not TermsAcceptance.objects.exists()


def test_an_external_next_is_ignored(client, user, published_terms):
    client.force_login(user)
    response = client.post(
        TERMS,
        {
            "accept": "on",
            "next": "https://evil.example.com/",
            "fingerprint": shown_fingerprint(client),
        },
    )
    assert response.url == "/tableau-de-bord/"


def test_a_new_version_asks_again_even_in_an_open_session(client, user, published_terms):
    client.force_login(user)
    client.post(TERMS, {"accept": "on", "fingerprint": shown_fingerprint(client)})
    assert client.get("/tableau-de-bord/").status_code == 200
    TermsVersionFactory(kind=TermsVersion.Kind.CGU, version="2026-2")
    forget_current_terms()
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "version 2026-2" in html
    assert "version 2026-1" not in html  # the legal notice: accepted, unchanged


def test_declining_logs_out_with_an_explanation(client, user, published_terms):
    client.force_login(user)
    response = client.post(TERMS, {"decline": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert "Vous avez refusé les conditions" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(
        action="accounts.terms_declined", target_id=str(user.pk), actor=user
    ).exists()
    assert not TermsAcceptance.objects.exists()


def test_terms_page_without_pending_terms_goes_on(client, user):
    client.force_login(user)
    assert client.get(TERMS).url == "/tableau-de-bord/"


def test_anonymous_users_are_sent_to_the_login(client, published_terms):
    response = client.get(TERMS)
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_public_legal_pages_stay_readable_before_accepting(client, user, published_terms):
    client.force_login(user)
    assert client.get("/cgu/").status_code == 200
    assert client.get("/mentions-legales/").status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_gate_costs_no_query_once_accepted(
    client, published_terms, django_assert_num_queries, size
):
    users = UserFactory.create_batch(size)
    for version in published_terms:
        for user in users:
            TermsAcceptance.objects.create(
                user=user, version=version, accepted_at=version.published_at, language="fr"
            )
    client.force_login(users[0])
    # Only the dashboard's own queries (user, enrolments, tutored courses,
    # upcoming events, deadlines and extensions; the session comes from the
    # cache): the gate answers from the session and the cache.
    with django_assert_num_queries(6):
        assert client.get(reverse("dashboard")).status_code == 200


def test_only_admins_manage_terms_versions_in_admin(client, coordinator, admin_user):
    client.force_login(coordinator)
    assert client.get("/admin/accounts/termsversion/").status_code == 403
    client.force_login(admin_user)
    assert client.get("/admin/accounts/termsversion/").status_code == 200
    assert client.get("/admin/accounts/termsversion/add/").status_code == 200


def test_admin_publishes_a_version_now(client, admin_user, user):
    draft = TermsVersionFactory(published_at=None, version="2027-1")
    client.force_login(admin_user)
    response = client.post(
        "/admin/accounts/termsversion/",
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None
    client.force_login(user)
    assert client.get("/tableau-de-bord/").url.startswith(TERMS)


@pytest.mark.parametrize("size", [1, 30])
def test_terms_page_query_budget_does_not_grow(client, django_assert_num_queries, size):
    from tests.accounts.factories import TermsVersionFactory as Factory

    for i in range(size):  # older versions of both kinds
        Factory(kind=TermsVersion.Kind.CGU, version=f"2020-{i}", published_at="2020-01-01T00:00Z")
        Factory(kind=TermsVersion.Kind.LEGAL, version=f"2020-{i}", published_at="2020-01-01T00:00Z")
    Factory(kind=TermsVersion.Kind.CGU, version="2026-1")
    forget_current_terms()
    users = UserFactory.create_batch(size)
    client.force_login(users[0])
    # 1 user (the session comes from the cache), 2 current versions, 3 the
    # user's acceptances of them
    with django_assert_num_queries(3):
        assert client.get(TERMS).status_code == 200
