from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors, services


@require_GET
def notification_list(request):
    """What happened for the signed-in person, newest first; what this visit
    shows as new is marked read."""
    rows = list(
        selectors.notifications_visible_to(request.user)[: selectors.PAGE_SIZE].only(
            "pk", "kind", "title", "url", "created_at", "read_at"
        )
    )
    unread = [n.pk for n in rows if n.read_at is None]
    services.mark_read(user=request.user, ids=unread)
    return render(
        request,
        "notifications/list.html",
        {"notifications": rows, "new_ids": set(unread), "new_count": len(unread)},
    )
