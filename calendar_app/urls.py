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
    path("evenements/<int:pk>/presences/", views.workshop_attendance, name="attendance"),
    path("evenements/<int:pk>/supports/", views.workshop_attach, name="attach"),
    path("evenements/<int:pk>/supports/diaporama/", views.workshop_slides, name="slides"),
    path("abonnement/", views.feed_settings, name="feed_settings"),
    path("abonnement/regenerer/", views.feed_regenerate, name="feed_regenerate"),
    path("abonnement/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("flux/<str:token>.ics", views.feed, name="feed"),
    path("pdf/<int:preparation_id>/", views.pdf, name="pdf"),
    path("pdf/<int:preparation_id>/mon-calendrier/", views.pdf_mine, name="pdf_mine"),
]
