from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Forum, ModerationAction
from .selectors import forums_moderated_by


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "preparation", "course", "activity")
    list_filter = ("kind",)
    search_fields = ("title",)
    raw_id_fields = ("activity",)
    list_select_related = ("preparation", "course", "activity")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=forums_moderated_by(request.user).values("pk"))
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """The moderation trail: read only, for the forums' moderators (not only
    national administrators, unlike the other read-only records)."""

    has_module_permission = admin.ModelAdmin.has_module_permission
    has_view_permission = admin.ModelAdmin.has_view_permission

    list_display = ("created_at", "actor", "action", "thread", "post")
    list_filter = ("action",)
    list_select_related = ("actor", "thread")
    readonly_fields = ("actor", "action", "thread", "post", "details", "created_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(thread__forum__in=forums_moderated_by(request.user).values("pk"))
        )
