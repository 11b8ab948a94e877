import logging

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health as health_checks
from .context_processors import footer_links
from .navigation import site_map

logger = logging.getLogger(__name__)

__all__ = ["health", "home", "login_not_required", "metrics", "sitemap"]


@login_not_required
def home(request):
    """Public welcome page; logged-in users go straight to their dashboard."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "core/home.html")


@login_not_required
def sitemap(request):
    """Plan du site: every page a person may open without following a
    link to one object (core.navigation), then the site's legal pages."""
    sections = site_map(request) if request.user.is_authenticated else []
    legal = footer_links()
    return render(request, "core/sitemap.html", {"sections": sections, "legal_pages": legal})


@login_not_required
@never_cache
@require_GET
def health(request):
    """For monitoring and load balancers: 200 when every part answers, 503
    naming the failing parts otherwise (``failing``), with the age in seconds
    of beat's and each queue's last heartbeat. ``?web``: only the database,
    cache and broker this web node needs (container health check, load
    balancers). Reveals no address, name or secret: states and ages only."""
    report = health_checks.run_all(web_only="web" in request.GET)
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@login_not_required
@never_cache
@require_GET
def metrics(request):
    """Prometheus metrics, for the inside only (``core.metrics.can_read_metrics``):
    anyone else gets the 404 of a page that does not exist."""
    from django.http import Http404, HttpResponse

    from . import metrics as metrics_module

    if not metrics_module.can_read_metrics(request):
        raise Http404
    body, content_type = metrics_module.exposition()
    return HttpResponse(body, content_type=content_type)


# --- Personal data (RGPD) -------------------------------------------------------


def my_data(request):
    """ "Mes données": request a copy of all one's data, download it, or ask
    for the erasure of one's account."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from . import exports as exports_limit
    from .models import DataExport, ErasureRequest
    from .privacy import export_is_available, request_export

    exports = list(DataExport.objects.filter(user=request.user)[:5])
    pending_erasure = ErasureRequest.objects.filter(
        user=request.user, status=ErasureRequest.Status.PENDING
    ).exists()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "export":
            if any(e.status == DataExport.Status.PENDING for e in exports):
                messages.warning(request, _("An export is already being prepared."))
            elif (refused := exports_limit.refusal(request)) is not None:
                return refused
            else:
                request_export(user=request.user)
                messages.success(
                    request,
                    _("Your export is being prepared; you will get an email when it is ready."),
                )
        elif action == "erase":
            reason = request.POST.get("reason", "").strip()[:2000]
            if pending_erasure:
                messages.warning(request, _("Your erasure request is already being handled."))
            else:
                ErasureRequest.objects.create(user=request.user, reason=reason)
                messages.success(
                    request,
                    _(
                        "Your erasure request was sent to the administrators; "
                        "they will answer by email."
                    ),
                )
        else:
            messages.error(request, _("Unknown action."))
        return redirect("my_data")
    for export in exports:
        export.available = export_is_available(export)
    return render(
        request,
        "core/my_data.html",
        {"exports": exports, "pending_erasure": pending_erasure},
    )


def my_data_download(request, pk):
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404

    from .models import DataExport
    from .privacy import export_is_available

    export = DataExport.objects.filter(user=request.user, pk=pk).first()
    if export is None or not export_is_available(export):
        raise Http404
    response = FileResponse(
        default_storage.open(export.file, "rb"),
        as_attachment=True,
        filename=f"callisto-mes-donnees-{export.finished_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Error pages ------------------------------------------------------------------
# 400, 403, 404 and 500 are Django's own handlers rendering core/templates/4xx.html
# and 500.html (400 and 500 get no context at all, so the layout renders without
# the database or the request). The CSRF failure has a view of its own so it
# can say what happened and link back to the form.


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent with a missing or stale token (an old
    tab, a session that expired or was closed). Explains it in French and
    links back to the page the form came from when it is on this site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back_url = referer
    else:
        back_url = request.get_full_path()
    # Django has logged the reason already (django.security.csrf).
    return render(request, "core/csrf_failure.html", {"back_url": back_url}, status=403)
