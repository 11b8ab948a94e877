"""In Chromium through the real WSGI server: a file too large for the page
is refused with the French 413 page, accessible, and the view never runs."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config import urls as project_urls
from tests.e2e.conftest import axe_violations

FORM = engines["django"].from_string(
    """{% extends "base.html" %}
{% block title %}Dépôt d’essai{% endblock %}
{% block content %}
  <h1>Dépôt d’essai</h1>
  {% if received %}<p role="status">Fichier reçu.</p>{% endif %}
  <form method="post" enctype="multipart/form-data">
    {% csrf_token %}
    <label class="form-label" for="id_file">Fichier</label>
    <input class="form-control" type="file" name="file" id="id_file">
    <button class="btn btn-primary mt-2" type="submit">Envoyer</button>
  </form>
{% endblock %}"""
)
RECEIVED = []


@login_not_required
def upload_form(request):
    if request.method == "POST":
        RECEIVED.append(sorted(request.FILES))
    return HttpResponse(FORM.render({"received": request.method == "POST"}, request))


urlpatterns = [path("essai-depot/", upload_form), *project_urls.urlpatterns]


@pytest.mark.browser
@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_too_large_file_gets_the_french_413_page_and_nothing_runs(page, settings):
    RECEIVED.clear()
    settings.UPLOAD_LIMITS = {"/essai-depot/": 4096}
    page.goto("/essai-depot/")
    page.get_by_label("Fichier").set_input_files(
        {"name": "copie.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"x" * 8000}
    )
    page.get_by_role("button", name="Envoyer").click()

    assert page.get_by_role("heading", name="Envoi refusé").is_visible()
    assert "Rien n’a été enregistré" in page.content()
    assert RECEIVED == []
    assert axe_violations(page) == []
    # The browser reports the 413 status itself; that one is expected.
    page.console_errors[:] = [e for e in page.console_errors if "status of 413" not in e]

    page.get_by_role("link", name="Revenir au formulaire").click()
    page.get_by_label("Fichier").set_input_files(
        {"name": "copie.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 petit"}
    )
    page.get_by_role("button", name="Envoyer").click()
    assert page.get_by_role("status").inner_text() == "Fichier reçu."
    assert RECEIVED == [["file"]]
