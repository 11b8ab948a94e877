"""Baseline views measured in the same run as the product's pages."""

from django.http import HttpResponse
from django.shortcuts import render

from .models import Fortune


def bare(request):
    """The floor of Django itself: the site's middleware and a logged-in
    session, then a plain response with no template."""
    return HttpResponse("ok", content_type="text/plain")


def baseline(request):
    """A logged-in page rendering the base layout with no query beyond the
    session and the user."""
    return render(request, "bench/baseline.html")


def fortunes(request):
    """TechEmpower "fortunes": read a small table, add one row in memory,
    sort by message, render."""
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render(request, "bench/fortunes.html", {"fortunes": rows})
