from django.urls import path

from . import views

app_name = "calendar_app"

urlpatterns = [
    path("", views.month, name="month"),
    path("<int:year>/<int:month>/", views.month, name="month"),
    path("liste/", views.month_list, name="list"),
    path("liste/<int:year>/<int:month>/", views.month_list, name="list"),
    path("evenements/<int:pk>/", views.event_detail, name="event"),
    path("evenements/<int:pk>/ics/", views.event_ics, name="event_ics"),
    path("evenements/<int:pk>/inscription/", views.workshop_register, name="register"),
    path("evenements/<int:pk>/desinscription/", views.workshop_unregister, name="unregister"),
    path("evenements/<int:pk>/supports/diaporama/", views.workshop_slides, name="slides"),
    path(
        "evenements/<int:pk>/supports/enregistrement/",
        views.workshop_recording,
        name="recording",
    ),
    # Trainers' pages (the workshops they run).
    path("ateliers/", views.my_workshops, name="workshops"),
    path("ateliers/nouveau/", views.workshop_create, name="workshop_create"),
    path("ateliers/<int:pk>/modifier/", views.workshop_edit, name="workshop_edit"),
    path("ateliers/<int:pk>/annuler/", views.workshop_cancel, name="workshop_cancel"),
    path("ateliers/<int:pk>/inscrits/", views.workshop_registrants, name="registrants"),
    path("ateliers/<int:pk>/presences/", views.workshop_attendance, name="attendance"),
    path("ateliers/<int:pk>/supports/", views.workshop_attach, name="attach"),
    path("abonnement/", views.feed_settings, name="feed_settings"),
    path("abonnement/regenerer/", views.feed_regenerate, name="feed_regenerate"),
    path("abonnement/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("flux/<str:token>.ics", views.feed, name="feed"),
    path("pdf/<int:preparation_id>/", views.pdf, name="pdf"),
    path("pdf/<int:preparation_id>/mon-calendrier/", views.pdf_mine, name="pdf_mine"),
]
