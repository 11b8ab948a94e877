"""The candidate's contacts and "Signaler une difficulté / demander un
entretien" (issue 18): who the responsable pédagogique is, a request that
reaches them (and the tutor), tracked in their admin until handled."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import AuditEntry
from courses.models import SupportRequest
from courses.services import support_request_create, support_request_mark_handled
from tests.factories import UserFactory
from tests.mail_helpers import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(candidate):
    return candidate.registrations.get()


def support_url(registration):
    return reverse("courses:support_request", args=[registration.pk])


def test_my_courses_and_dashboard_name_the_responsable_and_the_tutor(
    client, candidate, registration, coordinator, tutor
):
    coordinator.first_name, coordinator.last_name = "Marc", "Lefèvre"
    coordinator.save()
    UserFactory(first_name="Ancien", last_name="Responsable", is_active=False, staff=True)
    registration.preparation.centre.coordinators.add(
        UserFactory(first_name="Ancien", last_name="Parti", is_active=False)
    )
    tutor.first_name, tutor.last_name = "Julien", "Moreau"
    tutor.save()
    client.force_login(candidate)
    for url in (reverse("courses:my_courses"), reverse("dashboard")):
        page = client.get(url).content.decode()
        assert "Responsable pédagogique" in page, url
        assert "Marc Lefèvre" in page
        assert "Ancien Parti" not in page  # an inactive coordinator is nobody's contact
        assert "CRFCB A" in page
        assert "mailto:centre-a@example.fr" in page
        assert "Votre tuteur" in page and "Julien Moreau" in page
        assert support_url(registration) in page


def test_a_regional_candidate_has_no_tutor_shown(client, candidate_other_centre, other_coordinator):
    client.force_login(candidate_other_centre)
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert "CRFCB B" in page
    assert "Votre tuteur" not in page


def test_a_request_reaches_the_coordinators_the_centre_and_the_tutor(
    client, candidate, registration, coordinator, tutor
):
    client.force_login(candidate)
    page = client.get(support_url(registration)).content.decode()
    assert "Signaler une difficulté / demander un entretien" in page
    assert 'type="radio"' in page and "form-check-input" in page  # crispy's styling
    response = client.post(
        support_url(registration),
        {"kind": "interview", "message": "  Pourrions-nous faire le point mardi ?  "},
    )
    assert response.status_code == 302
    assert response.url == reverse("courses:my_courses")
    request = SupportRequest.objects.get()
    assert request.registration == registration
    assert (request.kind, request.status) == ("interview", "open")
    assert request.message == "Pourrions-nous faire le point mardi ?"
    assert AuditEntry.objects.filter(
        action="courses.support_request.interview", actor=candidate
    ).exists()
    recipients = sorted(address for message in outbox() for address in message.to)
    assert recipients == sorted([coordinator.email, "centre-a@example.fr", tutor.email])
    message = next(m for m in outbox() if m.to == [coordinator.email])
    assert message.subject == f"Demande d’entretien de {candidate.get_display_name()}"
    assert "demande un entretien" in message.body
    assert "Pourrions-nous faire le point mardi ?" in message.body
    assert f"/admin/courses/supportrequest/{request.pk}/change/" in message.body
    tutor_message = next(m for m in outbox() if m.to == [tutor.email])
    assert "en tant que tuteur" in tutor_message.body


def test_bad_input_is_refused_in_french_and_nothing_is_saved(client, candidate, registration):
    client.force_login(candidate)
    for data in (
        {"kind": "difficulty", "message": "   "},
        {"kind": "autre", "message": "Bonjour"},
        {"kind": "difficulty", "message": "x" * 5001},
        {"kind": "difficulty"},
    ):
        response = client.post(support_url(registration), data)
        assert response.status_code == 200, data
        assert "is-invalid" in response.content.decode() or "invalid-feedback" in (
            response.content.decode()
        )
    assert not SupportRequest.objects.exists()


def test_only_the_registrations_candidate_may_file(
    client, registration, other_candidate, other_coordinator, coordinator, tutor
):
    for someone in (other_candidate, other_coordinator, coordinator, tutor):
        client.force_login(someone)
        assert client.get(support_url(registration)).status_code == 404
        response = client.post(support_url(registration), {"kind": "difficulty", "message": "?"})
        assert response.status_code == 404
    assert not SupportRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        support_request_create(
            actor=other_candidate, registration=registration, kind="difficulty", message="x"
        )


def test_a_closed_registration_is_refused(client, candidate, registration):
    registration.status = "withdrawn"
    registration.save()
    client.force_login(candidate)
    response = client.post(support_url(registration), {"kind": "difficulty", "message": "Aide"})
    assert response.status_code == 403
    assert not SupportRequest.objects.exists()


def test_the_withdrawal_page_offers_the_request_again(client, candidate, registration):
    client.force_login(candidate)
    page = client.get(reverse("courses:withdraw", args=[registration.pk])).content.decode()
    assert support_url(registration) in page
    assert "Signaler une difficulté / demander un entretien" in page


# --- The coordinator's admin ---------------------------------------------------


@pytest.fixture
def requests(registration, candidate_other_centre):
    mine = support_request_create(
        actor=registration.candidate,
        registration=registration,
        kind="difficulty",
        message="Je n’arrive pas à ouvrir le devoir.",
    )
    theirs = support_request_create(
        actor=candidate_other_centre,
        registration=candidate_other_centre.registrations.get(),
        kind="interview",
        message="Un entretien, s’il vous plaît.",
    )
    return mine, theirs


LIST = "/admin/courses/supportrequest/"


def test_coordinator_lists_the_open_requests_of_their_centre_only(
    client, coordinator, other_coordinator, requests
):
    mine, theirs = requests
    client.force_login(coordinator)
    shown = {r.pk for r in client.get(LIST).context["cl"].result_list}
    assert shown == {mine.pk}
    assert client.get(f"{LIST}{mine.pk}/change/").status_code == 200
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code == 404
    client.force_login(other_coordinator)
    shown = {r.pk for r in client.get(LIST).context["cl"].result_list}
    assert shown == {theirs.pk}


def test_mark_handled_closes_the_request_with_an_audit_row(client, coordinator, requests):
    mine, theirs = requests
    client.force_login(coordinator)
    response = client.post(
        LIST,
        {"action": "mark_handled", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert "1 demande marquée comme traitée." in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.handled_by, theirs.status) == ("handled", coordinator, "open")
    assert mine.handled_at is not None
    assert AuditEntry.objects.filter(
        action="courses.support_request.handled", actor=coordinator, target_id=str(mine.pk)
    ).exists()
    # Handled: off the to-do list, still in the history.
    assert not client.get(LIST).context["cl"].result_list
    assert [r.pk for r in client.get(LIST + "?etat=all").context["cl"].result_list] == [mine.pk]


def test_another_centres_coordinator_cannot_handle_a_request(other_coordinator, requests):
    mine, _theirs = requests
    with pytest.raises(PermissionDenied):
        support_request_mark_handled(actor=other_coordinator, support_request=mine)
    mine.refresh_from_db()
    assert mine.status == "open"
