import pytest
from django.core import mail

from accounts.services import user_send_activation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_activation_email_in_french_carries_a_one_time_link_and_no_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(username="lea", first_name="Léa", last_name="Roux")
    user.set_unusable_password()
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        user_send_activation(actor=None, user=user)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Votre compte Callisto est prêt"
    assert "Bonjour Léa Roux," in message.body
    assert "mot de passe" in message.body.lower()
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/choisir/" in line)
    path = link.split("127.0.0.1:8000", 1)[1].strip()
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "une phrase de passe solide",
            "new_password2": "une phrase de passe solide",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("une phrase de passe solide")
    # The link works once.
    client.logout()
    assert client.get(path, follow=True).context["validlink"] is False
