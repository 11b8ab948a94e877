"""Personal data held by tutoring (gathered by ``core/privacy.py`` once
merged; each function is optional there).

The export holds the candidate's themes and messages (theirs and their
tutor's answers), the reminders they received and what was agreed at the
first interview. The tutor's interview notes are not in the self-service
export (docs/tutoring.md): an access request for them goes to the centre.
Anonymisation blanks what the person wrote and the files they sent; the
rows stay (with no identity) so that tutors' workload statistics hold."""

from .models import Attachment, Interview, Message, Reminder, Thread

ERASED = "[supprimé]"


def export_data(user) -> dict:
    threads = (
        Thread.objects.filter(candidate=user)
        .select_related("course")
        .prefetch_related("messages__author", "messages__attachments")
        .order_by("created_at", "pk")
    )
    return {
        "threads": [
            {
                "theme": thread.title,
                "course": thread.course.title if thread.course else None,
                "status": thread.status,
                "opened_at": thread.created_at,
                "messages": [
                    {
                        "author": m.author.get_display_name(),
                        "from_tutor": m.from_tutor,
                        "sent_at": m.created_at,
                        "body": m.body,
                        "attachments": [a.name for a in m.attachments.all()],
                    }
                    for m in thread.messages.all()
                ],
            }
            for thread in threads
        ],
        "reminders_received": [
            {"sent_at": r.created_at, "subject": r.subject, "body": r.body, "kind": r.kind}
            for r in Reminder.objects.filter(candidate=user).order_by("created_at", "pk")
        ],
        "first_interviews": [
            {"held_on": i.held_on, "channels": i.channels, "goals": i.goals}
            for i in Interview.objects.filter(registration__candidate=user)
        ],
    }


def export_files(user) -> list[tuple[str, str]]:
    return [
        (f"tutorat/{a.pk}-{a.name}", a.file.name)
        for a in Attachment.objects.filter(message__thread__candidate=user)
    ]


def anonymise(user) -> None:
    for attachment in Attachment.objects.filter(message__author=user):
        attachment.file.delete(save=False)
        attachment.delete()
    Message.objects.filter(author=user).update(body=ERASED)
    Thread.objects.filter(candidate=user).update(title=ERASED)
    Reminder.objects.filter(candidate=user).update(body=ERASED)
    Interview.objects.filter(registration__candidate=user).update(goals="", notes="")
