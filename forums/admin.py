from django.contrib import admin

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
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit trail: read only."""

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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
