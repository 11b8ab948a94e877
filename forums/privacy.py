"""Personal data held by the forums (gathered by ``core/privacy.py``).

The export holds every message the person wrote (with its subject, forum
and date, hidden ones included), the subjects they opened, their
subscriptions and the names of the files they attached (the files are in
the ZIP).

Erasure (docs/privacy.md): the messages stay in their threads so that the
others' answers keep their place, but their text becomes "message
supprimé", the subjects they opened lose their title, their attachments are
deleted, and their subscriptions, read marks and pending or sent email
deliveries are removed. The moderation log keeps its rows (the account has
lost its identity)."""

from django.db.models import Q

from .models import Attachment, Delivery, ForumRead, Post, Subscription, Thread, ThreadRead

ERASED_TEXT = "[message supprimé]"
ERASED_HTML = f"<p>{ERASED_TEXT}</p>"
ERASED_TITLE = "[sujet supprimé]"


def export_data(user) -> dict:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread__forum")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return {
        "posts": [
            {
                "forum": post.thread.forum.title,
                "subject": post.thread.title,
                "written_at": post.created_at,
                "edited_at": post.edited_at,
                "hidden_by_moderation": post.is_hidden,
                "text": post.body_text,
                "attachments": [a.name for a in post.attachments.all()],
            }
            for post in posts
        ],
        "subjects_opened": [
            {"forum": t.forum.title, "subject": t.title, "opened_at": t.created_at}
            for t in Thread.objects.filter(author=user).select_related("forum").order_by("pk")
        ],
        "subscriptions": [
            {"forum": s.forum.title, "email": s.mode, "since": s.created_at}
            for s in Subscription.objects.filter(user=user).select_related("forum").order_by("pk")
        ],
    }


def export_files(user) -> list[tuple[str, str]]:
    return [
        (f"forums/{a.pk}-{a.name}", a.file.name)
        for a in Attachment.objects.filter(post__author=user).order_by("pk")
    ]


def anonymise(user) -> None:
    for attachment in Attachment.objects.filter(post__author=user):
        attachment.file.delete(save=False)
        attachment.delete()
    Post.objects.filter(author=user).update(body=ERASED_HTML, body_text=ERASED_TEXT)
    Thread.objects.filter(author=user).update(title=ERASED_TITLE)
    Delivery.objects.filter(Q(recipient=user) | Q(post__author=user)).delete()
    Subscription.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    ForumRead.objects.filter(user=user).delete()
