"""The demo data set (``manage.py seed_demo``): a composition layer above the
apps, like ``config``. One module per app holds its seed; the long texts are
files under ``data/``, the recordings under ``files/``."""
