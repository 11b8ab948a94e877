from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        from core import fragments

        from . import models as m

        # Cached fragments (core/fragments.py): forums decide who sees what;
        # a thread's messages are cached per thread.
        fragments.watch_content(m.Forum)
        fragments.watch_users(m.Subscription, "user")
        fragments.watch_scopes(m.Thread, lambda thread: [f"forum-thread:{thread.pk}"])
        fragments.watch_scopes(m.Post, lambda post: [f"forum-thread:{post.thread_id}"])
        fragments.watch_scopes(m.Attachment, lambda item: [f"forum-thread:{item.post.thread_id}"])
        from courses.api import enrolments_changed

        from .receivers import subscribe_on_enrolment

        enrolments_changed.connect(subscribe_on_enrolment, dispatch_uid="forums-subscribe")
        from notifications.api import connect_preferences_changed

        from .receivers import apply_notification_channels

        connect_preferences_changed(apply_notification_channels, dispatch_uid="forums-channels")
