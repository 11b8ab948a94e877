from django.contrib import admin
from django.db import models

from accounts.api import centres_coordinated_by

from .forms import EventForm
from .models import CalendarPdf, Event, FeedToken, WorkshopRegistration


class WorkshopRegistrationInline(admin.TabularInline):
    model = WorkshopRegistration
    extra = 0
    fields = ("user", "created_at", "cancelled_at", "attended", "attendance_recorded_at")
    readonly_fields = ("created_at", "cancelled_at", "attendance_recorded_at")
    raw_id_fields = ("user",)


def coordinated_centre_ids(request) -> list[int]:
    """Ids of the centres the requesting user coordinates, memoised on the
    request under the same name as the accounts app's admin scoping, so that
    the admin's many permission checks cost one query per page in all."""
    if not hasattr(request, "_callisto_centre_ids"):
        request._callisto_centre_ids = list(
            centres_coordinated_by(request.user).values_list("pk", flat=True)
        )
    return request._callisto_centre_ids


class CoordinatorScopedAdmin(admin.ModelAdmin):
    """Coordinators manage their own centres' preparation events (no model
    permission needed); administrators everything."""

    def _coordinates(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and bool(coordinated_centre_ids(request))

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._coordinates(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._coordinates(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) or self._coordinates(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._coordinates(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self._coordinates(request)


@admin.register(Event)
class EventAdmin(CoordinatorScopedAdmin):
    form = EventForm
    list_display = ("title", "kind", "starts_at", "preparation", "course")
    list_filter = ("kind", "theme")
    search_fields = ("title", "place")
    date_hierarchy = "starts_at"
    list_select_related = ("preparation", "course")
    raw_id_fields = ("activity",)
    inlines = [WorkshopRegistrationInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        events = super().get_queryset(request)
        if request.user.is_superuser:
            return events
        return events.filter(preparation__centre__in=coordinated_centre_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "preparation" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(centre__in=coordinated_centre_ids(request))
        if db_field.name == "course" and not request.user.is_superuser:
            field.queryset = field.queryset.none()
        return field


@admin.register(CalendarPdf)
class CalendarPdfAdmin(admin.ModelAdmin):
    list_display = ("preparation", "candidate", "generated_at", "stale")
    list_filter = ("stale",)
    # The PDF is made by the calendar task (WeasyPrint), never uploaded.
    readonly_fields = ("file", "inputs_hash", "generated_at", "last_error")
    raw_id_fields = ("candidate",)


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    exclude = ("token",)
    raw_id_fields = ("user",)
