"""The site's URLs plus views that fail on purpose, for the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import path

from config import urls as site_urls


@login_not_required
def forbidden(request):
    raise PermissionDenied("Cette activité n’est pas encore ouverte.")


@login_not_required
def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("essai/interdit/", forbidden),
    path("essai/panne/", broken),
    *site_urls.urlpatterns,
]
# Whatever handlers the site declares (none today: Django's own).
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _name):
        globals()[_name] = getattr(site_urls, _name)
