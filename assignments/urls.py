from django.urls import path

from . import views, views_grading, views_reports

app_name = "assignments"

urlpatterns = [
    path("", views.my_assignments, name="mine"),
    path("a-corriger/", views.grading_queue, name="grading_queue"),
    path("releves-de-notes/", views_reports.grade_report_page, name="grade_report"),
    path(
        "releves-de-notes/export.<str:fmt>",
        views_reports.grade_report_export,
        name="grade_report_export",
    ),
    path("nouveau/<slug:course_slug>/", views.assignment_create, name="create"),
    path("<int:pk>/", views.assignment_detail, name="detail"),
    path("<int:pk>/modifier/", views.assignment_edit, name="edit"),
    path("<int:pk>/deposer/", views.upload, name="upload"),
    path("<int:pk>/rendre/", views.hand_in, name="hand_in"),
    path("<int:pk>/fichiers/<int:file_id>/retirer/", views.remove_file, name="remove_file"),
    path("<int:pk>/sujet/<int:file_id>/", views.subject_file, name="subject_file"),
    path("<int:pk>/rendre-les-notes/", views.release, name="release"),
    path("<int:pk>/prolongations/", views.extension, name="extension"),
    path("<int:pk>/compte-rendu/", views.report, name="report"),
    path("<int:pk>/copies.zip", views.download_zip, name="zip"),
    path("<int:pk>/archives/<int:archive_id>/", views.archive_file, name="archive"),
    path("copies/<int:pk>/", views.submission_detail, name="submission"),
    path("copies/<int:pk>/noter/", views.grade, name="grade"),
    path("copies/<int:pk>/grille/", views_grading.grid_grade, name="grid_grade"),
    path("copies/<int:pk>/rendre/", views.return_copy, name="return"),
    path("copies/<int:pk>/fichiers/<int:file_id>/", views.submission_file, name="file"),
    path("copies/<int:pk>/annotee/<int:feedback_id>/", views.annotated_file, name="annotated"),
]
