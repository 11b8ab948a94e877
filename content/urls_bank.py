"""URLs of the imports and exports (added to ``content.urls``)."""

from django.urls import path

from . import views_bank

urlpatterns = [
    path("banques/<int:bank_id>/importer/", views_bank.bank_import, name="bank_import"),
    path("banques/<int:bank_id>/exporter/<str:fmt>/", views_bank.bank_export, name="bank_export"),
    path(
        "glossaire/<slug:course_slug>/importer/",
        views_bank.glossary_import,
        name="glossary_import",
    ),
    path(
        "glossaire/<slug:course_slug>/exporter/<str:fmt>/",
        views_bank.glossary_export,
        name="glossary_export",
    ),
    path("moodle/importer/", views_bank.moodle_upload, name="moodle_upload"),
    path("moodle/importations/<int:import_id>/", views_bank.moodle_import, name="moodle_import"),
    path(
        "fichiers-integres/<int:file_id>/<str:name>",
        views_bank.embedded_file,
        name="embedded_file",
    ),
]
