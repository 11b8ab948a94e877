from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from courses.views import dashboard

urlpatterns = [
    # The dashboard is courses' page (core, below every app, imports none).
    path("tableau-de-bord/", dashboard, name="dashboard"),
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("courses.urls")),
    path("calendrier/", include("calendar_app.urls")),
    path("tutorat/", include("tutoring.urls")),
    path("forums/", include("forums.urls")),
    path("devoirs/", include("assignments.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("", include("content.urls")),
]

if settings.BENCH:
    urlpatterns.append(path("_bench/", include("bench.urls")))
# Accounts: allauth (password reset, email, two-factor, SSO callbacks, sessions).
urlpatterns += [path("compte/", include("allauth.urls"))]
