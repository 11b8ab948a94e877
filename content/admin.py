from django import forms
from django.contrib import admin

from core import uploads

from . import selectors
from .models import (
    Attempt,
    AudioMedia,
    Choice,
    ErrorReport,
    GlossaryEntry,
    Question,
    QuestionBank,
    Quiz,
    QuizIncident,
    ReviewRecord,
)
from .services import check_audio


class ProducedCoursesMixin:
    """Staff see the rows of the courses they produce (all for admins)."""

    course_path = "course"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{f"{self.course_path}__in": selectors.courses_produced_by(request.user)}
        )


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 2
    fields = ("text", "is_correct", "match", "feedback", "position")


@admin.register(QuestionBank)
class QuestionBankAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    list_display = ("name", "course")
    list_filter = ("course",)
    search_fields = ("name",)


@admin.register(Question)
class QuestionAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    course_path = "bank__course"
    list_display = ("text", "bank", "kind", "points", "is_active")
    list_filter = ("kind", "bank", "is_active")
    search_fields = ("text",)
    inlines = [ChoiceInline]
    list_select_related = ("bank__course",)


@admin.register(Quiz)
class QuizAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    course_path = "activity__course"
    list_display = ("activity", "bank", "draw_count", "max_attempts", "pass_mark", "grading")
    list_select_related = ("activity", "bank__course")
    raw_id_fields = ("activity",)


@admin.register(Attempt)
class AttemptAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    course_path = "quiz__activity__course"
    list_display = ("user", "quiz", "number", "state", "percent", "passed", "submitted_at")
    list_filter = ("state", "passed")
    list_select_related = ("user", "quiz__activity")
    readonly_fields = [f.name for f in Attempt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QuizIncident)
class QuizIncidentAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "attempt", "reason")
    list_filter = ("reason",)
    list_select_related = ("user", "attempt")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    list_display = ("term", "course", "status", "updated_at")
    list_filter = ("status", "course")
    search_fields = ("term",)
    filter_horizontal = ("see_also",)


class AudioMediaAdminForm(forms.ModelForm):
    """A recording uploaded in the admin passes the audio activities' check
    (``services.check_audio``: typed by content, size bounded)."""

    class Meta:
        model = AudioMedia
        fields = ("activity", "file", "transcript", "updated_at")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload
            checked = check_audio(upload)
            upload.name = f"podcast{checked.extension}"
            self.instance.content_type = uploads.KINDS[checked.kind].detected[0]
        return upload


@admin.register(AudioMedia)
class AudioMediaAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    form = AudioMediaAdminForm
    course_path = "activity__course"
    list_display = ("activity", "content_type", "updated_at")
    readonly_fields = ("content_type",)
    raw_id_fields = ("activity",)


@admin.register(ReviewRecord)
class ReviewRecordAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    course_path = "activity__course"
    list_display = ("activity", "reviewer", "reviewed_on")
    list_select_related = ("activity", "reviewer")

    def has_add_permission(self, request):
        return False


@admin.register(ErrorReport)
class ErrorReportAdmin(ProducedCoursesMixin, admin.ModelAdmin):
    course_path = "activity__course"
    list_display = ("activity", "reporter", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("activity", "reporter")
    readonly_fields = ("activity", "reporter", "text", "created_at", "answered_by", "answered_at")
