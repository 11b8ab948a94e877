"""Two candidates for the last place of a workshop (issue 19): the lock on
the event row serialises them. Real transactions in two threads, so it
cannot share test_trainer_workshops.py's module world; the role fixtures
of tests/conftest.py as they are."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from calendar_app import services
from tests.calendar_app.test_trainer_workshops import TODAY, _at, _schedule


@pytest.fixture
def ateliers_trainer(other_trainer):
    """``other_trainer`` teaches Les Ateliers only."""
    return other_trainer


@pytest.mark.django_db(transaction=True)
def test_two_candidates_for_the_last_place_get_one_place(
    django_db_blocker, ateliers_trainer, courses, candidate, other_candidate
):
    (event,) = _schedule(ateliers_trainer, courses, count=1, capacity=1)
    barrier = threading.Barrier(2)
    outcomes = {}

    def register_one(user):
        try:
            # Both transactions read "0 of 1 taken" if nothing serialises
            # them: the lock on the event row does.
            barrier.wait(timeout=10)
            services.workshop_register(actor=user, event=event)
            outcomes[user.pk] = "registered"
        except ValidationError as exc:
            outcomes[user.pk] = exc.messages[0]
        except Exception as exc:  # reported by the assertion below, not lost in the thread
            outcomes[user.pk] = repr(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=register_one, args=(u,)) for u in (candidate, other_candidate)
    ]
    # One patch for both threads: mock.patch entered and left in each thread
    # restores the clocks in the wrong order and can leave one patched.
    with _at(TODAY):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["Cet atelier est complet.", "registered"]
    assert event.registrations.active().count() == 1
