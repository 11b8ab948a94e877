from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)


class SygeforOAuth2Adapter(OAuth2Adapter):
    """Endpoints come from the app settings (``base_url``, ``profile_url``),
    read at request time so that tests and deployments can change them."""

    provider_id = "sygefor"

    @property
    def _settings(self) -> dict:
        return self.get_provider().app.settings

    @property
    def _base_url(self) -> str:
        return self._settings["base_url"].rstrip("/")

    @property
    def authorize_url(self):
        return f"{self._base_url}/oauth/v2/auth"

    @property
    def access_token_url(self):
        return f"{self._base_url}/oauth/v2/token"

    @property
    def profile_url(self):
        return self._settings["profile_url"]

    def complete_login(self, request, app, token, **kwargs):
        headers = {"Authorization": f"Bearer {token.token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers, timeout=10)
            response.raise_for_status()
            extra_data = response.json()
        return self.get_provider().sociallogin_from_response(request, extra_data)


oauth2_login = OAuth2LoginView.adapter_view(SygeforOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(SygeforOAuth2Adapter)
