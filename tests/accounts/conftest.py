import pytest

from accounts.models import TermsVersion
from accounts.selectors import forget_current_terms
from tests.accounts.factories import TermsVersionFactory


@pytest.fixture
def published_terms(db):
    """Current CGU and mentions légales."""
    versions = [
        TermsVersionFactory(kind=TermsVersion.Kind.CGU, version="2026-1"),
        TermsVersionFactory(kind=TermsVersion.Kind.LEGAL, version="2026-1"),
    ]
    forget_current_terms()
    return versions


# --- A real OpenID Connect / OAuth 2.0 server on loopback -------------------------


@pytest.fixture(scope="session")
def idp():
    """oidc-provider-mock in a subprocess on 127.0.0.1 (tests/accounts/
    idp_server.py), with one registered client whose redirect URIs are
    Callisto's callbacks."""
    import subprocess
    import sys

    import requests
    from django.conf import settings

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.accounts.idp_server"],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("PORT "), f"identity provider did not start: {line!r}"
        base = f"http://127.0.0.1:{int(line.split()[1])}"
        registration = requests.post(
            f"{base}/oauth2/clients",
            json={
                "redirect_uris": [
                    "http://testserver/compte/oidc/sesame/login/callback/",
                    "http://testserver/compte/oidc/sygefor_oidc/login/callback/",
                    "http://testserver/compte/sygefor/login/callback/",
                ],
                "token_endpoint_auth_method": "client_secret_post",
            },
            timeout=10,
        )
        registration.raise_for_status()
        client = registration.json()
        yield {"base": base, "client_id": client["client_id"], "secret": client["client_secret"]}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stdout.close()
