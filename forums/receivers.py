"""Signal receivers, connected in ``ForumsConfig.ready``: one line each,
calling a service."""

from . import services


def subscribe_on_enrolment(sender, registration, activated_course_ids, **kwargs):
    """Enrolment → the preparation's and courses' forums exist and the
    candidate is subscribed (inside the registration's transaction)."""
    services.subscriptions_on_enrolment(registration=registration, course_ids=activated_course_ids)
