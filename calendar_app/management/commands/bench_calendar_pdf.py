"""Time the PDF calendar of a preparation with N events (80 by default),
rendered by WeasyPrint as the worker does. Everything it creates is rolled
back. Usage: manage.py bench_calendar_pdf [--events 80] [--runs 3]"""

import datetime
import time
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the rendering time of a preparation's PDF calendar."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=80)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, events, runs, **options):
        from accounts.api import Centre
        from calendar_app.models import Event
        from calendar_app.pdf import render_html, render_pdf
        from courses.api import Preparation

        paris = ZoneInfo("Europe/Paris")
        timings = []
        try:
            with transaction.atomic():
                centre, _ = Centre.objects.get_or_create(
                    code="bench-calendrier", defaults={"name": "CRFCB (mesure)"}
                )
                preparation = Preparation.objects.create(
                    centre=centre,
                    name="Préparation (mesure)",
                    session_year=2027,
                    mode="callisto",
                    opens_on=datetime.date(2026, 9, 1),
                    closes_on=datetime.date(2027, 6, 30),
                )
                start = datetime.datetime(2026, 9, 7, 9, 0, tzinfo=paris)
                Event.objects.bulk_create(
                    Event(
                        preparation=preparation,
                        kind="methodology",
                        title=f"Méthodologie n° {i + 1} : la note de synthèse",
                        starts_at=start + datetime.timedelta(days=3 * i),
                        ends_at=start + datetime.timedelta(days=3 * i, hours=2),
                        place="Salle de formation",
                    )
                    for i in range(events)
                )
                for _ in range(runs):
                    began = time.perf_counter()
                    html, _hash = render_html(preparation)
                    pdf = render_pdf(html)
                    timings.append(time.perf_counter() - began)
                raise _Rollback
        except _Rollback:
            pass
        best, worst = min(timings), max(timings)
        self.stdout.write(
            f"PDF calendar, {events} events: best {best:.2f} s, worst {worst:.2f} s "
            f"over {runs} runs ({len(pdf) // 1024} KiB)"
        )
