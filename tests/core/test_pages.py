import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEGAL_PAGES = [
    ("legal_notice", "Mentions légales"),
    ("terms", "Conditions générales d’utilisation"),
    ("privacy", "Données personnelles"),
    ("help", "Aide"),
    ("accessibility", "Déclaration d’accessibilité"),
    ("sitemap", "Plan du site"),
]


def test_home_page_is_public_and_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Aller au contenu principal" in html
    assert 'href="#contenu"' in html
    assert "Préparez les concours des bibliothèques avec Callisto" in html


def test_every_page_has_the_footer_links(client):
    html = client.get("/").content.decode()
    for name, _title in LEGAL_PAGES:
        assert f'href="{reverse(name)}"' in html
    assert "Accessibilité\xa0: partiellement conforme" in html


@pytest.mark.parametrize(("name", "title"), LEGAL_PAGES)
def test_legal_pages_are_public(client, name, title):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_accessibility_page_has_the_shape_rgaa_asks_for(client):
    html = client.get(reverse("accessibility")).content.decode()
    for heading in (
        "État de conformité",
        "partiellement conforme",
        "Environnement de test",
        "Retour d’information et contact",
        "Voies de recours",
        "Défenseur des droits",
    ):
        assert heading in html


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logged_in_user_reaches_dashboard_with_menu(client, user):
    client.force_login(user)
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Tableau de bord" in html
    assert "Se déconnecter" in html


def test_login_by_username_then_by_email_any_case(client, user):
    response = client.post(
        reverse("login"), {"login": "someone", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("login"), {"login": "SomeOne@Example.FR", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302


def test_wrong_password_gives_a_french_error(client, user):
    response = client.post(reverse("login"), {"login": "someone", "password": "faux"})
    assert response.status_code == 200
    assert "Connexion refusée" in response.content.decode()


def test_logout_is_post_only(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_health_reports_every_service(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    # Unit tests run tasks eagerly: no beat or worker is expected (the real
    # ones are checked in tests/core/test_operations.py).
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {
            "database": "ok",
            "cache": "ok",
            "broker": "ok",
            "beat": "eager",
            "queue:default": "eager",
            "queue:emails": "eager",
            "queue:pdf": "eager",
        },
        "heartbeat_ages": {
            "beat": None,
            "queue:default": None,
            "queue:emails": None,
            "queue:pdf": None,
        },
    }


def test_health_for_load_balancers_asks_only_what_a_web_node_needs(client):
    response = client.get("/sante/?web")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


def test_health_is_503_when_the_cache_is_down(client):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=broken):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert response.json()["failing"] == ["cache"]


def test_health_is_503_when_the_broker_is_down(client):
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"
    assert response.json()["failing"] == ["broker"]


@pytest.mark.parametrize("size", [1, 40])
def test_dashboard_query_budget_does_not_grow(client, django_assert_num_queries, size):
    from tests.factories import UserFactory

    users = UserFactory.create_batch(size)
    client.force_login(users[0])
    # 1 user (the session comes from the cache), 2 course enrolments,
    # 3 tutored courses (courses.views.dashboard), then
    # calendar_app.api.upcoming_for: 4 the ids of the courses they read,
    # 5 upcoming events, 6 assignment deadlines with the candidate's
    # extensions (assignments.api.deadlines_for)
    with django_assert_num_queries(6):
        assert client.get(reverse("dashboard")).status_code == 200


def test_menu_shows_each_person_the_entries_of_their_roles(
    client, candidate, tutor, trainer, candidate_other_centre
):
    def menu(user):
        client.force_login(user)
        html = client.get(reverse("dashboard")).content.decode()
        return {
            "grading": 'href="/devoirs/a-corriger/"' in html,
            # The tutor's board, or the candidate's questions to their tutor
            # (the board only sent candidates on to them).
            "tutoring": 'href="/tutorat/"' in html or 'href="/tutorat/questions/"' in html,
        }

    assert menu(trainer) == {"grading": True, "tutoring": False}
    assert menu(tutor) == {"grading": False, "tutoring": True}
    assert menu(candidate) == {"grading": False, "tutoring": True}  # has a tutor
    assert menu(candidate_other_centre) == {"grading": False, "tutoring": False}
