"""Worker-side timings for ``make bench`` (printed as one JSON line).

Each step is measured only when the app it needs is installed and exposes
the hook below; missing ones are reported as "not measured"."""

import json
import sys

import django

django.setup()


def main() -> dict:
    results = {}
    try:
        from bench import steps  # the app-specific steps (PDF, fan-out, spike)
    except ImportError:
        return {"note": "no worker-side steps yet"}
    for name in ("pdf_calendar", "forum_fanout", "deadline_spike"):
        step = getattr(steps, name, None)
        if step is None:
            results[name] = "not measured"
            continue
        try:
            results[name] = step(base_url=sys.argv[1] if len(sys.argv) > 1 else "")
        except Exception as exc:
            results[name] = {"error": repr(exc)}
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
