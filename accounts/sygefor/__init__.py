"""Sygefor: an allauth provider for Sygefor's plain OAuth 2.0 server.

Sygefor (the training-management software of the CRFCB/URFIST networks)
authorizes at ``{base}/oauth/v2/auth``, issues tokens at
``{base}/oauth/v2/token`` and returns the person's profile as JSON from a
profile URL. See docs/sso.md."""
