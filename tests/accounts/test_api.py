import pytest
from django.core import mail

from accounts import api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_api_exposes_what_other_apps_need(coordinator, centre, other_centre, admin_user):
    assert list(api.centres_coordinated_by(coordinator)) == [centre]
    assert set(api.centres_coordinated_by(admin_user)) == {centre, other_centre}
    assert api.is_coordinator(coordinator)
    candidate = UserFactory(username="c", centre=centre, password=None)  # not activated yet
    assert list(api.users_managed_by(coordinator)) == [candidate]
    assert api.preferences_for(candidate).forum_mode == "immediate"
    assert issubclass(api.CentreScopedAdminMixin, object)


def test_send_activation_goes_out_after_commit(centre, django_capture_on_commit_callbacks):
    candidate = UserFactory(username="c", centre=centre, password=None)  # not activated yet
    with django_capture_on_commit_callbacks(execute=True):
        api.send_activation(candidate)
    assert [m.to[0] for m in mail.outbox] == ["c@example.fr"]
