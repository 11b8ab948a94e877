""" "Forgot your password?" answers the same, in the same time, whether the
address has an account or not: the lookup and the email are a Celery task
(here a real worker), the request only queues it."""

import statistics
import time

import pytest

from core.models import OutboxMessage, OutgoingEmail
from tests.factories import UserFactory

RESET = "/compte/password/reset/"
ROUNDS = 15


@pytest.mark.django_db(transaction=True)
def test_known_and_unknown_addresses_answer_alike_and_only_known_ones_get_mail(
    client, celery_worker_process
):
    known = [UserFactory(username=f"known{i}").email for i in range(ROUNDS + 2)]
    unknown = [f"nobody{i}@example.fr" for i in range(ROUNDS + 2)]
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    answers = set()
    for i in range(ROUNDS + 2):
        for kind, email in (("known", known[i]), ("unknown", unknown[i])):
            # One client address per request: the per-address limit (20 a
            # minute) is not what this test is about.
            address = f"10.1.{i}.{1 if kind == 'known' else 2}"
            start = time.perf_counter()
            response = client.post(RESET, {"email": email}, REMOTE_ADDR=address)
            elapsed = time.perf_counter() - start
            answers.add((response.status_code, response.url))
            if i >= 2:  # the first two rounds warm up
                times[kind].append(elapsed)
    assert answers == {(302, "/compte/password/reset/done/")}
    known_ms = statistics.median(times["known"]) * 1000
    unknown_ms = statistics.median(times["unknown"]) * 1000
    print(f"median reset answer: known {known_ms:.1f} ms, unknown {unknown_ms:.1f} ms")
    # A tolerance, not a speed limit: the two medians are within 5 ms or 25 %.
    assert abs(known_ms - unknown_ms) <= max(5.0, 0.25 * min(known_ms, unknown_ms)), (
        known_ms,
        unknown_ms,
    )
    # The request path queued one task for each, and wrote no email itself.
    assert OutboxMessage.objects.filter(task_name="accounts.tasks.send_password_reset").count() == (
        2 * (ROUNDS + 2)
    )
    # The worker sent the links to the known addresses only.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = OutgoingEmail.objects.filter(template="accounts/emails/password_reset")
        if sent.count() >= len(known):
            break
        time.sleep(0.5)
    recipients = sorted(address for email in sent for address in email.to)
    assert recipients == sorted(known)
    body = sent.first().body
    assert "Choisissez un nouveau mot de passe" in body or "mot de passe" in body
