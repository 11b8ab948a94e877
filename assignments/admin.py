"""Admin for assignments. Trainers work in the site; admin is for the
national staff (superusers) and coordinators (their centre's copies, read
only). Copies and grades are never deleted from here."""

from django.contrib import admin

from .models import (
    Assignment,
    AuditEntry,
    Extension,
    Feedback,
    SubjectFile,
    Submission,
    SubmissionFile,
)
from .selectors import submissions_visible_to


class SubjectFileInline(admin.TabularInline):
    model = SubjectFile
    extra = 0
    fields = ["original_name", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "due_at", "cutoff_at", "blind_marking", "grades_released"]
    list_filter = ["course", "blind_marking", "grades_released"]
    search_fields = ["title", "course__title"]
    date_hierarchy = "due_at"
    autocomplete_fields = ["trainers"]
    raw_id_fields = ["activity", "created_by"]
    inlines = [SubjectFileInline]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    fields = ["number", "original_name", "size", "sha256", "uploaded_at", "is_current", "handin"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FeedbackInline(admin.StackedInline):
    model = Feedback
    extra = 0
    fields = [
        "handin",
        "grade",
        "comment",
        "annotated_name",
        "graded_by",
        "graded_at",
        "returned_at",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "candidate", "status", "is_late", "submitted_at"]
    list_filter = ["status", "is_late", "assignment__course"]
    search_fields = ["candidate__username", "candidate__last_name", "assignment__title"]
    list_select_related = ["assignment", "candidate"]
    readonly_fields = [
        "assignment", "candidate", "registration", "status", "is_late", "blind_number",
        "handin", "submitted_at", "authorship_statement", "created_at",
    ]  # fmt: skip
    inlines = [SubmissionFileInline, FeedbackInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=submissions_visible_to(request.user).values("pk"))
        )

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "candidate", "due_at", "granted_by", "granted_at"]
    list_select_related = ["assignment", "candidate", "granted_by"]
    readonly_fields = ["assignment", "candidate", "due_at", "reason", "granted_by", "granted_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "assignment", "submission"]
    list_filter = ["action"]
    readonly_fields = ["at", "action", "actor", "assignment", "submission", "data"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
