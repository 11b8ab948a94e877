"""Admin of the épreuves and their grading grids (national staff). A grid
used by a marking keeps its criteria (a criterion cannot be deleted once
graded: PROTECT)."""

from django.contrib import admin
from django.db.models import Count

from .models import ExamPaper, GradingGrid, GridCriterion, Marking


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ExamPaper)
class ExamPaperAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]


class GridCriterionInline(SuperuserOnly, admin.TabularInline):
    model = GridCriterion
    extra = 1
    fields = ["position", "label", "max_points", "description"]


@admin.register(GradingGrid)
class GradingGridAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["title", "exam_paper", "criteria_count"]
    list_filter = ["exam_paper"]
    search_fields = ["title", "exam_paper__name"]
    inlines = [GridCriterionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_count=Count("criteria"))

    @admin.display(description=GridCriterion._meta.verbose_name_plural)
    def criteria_count(self, obj):
        return obj.criteria_count


@admin.register(Marking)
class MarkingAdmin(SuperuserOnly, admin.ModelAdmin):
    """Read only: markings are written by the trainers in the site."""

    list_display = ["submission", "handin", "role", "marker", "grade", "marked_at"]
    list_filter = ["role"]
    list_select_related = ["submission__assignment", "submission__candidate", "marker"]
    readonly_fields = [
        "submission", "handin", "role", "marker", "grid", "points", "grade", "comment",
        "marked_at",
    ]  # fmt: skip

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
