from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark-only app: installed when ``BENCH=1`` (see bench/README.md)."""

    name = "bench"
    verbose_name = "Benchmark"
    default_auto_field = "django.db.models.BigAutoField"
