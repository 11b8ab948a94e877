"""Personal data held by the calendar (gathered by ``core/privacy.py``).

The export holds the person's workshop registrations (cancelled ones and
attendance included), the workshops they created, and whether they have a
calendar feed (never its secret).

Erasure (docs/privacy.md): the private feed is revoked, the personal PDF
calendars are deleted (file and row); workshop registrations and attendance
stay, without identity once the account is anonymised (the centres count
attendance)."""

from .models import CalendarPdf, Event, FeedToken, WorkshopRegistration


def export_data(user) -> dict:
    registrations = (
        WorkshopRegistration.objects.filter(user=user)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    return {
        "workshop_registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at,
                "registered_at": r.created_at,
                "cancelled_at": r.cancelled_at,
                "attended": r.attended,
            }
            for r in registrations
        ],
        "events_created": [
            {"event": e.title, "starts_at": e.starts_at}
            for e in Event.objects.filter(series__created_by=user).order_by("starts_at", "pk")
        ],
        "calendar_feed": FeedToken.objects.filter(user=user).exists(),
    }


def anonymise(user) -> None:
    FeedToken.objects.filter(user=user).delete()
    for pdf in CalendarPdf.objects.filter(candidate=user):
        if pdf.file:
            pdf.file.delete(save=False)
        pdf.delete()
