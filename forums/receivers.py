"""Signal receivers, connected in ``ForumsConfig.ready``: one line each,
calling a service."""

from . import services


def apply_notification_channels(sender, user_id, changed, **kwargs):
    """ "Mon compte" → the person's subscriptions take the forum channels."""
    services.subscriptions_apply_channels(user_id=user_id, changed=changed)


def subscribe_on_enrolment(sender, registration, activated_course_ids, **kwargs):
    """Enrolment → the preparation's and courses' forums exist and the
    candidate is subscribed (inside the registration's transaction)."""
    services.subscriptions_on_enrolment(registration=registration, course_ids=activated_course_ids)
