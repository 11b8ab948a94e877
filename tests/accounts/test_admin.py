import pytest
from django.core import mail

from accounts.models import User
from core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


@pytest.fixture
def candidate(centre):
    return UserFactory(username="candidate-a", centre=centre)


@pytest.fixture
def other_candidate(other_centre):
    return UserFactory(username="candidate-b", centre=other_centre)


def test_coordinator_lists_only_their_centres_people(
    client, coordinator, candidate, other_candidate
):
    client.force_login(coordinator)
    response = client.get(USERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "candidate-a" in html
    assert "candidate-b" not in html
    assert "admin-national" not in html
    # The centre filter names no other centre.
    assert "CRFCB B" not in html


def test_another_centres_candidate_is_404_by_url(client, coordinator, other_candidate):
    client.force_login(coordinator)
    for suffix in ("change/", "history/", "delete/", "password/"):
        response = client.get(f"{USERS}{other_candidate.pk}/{suffix}")
        assert response.status_code == 404, suffix
    response = client.post(
        f"{USERS}{other_candidate.pk}/change/",
        {"username": "pirate", "first_name": "x", "last_name": "y", "email": "p@example.fr"},
    )
    assert response.status_code == 404
    other_candidate.refresh_from_db()
    assert other_candidate.username == "candidate-b"


def test_actions_and_exports_ignore_another_centres_rows(
    client, coordinator, candidate, other_candidate, django_capture_on_commit_callbacks
):
    # Accounts not activated yet (activation is only for them).
    for person in (candidate, other_candidate):
        person.set_unusable_password()
        person.save()
    client.force_login(coordinator)
    ids = [candidate.pk, other_candidate.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(USERS, {"action": "send_activation", "_selected_action": ids})
    assert [m.to for m in mail.outbox] == [[candidate.email]]
    client.post(USERS, {"action": "deactivate", "_selected_action": ids})
    other_candidate.refresh_from_db()
    candidate.refresh_from_db()
    assert other_candidate.is_active
    assert not candidate.is_active
    response = client.post(USERS, {"action": "export_csv", "_selected_action": ids})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "candidate-a" in body
    assert "candidate-b" not in body


def test_coordinator_of_another_centre_sees_nothing_of_this_one(
    client, other_coordinator, candidate
):
    client.force_login(other_coordinator)
    assert "candidate-a" not in client.get(USERS).content.decode()
    assert client.get(f"{USERS}{candidate.pk}/change/").status_code == 404


def test_deactivation_keeps_an_audit_trail_and_shows_it(client, coordinator, candidate):
    client.force_login(coordinator)
    client.post(USERS, {"action": "deactivate", "_selected_action": [candidate.pk]})
    event = AuditEntry.objects.get(
        action="accounts.deactivated", target_type="accounts.user", target_id=str(candidate.pk)
    )
    assert event.actor == coordinator
    html = client.get(f"{USERS}{candidate.pk}/change/").content.decode()
    assert "Compte désactivé" in html
    assert "Mode de dernière connexion" in html


def test_coordinator_creates_a_candidate_of_their_centre_without_password(
    client, coordinator, centre, other_centre, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    form = client.get(f"{USERS}add/").content.decode()
    assert "CRFCB B" not in form
    assert 'name="password1"' not in form
    data = {
        "username": "nouvelle",
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "email": "nina@example.fr",
        "centre": centre.pk,
        "send_activation": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{USERS}add/", data)
    assert response.status_code == 302
    user = User.objects.get(username="nouvelle")
    assert not user.has_usable_password()
    assert user.centre == centre
    assert not user.is_staff
    (message,) = mail.outbox
    assert message.to == ["nina@example.fr"]
    assert AuditEntry.objects.filter(
        action="accounts.created", target_id=str(user.pk), actor=coordinator
    ).exists()


def test_coordinator_cannot_create_an_account_in_another_centre(client, coordinator, other_centre):
    client.force_login(coordinator)
    data = {
        "username": "intrus",
        "email": "intrus@example.fr",
        "centre": other_centre.pk,
    }
    response = client.post(f"{USERS}add/", data)
    assert response.status_code == 200  # the form refuses the centre
    assert not User.objects.filter(username="intrus").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"username": "", "email": "x@example.fr"},
        {"username": "doublon", "email": "someone@example.fr"},
        {"username": "sans-adresse", "email": ""},
    ],
)
def test_account_creation_with_bad_input_changes_nothing(client, coordinator, centre, user, data):
    client.force_login(coordinator)
    before = User.objects.count()
    response = client.post(f"{USERS}add/", {**data, "centre": centre.pk})
    assert response.status_code == 200
    assert User.objects.count() == before


def test_coordinator_cannot_promote_to_staff(client, coordinator, candidate):
    client.force_login(coordinator)
    client.post(
        f"{USERS}{candidate.pk}/change/",
        {
            "username": "candidate-a",
            "first_name": "A",
            "last_name": "B",
            "display_name": "",
            "email": "candidate-a@example.fr",
            "centre": candidate.centre_id,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    candidate.refresh_from_db()
    assert not candidate.is_staff
    assert not candidate.is_superuser
    assert candidate.first_name == "A"


def test_candidates_and_tutors_have_no_admin(client, user):
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_admin_sees_everyone(client, admin_user, candidate, other_candidate):
    client.force_login(admin_user)
    html = client.get(USERS).content.decode()
    assert "candidate-a" in html
    assert "candidate-b" in html


@pytest.mark.parametrize("size", [2, 30])
def test_user_list_query_budget_does_not_grow(
    client, coordinator, centre, django_assert_num_queries, size
):
    UserFactory.create_batch(size, centre=centre)
    client.force_login(coordinator)
    # 1 user (the session comes from the cache), 2 coordinated centres
    # (memoised on the request), 3 centres for the centre filter, 4 filtered
    # count, 5 total count, 6-7 the user's and groups' permissions (other
    # apps' admin entries in the sidebar), 8 the page of users with their centre.
    with django_assert_num_queries(8):
        assert client.get(USERS).status_code == 200


def test_coordinator_cannot_touch_a_fellow_staff_account_of_their_centre(
    client, coordinator, centre
):
    fellow = UserFactory(username="coordinator-a2", staff=True, centre=centre)
    client.force_login(coordinator)
    assert "coordinator-a2" not in client.get(USERS).content.decode()
    assert client.get(f"{USERS}{fellow.pk}/change/").status_code == 404
    client.post(USERS, {"action": "deactivate", "_selected_action": [fellow.pk]})
    fellow.refresh_from_db()
    assert fellow.is_active
