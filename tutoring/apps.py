from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TutoringConfig(AppConfig):
    name = "tutoring"
    verbose_name = _("Tutoring")

    def ready(self):
        from core import fragments

        from . import models as m

        # Cached fragments (core/fragments.py): the tutor board.
        fragments.watch_users(m.Thread, "candidate")
        fragments.watch_users(m.Message, "thread.candidate")
        fragments.watch_users(m.Reminder, "candidate")
        fragments.watch_users(m.Interview, "registration.candidate", "tutor")
        fragments.watch_users(m.TrainerRequest, "thread.candidate")
