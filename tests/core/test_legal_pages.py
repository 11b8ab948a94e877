"""The legal and help pages are written in Markdown (core.legal_content,
then "Pages statiques" in admin) and shown as structured, sanitised HTML."""

import re
from html import unescape

import pytest
from django.contrib.flatpages.models import FlatPage
from django.urls import reverse

from core.legal_content import PAGES
from tests.core.test_french import typography_problems

pytestmark = pytest.mark.django_db


def _article(client, name):
    html = client.get(reverse(name)).content.decode()
    return html[html.index('<article class="legal-page">') : html.index("</article>")]


def _texts(tag, html):
    found = re.findall(rf"<{tag}>(.*?)</{tag}>", html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in found]


def test_terms_show_headings_paragraphs_and_a_list(client):
    article = _article(client, "terms")
    assert _texts("h2", article) == [
        "Objet",
        "Accès au service",
        "Engagements de l’utilisateur",
        "Modération",
        "Évolution des conditions",
    ]
    items = _texts("li", article)
    assert items[0] == "rendre des copies dont vous êtes l’auteur ou l’autrice\u202f;"
    assert len(items) == 3 and article.count("<ul>") == 1
    assert "<p>Les présentes conditions générales d’utilisation (CGU)" in article
    assert "##" not in article and "\n- " not in article


def test_accessibility_statement_has_its_sections_and_sub_sections(client):
    article = _article(client, "accessibility")
    assert "État de conformité" in _texts("h2", article)
    assert _texts("h3", article)[:2] == [
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
    ]
    assert "<strong>partiellement conforme</strong>" in article
    assert "appeler le 09 69 39 00 00\u202f;" in _texts("li", article)
    assert (
        '<a href="mailto:accessibilite@callisto.example.fr" rel="noopener noreferrer">'
        "accessibilite@callisto.example.fr</a>" in article
    )


@pytest.mark.parametrize("name", ["legal_notice", "privacy", "help"])
def test_each_page_has_headings_and_paragraphs(client, name):
    article = _article(client, name)
    assert len(_texts("h2", article)) >= 2
    assert article.count("<p>") >= 2


def test_privacy_lists_the_data_processed(client):
    items = _texts("li", _article(client, "privacy"))
    assert items[-1] == "journaux de connexion\xa0: sécurité du service."


def test_an_edit_in_admin_is_sanitised(client):
    FlatPage.objects.filter(url="/aide/").update(
        content="## Nouvelle aide\n\n<script>alert(1)</script>\n\n"
        '<p onclick="alert(2)">Texte</p>\n\n[piège](javascript:alert(3))'
    )
    article = _article(client, "help")
    assert "<h2>Nouvelle aide</h2>" in article
    assert "<p>Texte</p>" in article
    assert "script" not in article and "onclick" not in article and "javascript" not in article


def test_a_page_still_in_html_keeps_its_structure(client):
    FlatPage.objects.filter(url="/aide/").update(
        content="<h2>Se connecter</h2>\n<p>Avec votre identifiant.</p>\n"
        "<ul><li>un</li><li>deux</li></ul>"
    )
    article = _article(client, "help")
    assert "<h2>Se connecter</h2>" in article
    assert _texts("li", article) == ["un", "deux"]


@pytest.mark.parametrize(("url", "title", "text"), PAGES, ids=[p[0] for p in PAGES])
def test_page_text_follows_french_typography(url, title, text):
    # Link targets are addresses, not prose.
    prose = re.sub(r"\]\([^)]*\)", "]", text)
    assert typography_problems(title) == []
    assert typography_problems(prose) == []
