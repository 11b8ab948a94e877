"""The course studio's addresses, under /atelier-de-contenu/ (included in
the ``content`` namespace)."""

from django.urls import path

from . import views

A = "<slug:slug>/activites/<int:activity_id>/"
S = "<slug:slug>/sections/<int:section_id>/"

urlpatterns = [
    path("", views.studio_index, name="studio"),
    path("<slug:slug>/", views.studio_course, name="studio_course"),
    path("<slug:slug>/apercu/", views.studio_course_preview, name="studio_course_preview"),
    path("<slug:slug>/sections/nouvelle/", views.studio_section_edit, name="studio_section_create"),
    path(S, views.studio_section_edit, name="studio_section_edit"),
    path(S + "deplacer/", views.studio_section_move, name="studio_section_move"),
    path(S + "supprimer/", views.studio_section_delete, name="studio_section_delete"),
    path(S + "versions/", views.studio_section_revisions, name="studio_section_revisions"),
    # ?type=fiche, lien, devoir... (forms.KIND_SLUGS)
    path(S + "activites/nouvelle/", views.studio_activity_edit, name="studio_activity_create"),
    path(A, views.studio_activity_edit, name="studio_activity_edit"),
    path(A + "deplacer/", views.studio_activity_move, name="studio_activity_move"),
    path(A + "apercu/", views.studio_activity_preview, name="studio_activity_preview"),
    path(A + "versions/", views.studio_activity_revisions, name="studio_activity_revisions"),
    path(
        "<slug:slug>/versions/<int:revision_id>/restaurer/",
        views.studio_revision_restore,
        name="studio_revision_restore",
    ),
]
