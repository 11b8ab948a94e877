from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from core import fragments

        from .models import Centre, User

        # Cached fragments (core/fragments.py): a person's own record, and
        # the centres and their coordinators, which decide who sees what.
        fragments.watch_users(User, "pk")
        fragments.watch_content(Centre)
        fragments.watch_m2m(Centre.coordinators.through)
        from . import audit_receivers, signals  # noqa: F401

        audit_receivers.connect_roles()
