"""A real OpenID Connect / OAuth 2.0 identity provider for the SSO tests:
oidc-provider-mock, served on 127.0.0.1 in its own process (so the test run's
"warnings are errors" does not apply to this third-party test server), also
under Sygefor's paths (plain OAuth 2.0: /oauth/v2/auth, /oauth/v2/token and a
JSON profile URL).

Run: python -m tests.accounts.idp_server  -> prints "PORT <n>" when ready."""

import sys

import werkzeug.serving
from oidc_provider_mock import app as make_app

REWRITES = {
    "/oauth/v2/auth": "/oauth2/authorize",
    "/oauth/v2/token": "/oauth2/token",
    "/api/profile": "/userinfo",
}


class SygeforPaths:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        environ["PATH_INFO"] = REWRITES.get(path, path)
        return self.app(environ, start_response)


def main() -> None:
    app = make_app(require_client_registration=True, require_nonce=False)
    server = werkzeug.serving.make_server("127.0.0.1", 0, SygeforPaths(app), threaded=True)
    print(f"PORT {server.server_port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
