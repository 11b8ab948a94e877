from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        from courses.signals import enrolments_changed

        from .receivers import subscribe_on_enrolment

        enrolments_changed.connect(subscribe_on_enrolment, dispatch_uid="forums-subscribe")
