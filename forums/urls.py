from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:forum_id>/", views.forum_detail, name="forum"),
    path("<int:forum_id>/nouveau-sujet/", views.thread_create, name="thread_create"),
    path("<int:forum_id>/tout-marquer-lu/", views.forum_mark_read, name="mark_read"),
    path("sujets/<int:thread_id>/", views.thread_detail, name="thread"),
    path("sujets/<int:thread_id>/repondre/", views.reply, name="reply"),
    path("sujets/<int:thread_id>/premier-non-lu/", views.thread_first_unread, name="first_unread"),
    path("sujets/<int:thread_id>/moderation/", views.thread_moderate, name="thread_moderate"),
    path("sujets/<int:thread_id>/deplacer/", views.thread_move, name="thread_move"),
    path("messages/<int:post_id>/", views.post_detail, name="post"),
    path("messages/<int:post_id>/modifier/", views.post_edit, name="post_edit"),
    path("messages/<int:post_id>/masquer/", views.post_hide, name="post_hide"),
    path("pieces-jointes/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("abonnements/", views.subscriptions, name="subscriptions"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("recherche/", views.search, name="search"),
]
