"""What other apps use from ``tutoring``."""


def open_questions_count(user) -> int:
    """Threads waiting for ``user``'s answer (tutors) or open threads of the
    candidate ``user`` (dashboard). One query."""
    from .selectors import open_questions_count as count

    return count(user)


def url_for_activity(activity) -> str | None:
    """Tutoring owns no activity."""
    return None
