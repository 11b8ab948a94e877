"""Build the benchmark data set and the logged-in sessions the load test
uses (written to a JSON file)."""

import json
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from bench.generate import generate

SESSIONS_PER_ROLE = 50


def make_session(user) -> str:
    """A logged-in session for ``user``, as the login view would store it
    (logins are measured apart, in the login-storm step)."""
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


class Command(BaseCommand):
    help = "Generate the benchmark data set (into an empty, migrated database)."

    def add_arguments(self, parser):
        parser.add_argument("--sessions", default="bench/.work/sessions.json")

    def handle(self, *args, sessions, **options):
        started = time.perf_counter()
        data = generate(stdout=self.stdout)
        rng = data["rng"]
        candidates = rng.sample(data["candidates"], SESSIONS_PER_ROLE)
        tutored = {r.candidate_id: r for r in data["registrations"] if r.tutor_id}
        courses = {c.pk: c for c in data["courses"]}
        out = {
            "candidates": [
                {
                    "session": make_session(user),
                    "courses": [courses[cid].slug for cid in data["enrolled_courses"][user.pk]],
                    "activities": [
                        a
                        for cid in data["enrolled_courses"][user.pk]
                        for a in data["activities_by_course"][cid][:60]
                    ],
                    "tutored": user.pk in tutored,
                    "tick": data["activities_by_course"][data["enrolled_courses"][user.pk][0]][:60],
                    **data.get("candidate_extra", {}).get(user.pk, {}),
                }
                for user in candidates
            ],
            "tutors": [{"session": make_session(user)} for user in data["tutors"]],
            "trainers": [{"session": make_session(user)} for user in data["trainers"]],
            "login_users": [user.username for user in data["candidates"][:200]],
            "tick_path": "coche/",
            "counts": data["counts"],
            "password": "bench-password-not-secret",
            **data.get("extra_out", {}),
        }
        path = Path(sessions)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out))
        self.stdout.write(f"bench data ready in {time.perf_counter() - started:.1f} s")
