from django.contrib import admin
from django.contrib.flatpages import admin as flatpage_admin
from django.contrib.flatpages.models import FlatPage
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditEntry, ErasureRequest, OutboxMessage, OutgoingEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody edits (the audit log, the emails sent, the task
    outbox...): no add, change or delete, for anyone; visible to national
    administrators only. Other apps' read-only admins subclass it."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "actor", "summary", "ip")
    list_filter = ("action",)
    search_fields = ("summary", "target_id", "actor__username")
    list_select_related = ("actor",)
    date_hierarchy = "at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """Every email of the site and how it went: sent, still queued (with the
    attempts so far) or failed after the last attempt, with the error."""

    list_display = (
        "subject",
        "recipients",
        "template",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", "template")
    search_fields = ("subject", "dedup_key", "to")
    date_hierarchy = "created_at"
    fields = (
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "template",
        "dedup_key",
        "to",
        "from_email",
        "headers",
        "subject",
        "body",
        "html",
    )

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to or [])


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("task_name", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("task_name",)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "requested_at", "status", "handled_by", "handled_at")
    list_filter = ("status",)
    readonly_fields = ("user", "requested_at", "reason", "status", "handled_by", "handled_at")
    fields = ("user", "requested_at", "reason", "status", "answer", "handled_by", "handled_at")
    actions = ["anonymise"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Anonymise the selected people"))
    def anonymise(self, request, queryset):
        from .privacy import anonymise_user

        done = 0
        for erasure in queryset.filter(status=ErasureRequest.Status.PENDING):
            anonymise_user(actor=request.user, request=erasure)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d person anonymised.", "%(count)d people anonymised.", done)
            % {"count": done},
        )


admin.site.unregister(FlatPage)


class FlatPageForm(flatpage_admin.FlatpageForm):
    """The legal and help pages are typed in Markdown (core.markup)."""

    class Meta(flatpage_admin.FlatpageForm.Meta):
        help_texts = {
            "content": _(
                "Markdown: “## ” starts a heading, “- ” a list item, a blank line a new "
                "paragraph, **bold**, [text](https://address). Shown as clean HTML."
            )
        }


@admin.register(FlatPage)
class FlatPageAdmin(flatpage_admin.FlatPageAdmin):
    form = FlatPageForm
