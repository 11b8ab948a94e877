from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from .provider import SygeforProvider

urlpatterns = default_urlpatterns(SygeforProvider)
