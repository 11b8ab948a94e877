from django.apps import AppConfig


class SygeforConfig(AppConfig):
    name = "accounts.sygefor"
    label = "sygefor"
    verbose_name = "Sygefor"
