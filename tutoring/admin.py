from django.contrib import admin

from .models import Interview, Reminder, Thread
from .selectors import tutored_registrations_visible_to


class _CentreScopedAdmin(admin.ModelAdmin):
    """Staff see the rows of the registrations they follow (their centre)."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(registration__in=tutored_registrations_visible_to(request.user).values("pk"))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(_CentreScopedAdmin):
    list_display = ["title", "candidate", "status", "exchanges", "due_on", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "candidate__last_name"]


@admin.register(Reminder)
class ReminderAdmin(_CentreScopedAdmin):
    list_display = ["subject", "candidate", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]


@admin.register(Interview)
class InterviewAdmin(_CentreScopedAdmin):
    list_display = ["registration", "held_on", "tutor"]
