"""Admin for assignments. Trainers work in the site; admin is for the
national staff (superusers) and coordinators (their centre's copies, read
only). Copies and grades are never deleted from here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.api import centres_coordinated_by
from courses.api import tracking_registration

from . import services
from .models import (
    Assignment,
    Extension,
    Feedback,
    SubjectFile,
    Submission,
    SubmissionFile,
)
from .permissions import can_grant_extension
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
    list_filter = ["course", "exam_paper", "blind_marking", "double_marking", "grades_released"]
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


def _centre_ids(request) -> list[int]:
    """Centres the requesting user coordinates, memoised on the request
    (the admin asks on every sidebar entry; same attribute as
    ``accounts.admin_scoping.coordinated_centre_ids`` so they share it)."""
    if not hasattr(request, "_callisto_centre_ids"):
        request._callisto_centre_ids = list(
            centres_coordinated_by(request.user).values_list("pk", flat=True)
        )
    return request._callisto_centre_ids


class ExtensionAdminForm(forms.ModelForm):
    class Meta:
        model = Extension
        fields = ["assignment", "candidate", "due_at", "reason"]

    def clean(self):
        cleaned = super().clean()
        assignment, candidate = cleaned.get("assignment"), cleaned.get("candidate")
        if assignment and candidate:
            if not can_grant_extension(self.actor, assignment, candidate):
                raise forms.ValidationError(
                    _("You may not grant an extension to this candidate for this assignment.")
                )
            if tracking_registration(candidate, assignment.course) is None:
                raise forms.ValidationError(
                    _("This person is not an active candidate of the course.")
                )
        return cleaned


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    """Coordinators grant extensions to their centre's candidates here
    (trainers do it on the assignment page); saved through the service."""

    form = ExtensionAdminForm
    list_display = ["assignment", "candidate", "due_at", "granted_by", "granted_at"]
    list_select_related = ["assignment", "candidate", "granted_by"]
    readonly_fields = ["granted_by", "granted_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "candidate" and not request.user.is_superuser:
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(registrations__preparation__centre__in=_centre_ids(request))
                .distinct()
                .order_by("last_name", "first_name")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        centres = centres_coordinated_by(request.user)
        return queryset.filter(candidate__registrations__preparation__centre__in=centres).distinct()

    def save_model(self, request, obj, form, change):
        saved = services.extension_grant(
            actor=request.user,
            assignment=form.cleaned_data["assignment"],
            candidate=form.cleaned_data["candidate"],
            due_at=form.cleaned_data["due_at"],
            reason=form.cleaned_data.get("reason", ""),
        )
        obj.pk = saved.pk

    def has_module_permission(self, request):
        user = request.user
        return user.is_superuser or (user.is_staff and bool(_centre_ids(request)))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_grids  # noqa: E402, F401 - the grids' admin
