from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self):
        from core import fragments

        from . import models as m

        # Cached fragments (core/fragments.py): tutor board, dashboard deadlines.
        fragments.watch_content(m.Assignment, m.SubjectFile)
        fragments.watch_m2m(m.Assignment.trainers.through)
        fragments.watch_users(m.Extension, "candidate")
        fragments.watch_users(m.Submission, "candidate")
        fragments.watch_users(m.SubmissionFile, "submission.candidate")
        fragments.watch_users(m.Feedback, "submission.candidate")
        # The grading queue shows every copy of the trainer's courses.
        for model in (m.Submission, m.SubmissionFile, m.Feedback, m.Extension):
            fragments.watch_scopes(model, lambda obj: ["assignments:copies"])
