from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content: quizzes, glossary, media, reviews")

    def ready(self):
        from core import hooks

        from . import api

        # What the activity page shows of this app (core/hooks.py).
        hooks.provide("content.media_for", api.media_for)
        hooks.provide("content.my_reports_html", api.my_reports_html)
