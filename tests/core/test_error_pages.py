"""Error pages as a user meets them in production (DEBUG off): French, in the
site's layout, with a way back; and the CSRF failure page."""

import pytest
from django.test import Client
from django.urls import reverse

STYLESHEETS = (
    'href="/static/vendor/bootstrap/css/bootstrap.min.css"',
    'href="/static/css/callisto.css"',
)


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False  # Django's debug pages otherwise


def _assert_site_page(response, status: int, *texts: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="fr">' in html
    for stylesheet in STYLESHEETS:
        assert stylesheet in html
    for text in texts:
        assert text in html
    assert f'href="{reverse("help")}"' in html
    assert "INVALID[" not in html  # every variable of the layout was there
    assert "'self'" in response["Content-Security-Policy"]
    return html


@pytest.mark.django_db
def test_unknown_address_is_a_french_404_for_anonymous_people_not_a_login(client):
    response = client.get("/pas-une-page/")
    html = _assert_site_page(response, 404, "Page introuvable", "Erreur 404")
    assert f'href="{reverse("home")}"' in html
    assert "Revenir à l’accueil" in html


@pytest.mark.django_db
def test_unknown_address_offers_the_dashboard_to_a_logged_in_person(client, user):
    client.force_login(user)
    html = _assert_site_page(client.get("/pas-une-page/"), 404, "Page introuvable")
    assert f'href="{reverse("dashboard")}"' in html
    assert "Aller à mon tableau de bord" in html


@pytest.mark.django_db
def test_missing_object_behind_a_login_is_the_404_page_for_a_logged_in_person(client, user):
    client.force_login(user)
    response = client.get(reverse("my_data_download", args=[999999]))
    _assert_site_page(response, 404, "Page introuvable")


@pytest.mark.django_db
def test_anonymous_person_is_sent_to_login_before_learning_whether_an_object_exists(client):
    response = client.get(reverse("my_data_download", args=[999999]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
def test_forbidden_action_is_a_french_403_with_its_reason(client):
    response = client.get("/essai/interdit/")
    _assert_site_page(
        response,
        403,
        "Accès refusé",
        "Erreur 403",
        "Cette activité n’est pas encore ouverte.",
        "responsable pédagogique",
    )


@pytest.mark.django_db
def test_request_for_an_unknown_host_is_a_french_400(client):
    response = client.get("/", HTTP_HOST="ailleurs.example.com")
    html = _assert_site_page(response, 400, "Requête incorrecte", "Erreur 400")
    assert f'href="{reverse("home")}"' in html


@pytest.mark.urls("tests.core.error_urls")
def test_server_error_page_renders_without_the_database():
    # No database fixture: any query made while rendering the page would fail.
    client = Client(raise_request_exception=False)
    response = client.get("/essai/panne/")
    html = _assert_site_page(response, 500, "Erreur 500", "Une erreur s’est produite de notre côté")
    assert f'href="{reverse("home")}"' in html


@pytest.mark.django_db
def test_form_sent_without_a_valid_token_gets_the_french_expired_form_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    referer = "http://testserver" + reverse("my_data")
    response = client.post(reverse("my_data"), {"action": "export"}, HTTP_REFERER=referer)
    html = _assert_site_page(response, 403, "Le formulaire a expiré", "cookies")
    assert f'href="{referer}"' in html
    assert "Revenir à la page" in html
    assert f'href="{reverse("dashboard")}"' in html
    from core.models import DataExport

    assert not DataExport.objects.exists()  # nothing was done


@pytest.mark.django_db
def test_expired_login_form_links_back_to_itself_not_to_another_site(client):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"),
        {"login": "camille", "password": "whatever"},
        HTTP_REFERER="https://ailleurs.example.com/piege/",
    )
    html = _assert_site_page(response, 403, "Le formulaire a expiré")
    assert f'href="{reverse("login")}"' in html
    assert "ailleurs.example.com" not in html


def test_layout_renders_with_no_context_at_all():
    """Django renders 400.html and 500.html with an empty context: the base
    layout must not need the user, the request or the menus."""
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "Erreur 500" in html
    assert "INVALID[" not in html
