"""Worker-side measurements and the deadline spike (bench/worker_steps.py
calls each function with the site's base URL)."""

import concurrent.futures
import io
import json
import os
import re
import statistics
import time
from pathlib import Path

import requests
from django.core.management import call_command

from bench.payloads import copy_pdf

WORK = Path(os.environ.get("BENCH_WORK", "bench/.work"))
CSRF = "benchcsrftokenbenchcsrftokenbenc"


def _sessions() -> dict:
    return json.loads((WORK / "sessions.json").read_text())


def _headers(base_url: str, session: str) -> dict:
    return {
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "X-Forwarded-Proto": "https",
        "Referer": f"https://{base_url.split('://', 1)[1]}/",
    }


def pdf_calendar(base_url: str) -> dict:
    """Render time of a preparation's PDF calendar at 80 and 320 events (the
    worker's code path; best of 2 runs each)."""
    result = {}
    for events in (80, 320):
        out = io.StringIO()
        call_command("bench_calendar_pdf", events=events, runs=2, stdout=out)
        best = float(re.search(r"best ([\d.]+) s", out.getvalue()).group(1))
        result[f"{events}_events_s"] = best
    result["ratio_320_over_80"] = round(result["320_events_s"] / result["80_events_s"], 2)
    result["linear_or_better"] = result["ratio_320_over_80"] <= 4.0
    return result


def forum_fanout(base_url: str) -> dict:
    """Request time of a reply in a forum with 2,000 immediate subscribers
    who may all read it versus a forum with none (the fan-out runs in the
    worker), and the time until the worker has sent the 2,000 emails."""
    from django.contrib.auth import get_user_model

    from courses.models import Course, Enrolment
    from forums.models import Delivery, Forum, Subscription, Thread

    users = get_user_model()
    busy = Forum.objects.get(course__kind=Course.Kind.FONDAMENTAUX, kind="general")
    quiet = Forum.objects.get(course__kind=Course.Kind.ATELIERS, kind="general")
    Subscription.objects.filter(forum=quiet).update(mode="none")
    Subscription.objects.filter(forum=busy).update(mode="immediate")
    missing = 2000 - Subscription.objects.filter(forum=busy).count()
    if missing > 0:
        extra = users.objects.bulk_create(
            users(username=f"abonne{i:04d}", email=f"abonne{i:04d}@bench.callisto.example.fr")
            for i in range(missing)
        )
        Subscription.objects.bulk_create(
            Subscription(user=u, forum=busy, mode="immediate") for u in extra
        )
        # Readers of the course (producers), so that each subscriber is
        # in the forum's audience and gets the email.
        Enrolment.objects.bulk_create(
            Enrolment(user=u, course_id=busy.course_id, role=Enrolment.Role.PRODUCER) for u in extra
        )
    me = _sessions()["candidates"][0]["session"]
    headers = _headers(base_url, me)
    threads = {}
    for label, forum in (("2000_subscribers", busy), ("no_subscriber", quiet)):
        threads[label] = Thread.objects.filter(forum=forum).first() or Thread.objects.create(
            forum=forum, title="Fil de mesure", author_id=users.objects.first().pk
        )

    def reply(label, i):
        began = time.perf_counter()
        response = requests.post(
            f"{base_url}/forums/sujets/{threads[label].pk}/repondre/",
            data={"body": f"Message de mesure n° {i}"},
            headers=headers,
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 302:
            raise RuntimeError(f"reply answered {response.status_code}")
        return time.perf_counter() - began

    def drained():
        """Seconds until every delivery of the busy thread's last post is
        sent (the worker is idle again), and how many there were."""
        post = threads["2000_subscribers"].posts.order_by("-pk").first()
        began = time.perf_counter()
        while time.perf_counter() - began < 120:
            total = Delivery.objects.filter(post=post).count()
            still = Delivery.objects.filter(post=post, status__in=["pending", "sending"]).count()
            if total and not still:
                break
            time.sleep(0.1)
        return time.perf_counter() - began, total

    # Interleaved, and the next sample waits for the worker to be done with
    # the previous fan-out: each request is timed on its own, not against a
    # worker sending 2,000 emails on the same two cores.
    samples = {"2000_subscribers": [], "no_subscriber": []}
    fanouts, created = [], 0
    for i in range(7):
        samples["no_subscriber"].append(reply("no_subscriber", i))
        samples["2000_subscribers"].append(reply("2000_subscribers", i))
        seconds, created = drained()
        fanouts.append(seconds)
    timings = {label: round(statistics.median(v) * 1000, 1) for label, v in samples.items()}
    return {
        "reply_ms_median_2000_subscribers": timings["2000_subscribers"],
        "reply_ms_median_no_subscriber": timings["no_subscriber"],
        "ratio": round(timings["2000_subscribers"] / timings["no_subscriber"], 2),
        "within_2x": timings["2000_subscribers"] <= 2 * timings["no_subscriber"],
        "worker_deliveries_created": created,
        "worker_fanout_s": round(statistics.median(fanouts), 1),
    }


def deadline_spike(base_url: str) -> dict:
    """200 uploads of a 2 MB PDF copy within one minute by 50 candidates
    (20 at a time); every copy must be stored."""
    from assignments.models import SubmissionFile

    data = _sessions()
    assignment_id = data["spike_assignment"]
    before = SubmissionFile.objects.filter(submission__assignment_id=assignment_id).count()
    payload = copy_pdf()
    candidates = data["candidates"]

    def upload(i):
        me = candidates[i % len(candidates)]["session"]
        began = time.perf_counter()
        response = requests.post(
            f"{base_url}/devoirs/{assignment_id}/deposer/",
            files={"files": (f"copie-{i}.pdf", payload, "application/pdf")},
            headers=_headers(base_url, me),
            allow_redirects=False,
            timeout=120,
        )
        return response.status_code, time.perf_counter() - began

    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(upload, range(200)))
    elapsed = time.perf_counter() - began
    stored = SubmissionFile.objects.filter(submission__assignment_id=assignment_id).count() - before
    durations = sorted(d for _status, d in results)
    return {
        "uploads": len(results),
        "http_errors": sum(1 for status, _d in results if status >= 400),
        "stored": stored,
        "all_stored": stored == len(results),
        "seconds": round(elapsed, 1),
        "p95_ms": round(durations[int(0.95 * len(durations)) - 1] * 1000),
    }
