from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("cours/<slug:slug>/", views.course_detail, name="course"),
    path("cours/<slug:slug>/activites/<int:activity_id>/", views.activity_detail, name="activity"),
]
