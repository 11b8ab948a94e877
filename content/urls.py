from django.urls import include, path

from . import urls_bank, views, views_gradebook

app_name = "content"

urlpatterns = [
    path("quiz/<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("quiz/<int:quiz_id>/commencer/", views.attempt_start, name="attempt_start"),
    path("quiz/<int:quiz_id>/tentative/<int:attempt_id>/", views.attempt_detail, name="attempt"),
    path(
        "quiz/<int:quiz_id>/tentative/<int:attempt_id>/enregistrer/",
        views.attempt_autosave,
        name="attempt_autosave",
    ),
    path("quiz/activite/<int:activity_id>/reglages/", views.quiz_settings, name="quiz_settings"),
    path("banques/<int:bank_id>/", views.bank_detail, name="bank"),
    path("banques/<int:bank_id>/questions/nouvelle/", views.question_edit, name="question_create"),
    path(
        "banques/<int:bank_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "banques/<int:bank_id>/questions/<int:question_id>/retirer/",
        views.question_retire,
        name="question_retire",
    ),
    path("mes-notes/", views_gradebook.my_grades, name="grades"),
    path("mes-resultats/", views.results, name="results"),
    path("mes-resultats/<slug:course_slug>/", views.my_results, name="my_results"),
    path("glossaire/<slug:course_slug>/", views.glossary, name="glossary"),
    path(
        "glossaire/<slug:course_slug>/nouveau/", views.glossary_entry_create, name="glossary_create"
    ),
    path(
        "glossaire/<slug:course_slug>/propositions/",
        views.glossary_proposals,
        name="glossary_proposals",
    ),
    path(
        "glossaire/<slug:course_slug>/<int:entry_id>/modifier/",
        views.glossary_entry_edit,
        name="glossary_edit",
    ),
    path(
        "glossaire/<slug:course_slug>/<int:entry_id>/moderer/",
        views.glossary_entry_moderate,
        name="glossary_moderate",
    ),
    path("audio/<int:activity_id>/", views.audio_edit, name="audio_edit"),
    path("audio/<int:activity_id>/fichier/", views.audio_file, name="audio_file"),
    path("relecture/", views.review_list, name="review_list"),
    path("relecture/<int:activity_id>/", views.review_mark, name="review_mark"),
    path("signaler/<int:activity_id>/", views.report_create, name="report_create"),
    path("erreurs-signalees/", views.report_list, name="report_list"),
    path("erreurs-signalees/<int:report_id>/", views.report_detail, name="report"),
    # The course studio (content/studio/).
    path("atelier-de-contenu/", include("content.studio.urls")),
]

# Imports and exports (question banks, glossaries, Moodle backups).
urlpatterns += urls_bank.urlpatterns
