"""Signals other apps listen to (so that courses never imports them)."""

from django.dispatch import Signal

# Sent inside the registration's transaction after enrolments changed.
# kwargs: registration, activated_course_ids (set), suspended_course_ids (set).
enrolments_changed = Signal()

# Sent after an activity is completed or un-completed.
# kwargs: user, activity, completed (bool).
completion_changed = Signal()
