from django.urls import path

from . import views

app_name = "tutoring"

urlpatterns = [
    path("", views.board, name="board"),
    path("candidats/<int:registration_id>/", views.candidate, name="candidate"),
    path("candidats/<int:registration_id>/relance/", views.reminder_new, name="reminder_new"),
    path("candidats/<int:registration_id>/entretien/", views.interview, name="interview"),
    path("questions/", views.my_threads, name="my_threads"),
    path("questions/nouvelle/", views.thread_new, name="thread_new"),
    path("questions/<int:pk>/", views.thread, name="thread"),
    path("questions/<int:pk>/formateur/", views.thread_escalate, name="thread_escalate"),
    path("sollicitations/<int:pk>/", views.trainer_request, name="trainer_request"),
    path("pieces-jointes/<int:pk>/", views.attachment, name="attachment"),
]
