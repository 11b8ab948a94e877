from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from core import fragments, roles

        from . import audit_receivers
        from . import models as m
        from .relations import menu_roles

        audit_receivers.connect()

        # The menus' roles, remembered at login (core/roles.py).
        roles.provide(menu_roles)

        # Cached fragments (core/fragments.py): what staff edit, and what
        # belongs to one person.
        fragments.watch_content(m.Exam, m.Preparation, m.Course, m.Section, m.Activity)
        fragments.watch_m2m(m.Preparation.exams.through, m.Registration.exams.through)
        fragments.watch_users(m.Registration, "candidate", "tutor")
        fragments.watch_users(m.Enrolment, "user")
        # Who sees what also follows other people's rows (a trainer moderates
        # the forums of the preparations whose candidates they teach): any
        # enrolment or registration change renews every fragment.
        fragments.watch_content(m.Registration, m.Enrolment)
        fragments.watch_users(m.Completion, "user")
        fragments.watch_users(m.LastVisit, "user")
