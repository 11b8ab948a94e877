import logging

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health as health_checks
from .context_processors import FOOTER_LINKS, _resolve, menu_items

logger = logging.getLogger(__name__)

__all__ = ["health", "home", "login_not_required", "sitemap"]


@login_not_required
def home(request):
    """Public welcome page; logged-in users go straight to their dashboard."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "core/home.html")


@login_not_required
def sitemap(request):
    """Plan du site: every page reachable from the menus."""
    sections = _resolve(FOOTER_LINKS)
    pages = menu_items(request) if request.user.is_authenticated else []
    return render(request, "core/sitemap.html", {"pages": pages, "legal_pages": sections})


@login_not_required
@never_cache
@require_GET
def health(request):
    """Status of the database, cache and broker for load balancers: 200 when
    all answer, 503 otherwise. Reveals no detail beyond ok/error."""
    checks = health_checks.run_all()
    healthy = all(value in ("ok", "eager") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
