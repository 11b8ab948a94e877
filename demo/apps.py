from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo's management commands (``seed_demo``, ``demo_totp``); no models."""

    name = "demo"
