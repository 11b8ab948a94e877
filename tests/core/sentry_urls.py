"""The project's URLs plus a view that fails the way real code could: after
logging about the person, with their address in the exception."""

import logging

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

logger = logging.getLogger("callisto.test")


def failing_view(request):
    user = request.user
    logger.info("Copie de %s %s en cours", user.first_name, user.last_name)
    raise RuntimeError(f"Échec de la copie pour {user.email}")


urlpatterns = [path("erreur-de-test/", failing_view), *project_urlpatterns]
