"""``Server-Timing`` on every response in bench mode: the number of SQL
queries and the database time of the request, as Moodle's performance
footer reports them for its own load harness.

A request with ``X-Bench-Cold: 1`` builds every cached fragment afresh
(``core.fragments.bypass``): the benchmark's cold phases measure a first
visit, or the first visit after a change, with the same users and pages."""

import contextlib
import time

from django.db import connection

from core import fragments


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stats = {"count": 0, "seconds": 0.0}

        def wrapper(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                stats["count"] += 1
                stats["seconds"] += time.perf_counter() - start

        cold = request.headers.get("X-Bench-Cold") == "1"
        started = time.perf_counter()
        with (
            connection.execute_wrapper(wrapper),
            fragments.bypass() if cold else contextlib.nullcontext(),
        ):
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'db;dur={stats["seconds"] * 1000:.2f};desc="{stats["count"]} queries", '
            f"queries;desc={stats['count']}, app;dur={total_ms:.2f}"
        )
        return response
