from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("courses.urls")),
    path("calendrier/", include("calendar_app.urls")),
    path("tutorat/", include("tutoring.urls")),
    path("forums/", include("forums.urls")),
    path("devoirs/", include("assignments.urls")),
    path("admin/", admin.site.urls),
    path("", include("content.urls")),
]

if settings.BENCH:
    urlpatterns.append(path("_bench/", include("bench.urls")))
# Accounts: allauth (password reset, email, two-factor, SSO callbacks, sessions).
urlpatterns += [path("compte/", include("allauth.urls"))]
