"""What other apps use from ``tutoring`` (contract; the tutoring issue fills
the bodies)."""


def open_questions_count(user) -> int:
    """Threads waiting for ``user``'s answer (tutors) or open threads of the
    candidate ``user`` (dashboard)."""
    return 0
