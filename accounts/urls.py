from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

app_patterns = [
    path("mon-compte/", views.account_settings, name="settings"),
    path("conditions/", views.terms, name="terms"),
    path(
        "mon-compte/adresse/confirmer/<str:token>/",
        views.email_confirm,
        name="email_confirm",
    ),
]

urlpatterns = [
    path("connexion/", allauth_views.login, name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/choisir/<uidb64>/<token>/",
        views.ActivationView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/choisi/",
        views.ActivationDoneView.as_view(),
        name="password_reset_complete",
    ),
    # No public sign-up: shadow allauth's sign-up pages (matched before
    # /compte/, see config/urls.py).
    path("compte/signup/", views.signup_closed),
    path("compte/3rdparty/signup/", views.signup_closed),
    path("", include((app_patterns, "accounts"))),
]
