from django.contrib import admin

from .models import Activity, Course, Exam, Section


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "category", "slug")
    list_filter = ("kind", "category")
    search_fields = ("name", "slug")


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("title", "position", "is_essential")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "exam", "position", "is_visible")
    list_filter = ("kind", "is_visible")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SectionInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "section", "kind", "completion_rule", "is_visible")
    list_filter = ("kind", "completion_rule", "is_visible", "course")
    search_fields = ("title",)
    list_select_related = ("course", "section")
