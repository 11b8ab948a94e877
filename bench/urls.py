from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("bare/", views.bare, name="bare"),
    path("base/", views.baseline, name="baseline"),
    path("fortunes/", views.fortunes, name="fortunes"),
]
