"""Forums in the browser: a candidate replies and quotes, the other
candidate's unread count moves, a trainer hides a post; axe-core finds no
violation on the forum and thread pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def forum_thread(candidate, other_candidate, trainer, preparation):
    from tests.forums.factories import forum_of, make_thread

    general = forum_of(preparation)
    thread = make_thread(
        general, trainer, "Méthode de la note de synthèse", "Lisez le rapport du jury."
    )
    return general, thread


def test_candidate_replies_and_quotes_then_others_see_it(
    chromium, live_server, candidate, other_candidate, trainer, forum_thread
):
    general, thread = forum_thread
    context = chromium.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")

    page.goto("/forums/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=general.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(general.title)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Méthode de la note de synthèse").click()
    assert axe_violations(page) == []
    page.get_by_label("Message").fill("Merci, je le lis ce soir.")
    page.get_by_role("button", name="Publier la réponse").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre réponse est publiée.")
    expect(page.locator(".forum-post")).to_have_count(2)

    page.get_by_role("link", name="Citer le message de").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Répondre à")
    page.get_by_label("Message").fill("Je reprends ce conseil.")
    page.get_by_role("button", name="Publier la réponse").click()
    quoted = page.locator(".forum-post").nth(2)
    expect(quoted).to_contain_text("a écrit\xa0:")
    expect(quoted).to_contain_text("Lisez le rapport du jury.")
    assert axe_violations(page) == []

    page.goto("/forums/abonnements/")
    page.get_by_role("group", name=general.title).get_by_label("aucun courriel").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status").first).to_contain_text("préférences de courriel")
    assert axe_violations(page) == []
    context.close()

    # The other candidate sees three unread messages, on a phone.
    context = chromium.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in(page, other_candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(general.get_absolute_url())
    expect(page.locator(".thread-row")).to_contain_text("3 non lus")
    page.get_by_role("link", name="3 non lus").click()
    expect(page.locator(".forum-post")).to_have_count(3)
    page.goto(general.get_absolute_url())
    expect(page.locator(".thread-row")).not_to_contain_text("non lu")
    assert axe_violations(page) == []
    context.close()

    # The trainer hides the quoting post; candidates see a placeholder.
    context = chromium.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    log_in(page, trainer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(thread.get_absolute_url())
    page.locator(".forum-post").nth(2).get_by_role("button", name="Masquer").click()
    expect(page.get_by_role("status").first).to_contain_text("Le message est masqué.")
    assert axe_violations(page) == []
    context.close()

    context = chromium.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    log_in(page, other_candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(thread.get_absolute_url())
    expect(page.locator(".forum-post").nth(2)).to_contain_text(
        "Ce message a été masqué par la modération."
    )
    expect(page.locator(".forum-post").nth(2)).not_to_contain_text("Je reprends ce conseil.")
    context.close()
