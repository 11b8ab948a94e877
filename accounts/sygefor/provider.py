from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount, ProviderException
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from .views import SygeforOAuth2Adapter


class SygeforAccount(ProviderAccount):
    def to_str(self):
        data = self.account.extra_data
        return data.get("email") or data.get("username") or super().to_str()


def _profile(data) -> dict:
    if not isinstance(data, dict):
        raise ProviderException("Sygefor profile is not a JSON object")
    # Some Sygefor versions wrap the profile: {"user": {...}}.
    return data["user"] if isinstance(data.get("user"), dict) else data


class SygeforProvider(OAuth2Provider):
    id = "sygefor"
    name = "Sygefor"
    account_class = SygeforAccount
    oauth2_adapter_class = SygeforOAuth2Adapter

    def get_default_scope(self):
        return self.app.settings.get("scope", ["user"]) if self.app else ["user"]

    def extract_uid(self, data):
        profile = _profile(data)
        uid = profile.get("id") or profile.get("sub") or profile.get("username")
        if uid in (None, ""):
            # Handled by allauth as a failed login (back to the login page).
            raise ProviderException("Sygefor profile without identifier")
        return str(uid)

    def extract_common_fields(self, data):
        profile = _profile(data)
        return {
            "email": profile.get("email"),
            "username": profile.get("username"),
            "first_name": profile.get("firstName") or profile.get("given_name"),
            "last_name": profile.get("lastName") or profile.get("family_name"),
        }

    def extract_email_addresses(self, data):
        profile = _profile(data)
        email = profile.get("email")
        if not email:
            return []
        # An explicit flag from Sygefor wins; otherwise the operator's setting
        # says whether Sygefor checks the addresses it holds.
        if "email_verified" in profile:
            verified = profile["email_verified"] is True
        else:
            verified = bool(self.app.settings.get("trust_email", False)) if self.app else False
        return [EmailAddress(email=email, verified=verified, primary=True)]


provider_classes = [SygeforProvider]
