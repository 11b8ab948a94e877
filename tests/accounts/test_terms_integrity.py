"""Terms as evidence: an accepted version cannot be changed (a change is a
new version), and each acceptance keeps the SHA-256 of the exact text shown,
checked against the fingerprint the form posted."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import TermsAcceptance, TermsVersion
from accounts.selectors import forget_current_terms
from tests.accounts.factories import TermsVersionFactory

pytestmark = pytest.mark.django_db

TERMS = "/conditions/"
ADMIN = "/admin/accounts/termsversion/"


def _fingerprint(html: str) -> str:
    return re.search(r'name="fingerprint" value="([^"]*)"', html).group(1)


def _accept(client, user):
    client.force_login(user)
    fingerprint = _fingerprint(client.get(TERMS).content.decode())
    return client.post(TERMS, {"accept": "on", "fingerprint": fingerprint})


def test_each_acceptance_stores_the_sha256_of_the_text_shown(client, user, published_terms):
    assert _accept(client, user).status_code == 302
    for acceptance in TermsAcceptance.objects.filter(user=user).select_related("version"):
        expected = hashlib.sha256(acceptance.version.text.encode("utf-8")).hexdigest()
        assert acceptance.text_sha256 == expected


def test_a_text_changed_while_reading_is_shown_again_and_nothing_is_recorded(
    client, user, published_terms
):
    client.force_login(user)
    old = _fingerprint(client.get(TERMS).content.decode())
    cgu = published_terms[0]
    cgu.text = "Article 1. Un texte tout autre, publié entre-temps."
    cgu.save()  # nobody accepted it yet: still editable
    forget_current_terms()
    response = client.post(TERMS, {"accept": "on", "fingerprint": old})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les conditions ont changé pendant votre lecture" in html
    assert "Un texte tout autre, publié entre-temps." in html
    assert not TermsAcceptance.objects.exists()
    # The page now carries the new fingerprint: accepting it works.
    new = _fingerprint(html)
    assert new != old
    response = client.post(TERMS, {"accept": "on", "fingerprint": new})
    assert response.status_code == 302
    stored = TermsAcceptance.objects.get(user=user, version=cgu).text_sha256
    assert stored == hashlib.sha256(cgu.text.encode()).hexdigest()


@pytest.mark.parametrize("fingerprint", ["", "1:abc", "x" * 3000])
def test_a_missing_or_forged_fingerprint_records_nothing(
    client, user, published_terms, fingerprint
):
    client.force_login(user)
    response = client.post(TERMS, {"accept": "on", "fingerprint": fingerprint})
    assert response.status_code == 200
    assert not TermsAcceptance.objects.exists()


def test_an_accepted_version_cannot_be_changed_by_code(client, user, published_terms):
    _accept(client, user)
    cgu = TermsVersion.objects.get(pk=published_terms[0].pk)
    cgu.text = "Réécrit après coup."
    with pytest.raises(ValidationError):
        cgu.save()
    cgu.refresh_from_db()
    assert cgu.text != "Réécrit après coup."


def test_an_accepted_version_is_read_only_in_admin(client, user, admin_user, published_terms):
    _accept(client, user)
    _accept(client, admin_user)  # the admin is asked too
    cgu = published_terms[0]
    response = client.get(f"{ADMIN}{cgu.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette version a été acceptée" in html
    assert 'name="text"' not in html
    # A forged post changes nothing.
    client.post(
        f"{ADMIN}{cgu.pk}/change/",
        {
            "kind": "cgu",
            "version": "2026-1",
            "text": "Réécrit.",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    cgu.refresh_from_db()
    assert cgu.text != "Réécrit."
    # Publishing it again is refused with a message, not an error.
    response = client.post(
        ADMIN, {"action": "publish_now", "_selected_action": [cgu.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "Cette version a été acceptée" in response.content.decode()


def test_a_version_nobody_accepted_stays_editable_in_admin(client, admin_user):
    draft = TermsVersionFactory(published_at=None, version="2027-1")
    client.force_login(admin_user)
    html = client.get(f"{ADMIN}{draft.pk}/change/").content.decode()
    assert 'name="text"' in html
    assert draft.text_sha256 in html
