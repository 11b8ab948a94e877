from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("mes-cours/", views.my_courses, name="my_courses"),
    path(
        "mes-cours/desistement/<int:registration_id>/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "mes-cours/signaler-une-difficulte/<int:registration_id>/",
        views.support_request,
        name="support_request",
    ),
    path("cours/<slug:slug>/", views.course_detail, name="course"),
    path("cours/<slug:slug>/activites/<int:activity_id>/", views.activity_detail, name="activity"),
    path(
        "cours/<slug:slug>/activites/<int:activity_id>/fichier/",
        views.activity_file,
        name="activity_file",
    ),
    path(
        "cours/<slug:slug>/activites/<int:activity_id>/coche/",
        views.activity_tick,
        name="activity_tick",
    ),
    path("centre/equipe/", views.staff_home, name="staff_home"),
    path("centre/equipe/<int:centre_id>/", views.staff_page, name="staff"),
    path("centre/equipe/<int:centre_id>/attribuer/", views.staff_grant, name="staff_grant"),
    path(
        "centre/equipe/<int:centre_id>/retirer/<int:grant_id>/",
        views.staff_withdraw,
        name="staff_withdraw",
    ),
]
