from django.contrib.flatpages import views as flatpage_views
from django.urls import path

from . import views


def _page(url):
    return views.login_not_required(flatpage_views.flatpage), {"url": url}


urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("metriques/", views.metrics, name="metrics"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/<int:pk>/telecharger/", views.my_data_download, name="my_data_download"),
    path("mentions-legales/", *_page("/mentions-legales/"), name="legal_notice"),
    path("cgu/", *_page("/cgu/"), name="terms"),
    path("donnees-personnelles/", *_page("/donnees-personnelles/"), name="privacy"),
    path("aide/", *_page("/aide/"), name="help"),
    path("accessibilite/", *_page("/accessibilite/"), name="accessibility"),
]
