from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (username or email), except that an inactive account
    with the right password fails exactly like a wrong password: allauth
    would otherwise send it to an "account inactive" page, which tells a
    stranger that the password was right."""

    @classmethod
    def _stash_user(cls, user):
        return None
