"""Callisto settings, read from the environment (django-environ).

Three profiles, chosen by ``DJANGO_ENV``:

- ``development`` (default): the embedded demo. With nothing set it runs on
  SQLite, Celery tasks run eagerly in the web process and emails are printed
  on the console.
- ``test``: what pytest uses. It defaults to the machine's real PostgreSQL
  and Redis (see ``.env.example``).
- ``production``: secrets and hosts must come from the environment; the
  security settings make ``manage.py check --deploy`` clean.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration as _GuidCelery

from core.observability import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Profile and environment ---------------------------------------------------

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise environ.ImproperlyConfigured(f"Unknown DJANGO_ENV {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")
# Benchmark mode (bench/README.md): ``BENCH=1`` adds the baseline views under
# /_bench/ and a Server-Timing header (query count and database time) on every
# response. Never set in production.
BENCH = env.bool("BENCH", default=False)

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-only-for-the-embedded-demo")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Rotating SECRET_KEY (docs/deployment.md): the previous keys still verify
# sessions and links signed before the change, for as long as they are listed.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the portal is reached, used in emails sent by background tasks.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Applications --------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    # Project apps
    "core",
    "accounts",
    "courses",
    "calendar_app",
    "tutoring",
    "forums",
    "assignments",
    "notifications",
    # The baseline views under /_bench/ (BENCH).
    *(["bench"] if BENCH else []),
    # allauth, terms gate, staff MFA (accounts app); see docs/sso.md for the
    # SSO routes.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "accounts.sygefor",
    "allauth.mfa",
    "allauth.usersessions",
    # Quizzes, glossary, media, yearly review.
    "content",
    # The demo data set (seed_demo, demo_totp), above every app (pyproject.toml).
    "demo",
    # Request id (django-guid's log filter and Celery integration; see
    # "Logging and operations" below).
    "django_guid",
]
SITE_ID = 1
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Middleware ----------------------------------------------------------------

MIDDLEWARE = [
    # Request id, request metrics; lets /sante/ and /metriques/ through whatever
    # their Host header (django-guid's own middleware is not used: it costs more).
    "core.metrics.OperationsMiddleware",
    # The Server-Timing header of the benchmark mode (BENCH).
    *(["bench.middleware.ServerTimingMiddleware"] if BENCH else []),
    "django.middleware.security.SecurityMiddleware",
    # Static files in every profile (the demo's runserver serves none itself:
    # whitenoise.runserver_nostatic), answered before sessions or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp), Permissions-Policy, COOP.
    "core.middleware.SecurityHeadersMiddleware",
    # 400 for a query string no page can use (huge integers, NUL characters).
    "core.middleware.BoundedQueryMiddleware",
    "core.fragments.RequestGenerations",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the site has one language (LANGUAGES), so every
    # request is answered in LANGUAGE_CODE without reading Accept-Language or
    # a cookie to choose among one (about 130 Python calls a page). Add it
    # back with a second language.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Cache-Control: private, no-store on pages showing personal data.
    "core.middleware.PersonalPagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page that renders an undefined template variable fails its test
    # (string_if_invalid below; tests/undefined_variables.py).
    *(["tests.undefined_variables.UndefinedVariableMiddleware"] if TESTING else []),
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.TermsGateMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    "accounts.middleware.SSOUnavailableMiddleware",
    # request.user as the user itself once the gates have read it.
    "core.middleware.ResolvedUserMiddleware",
    # 413 for a multipart body larger than its path's limit (UPLOAD_LIMITS).
    "core.upload_handlers.UploadLimitMiddleware",
]

# --- URLs and templates --------------------------------------------------------

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            BASE_DIR / "templates",
            # accounts/templates overrides allauth's own templates (allauth sits
            # after accounts in INSTALLED_APPS, so the app loader alone would
            # pick allauth's).
            BASE_DIR / "accounts" / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "notifications.context_processors.bell",
            ],
            # Undefined variables fail the tests instead of rendering "": the
            # test profile's middleware refuses a page carrying the marker.
            "string_if_invalid": "INVALID[%s]" if TESTING else "",
        },
    }
]

# --- Data stores ---------------------------------------------------------------

if TESTING:
    _default_db = "postgres://postgres@127.0.0.1:5432/callisto"
    _default_redis = "redis://127.0.0.1:6379/1"
else:
    _default_db = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    _default_redis = ""

DATABASES = {
    "default": {
        **env.db("DATABASE_URL", default=_default_db),
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0),
        "CONN_HEALTH_CHECKS": True,
        "ATOMIC_REQUESTS": False,
    }
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Embedded demo only: SQLite cannot enforce the "NULLs not distinct"
    # uniqueness of courses.Enrolment; PostgreSQL (tests, production) does.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default=_default_redis)
if PRODUCTION and not REDIS_URL:
    # Without the shared cache each gunicorn worker would count failed logins
    # on its own (5 allowed per worker) and Celery would have no broker.
    raise environ.ImproperlyConfigured(
        "REDIS_URL est obligatoire en production (cache partagé\u00a0: limites de "
        "connexion, Celery). / REDIS_URL is required in production (the shared "
        "cache holds the login rate limits across workers; Celery's broker)."
    )

# --- Cache ---------------------------------------------------------------------

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="callisto"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Busy pages keep their costly fragments this long at most (core/fragments.py);
# a change to what they show makes a new key at once. 0 turns it off; it is
# off without Redis, where each process would keep its own copy.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=60 if REDIS_URL else 0)

# --- Celery --------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
# Eager when there is no broker (the embedded demo) and in unit tests; a real
# worker is started by the tests marked "worker".
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="default")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Paris"
# Separate queues so a flood of emails never delays a PDF: workers are started
# per queue in production (docker-compose.yml, docs/deployment.md). Routes
# name each task exactly (no pattern: a task whose name happens to contain
# "email" stays on the default queue): the one email task, which sends every
# email of the site (core.mail), and the PDF builds. Everything else runs on
# the default queue. (Celery 5.7 deprecates the task's own ``queue`` option
# in favour of this setting.)
CELERY_TASK_ROUTES = (
    # The test suite's worker: every task, and those it queues itself, on its
    # one queue (CELERY_TASK_DEFAULT_QUEUE).
    {}
    if env.bool("CELERY_SINGLE_QUEUE", default=False)
    else {
        "core.tasks.send_email": {"queue": "emails"},
        "calendar_app.tasks.build_calendar_pdf": {"queue": "pdf"},
    }
)

# Health (/sante/, core/health.py): beat sends a heartbeat task to each queue
# every HEALTH_HEARTBEAT_SECONDS; beat's own heartbeat, or a queue's, older than
# HEALTH_MAX_AGE_SECONDS makes /sante/ answer 503 naming it.
HEALTH_QUEUES = ["default", "emails", "pdf"]
HEALTH_HEARTBEAT_SECONDS = env.int("HEALTH_HEARTBEAT_SECONDS", default=60)
HEALTH_MAX_AGE_SECONDS = env.int("HEALTH_MAX_AGE_SECONDS", default=3 * HEALTH_HEARTBEAT_SECONDS)

# Periodic tasks (name -> task and schedule), run by ``celery -A config beat``.
CELERY_BEAT_SCHEDULE = {
    "core-flush-outbox": {"task": "core.tasks.flush_outbox", "schedule": 60.0},
    "core-apply-retention": {"task": "core.tasks.apply_retention", "schedule": 24 * 3600.0},
    # The health heartbeats, one per queue.
    **{
        f"core-heartbeat-{queue}": {
            "task": "core.tasks.heartbeat",
            "schedule": float(HEALTH_HEARTBEAT_SECONDS),
            "args": [queue],
            # A heartbeat that waited longer than this would only tell an old news.
            "options": {"queue": queue, "expires": HEALTH_MAX_AGE_SECONDS},
        }
        for queue in HEALTH_QUEUES
    },
    "tutoring-automatic-reminders": {
        "task": "tutoring.tasks.send_automatic_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    "tutoring-overdue-questions": {
        "task": "tutoring.tasks.notify_overdue_questions",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon-fri"),
    },
    # The daily digest of the forums, at a fixed hour (Europe/Paris).
    "forums-daily-digest": {
        "task": "forums.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # The daily digest of the notifications (notifications app), after the forums'.
    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=10),
    },
    # Each production group's "À relire" list, on the first of the month.
    "content-review-reminders": {
        "task": "content.tasks.send_review_reminders",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    # Calendar: reminder emails, every morning (Paris time).
    "calendar-reminders": {
        "task": "calendar_app.tasks.send_due_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}

# --- Email ---------------------------------------------------------------------

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# First wait before an email refused for a transient reason is tried again
# (then doubled: 30 s, 1 min, 2 min, 4 min; core.tasks.send_email).
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Callisto <noreply@callisto.example.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts and allauth (accounts app; docs/sso.md) --------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.AuthenticationBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
# Local passwords: length and "not common" only, no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    # Hashing is measured in the benchmark; unit tests need not pay for it.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Reset links: 30 minutes; activation links use their own 7-day generator
# (accounts.tokens).
PASSWORD_RESET_TIMEOUT = 30 * 60
ACCOUNTS_ACTIVATION_TIMEOUT = 7 * 24 * 3600

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    # The lookup and the email are a Celery task: the same work and time on
    # the request path whether the address has an account or not.
    "reset_password": "accounts.forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# No email to an address that has no account (same page either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Security notices to the account holder (password changed or reset, email
# changed, two-factor device added...): accounts.adapters.send_notification_mail
# sends them through core.mail with Callisto's French templates.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Callisto] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# The sixth failed login in 15 minutes for one account is refused.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/15m/key",
    "reset_password_from_key": "20/m/ip",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# Accounts are created by coordinators; SSO never creates one unless allowed.
ACCOUNTS_SSO_CREATE_USERS = env.bool("ACCOUNTS_SSO_CREATE_USERS", default=False)
# Coordinators and admins must set up TOTP before anything else.
ACCOUNTS_STAFF_MFA_REQUIRED = env.bool("ACCOUNTS_STAFF_MFA_REQUIRED", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Callisto"

# Identity providers, each present when its variables are set: Sésame and
# Sygefor over OpenID Connect, or else Sygefor's own API (accounts.sygefor).
_oidc_apps = [
    *(
        [
            {
                "provider_id": "sesame",
                "name": "Sésame",
                "client_id": env("SESAME_CLIENT_ID"),
                "secret": env("SESAME_CLIENT_SECRET"),
                "settings": {
                    "server_url": env("SESAME_OIDC_ISSUER"),
                    "scope": ["openid", "email", "profile"],
                },
            }
        ]
        if env("SESAME_OIDC_ISSUER", default="")
        else []
    ),
    *(
        [
            {
                "provider_id": "sygefor_oidc",
                "name": "Sygefor",
                "client_id": env("SYGEFOR_CLIENT_ID"),
                "secret": env("SYGEFOR_CLIENT_SECRET"),
                "settings": {
                    "server_url": env("SYGEFOR_OIDC_ISSUER"),
                    "scope": ["openid", "email", "profile"],
                },
            }
        ]
        if env("SYGEFOR_OIDC_ISSUER", default="")
        else []
    ),
]
SOCIALACCOUNT_PROVIDERS = {
    **({"openid_connect": {"APPS": _oidc_apps}} if _oidc_apps else {}),
    **(
        {
            "sygefor": {
                "APPS": [
                    {
                        "client_id": env("SYGEFOR_CLIENT_ID"),
                        "secret": env("SYGEFOR_CLIENT_SECRET"),
                        "settings": {
                            "base_url": env("SYGEFOR_BASE_URL"),
                            "profile_url": env("SYGEFOR_PROFILE_URL"),
                            # Whether Sygefor checked the addresses it returns.
                            "trust_email": env.bool("SYGEFOR_TRUST_EMAIL", default=True),
                        },
                    }
                ]
            }
        }
        if not env("SYGEFOR_OIDC_ISSUER", default="") and env("SYGEFOR_BASE_URL", default="")
        else {}
    ),
}
# Reverse proxies in front of Callisto: the client IP (rate limits, terms
# acceptance evidence) is read from X-Forwarded-For past this many proxies.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Internationalisation ------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [
    BASE_DIR / "core" / "locale",
    BASE_DIR / "accounts" / "locale",
    # allauth's strings in the site's words (scripts/allauth_french.py), before
    # allauth's own catalogue; after accounts/locale, so makemessages files no
    # project string there.
    BASE_DIR / "accounts" / "allauth_locale",
    BASE_DIR / "courses" / "locale",
    BASE_DIR / "calendar_app" / "locale",
    BASE_DIR / "tutoring" / "locale",
    BASE_DIR / "forums" / "locale",
    BASE_DIR / "assignments" / "locale",
    BASE_DIR / "notifications" / "locale",
    BASE_DIR / "content" / "locale",
    # Project-level catalogue last: makemessages files each string in the first
    # catalogue whose folder holds the source, so every app keeps its own.
    BASE_DIR / "locale",
]

# --- Static files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages installed by npm (package.json), never a CDN: only the
# files the pages load, each with its source map (core/staticfinders.py).
_npm = BASE_DIR / "node_modules"
STATIC_VENDOR_FILES = {
    "vendor/bootstrap/css/bootstrap.min.css": _npm / "bootstrap/dist/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js": (
        _npm / "bootstrap/dist/js/bootstrap.bundle.min.js"
    ),
    # The course studio's rich text editor (static/js/richtext.js) and the
    # sanitiser it pastes through.
    "vendor/squire/squire.js": _npm / "squire-rte/dist/squire.js",
    "vendor/dompurify/purify.min.js": _npm / "dompurify/dist/purify.min.js",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfinders.VendorFinder",
]
# Outside production WhiteNoise reads the files where the finders find them
# (static/, node_modules), at each request, so no collectstatic is needed; in
# production it serves STATIC_ROOT (collectstatic, hashed names) from memory.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Files browsers ask for at the site root (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# --- Media and uploads (core/uploads.py, core/upload_handlers.py, docs/uploads.md)

MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# No MEDIA_URL is served: files go out only through views that check access.
MEDIA_URL = "/media-non-publique/"
S3_BUCKET = env("S3_BUCKET", default="")
STORAGES = {
    # Uploaded files on an S3-compatible object store when configured (several
    # web and worker machines share it; docs/deployment.md). Private objects:
    # files still go out only through the views that check access.
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env("S3_ENDPOINT_URL", default=None),
                "access_key": env("S3_ACCESS_KEY_ID", default=None),
                "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
                "region_name": env("S3_REGION", default=None),
                "location": env("S3_LOCATION", default="media"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest multipart body per path prefix (longest prefix wins), refused with a
# 413 before the body is read; the files themselves are checked again, one by
# one, by core.uploads.check_upload with each form's own limits.
UPLOAD_LIMIT_DEFAULT = 10 * 1024 * 1024
UPLOAD_LIMITS = {
    "/devoirs/": 60 * 1024 * 1024,
    "/forums/": 20 * 1024 * 1024,
    "/tutorat/": 20 * 1024 * 1024,
    "/calendrier/": 25 * 1024 * 1024,
    # Workshop recordings (audio, CONTENT_AUDIO_MAX_BYTES) and slides.
    "/calendrier/ateliers/": 110 * 1024 * 1024,
    "/audio/": 110 * 1024 * 1024,
    # The course studio: activity files (50 MB) and recordings (100 MB).
    "/atelier-de-contenu/": 110 * 1024 * 1024,
    "/admin/": 60 * 1024 * 1024,
    "/moodle/": 105 * 1024 * 1024,  # Moodle course backups (content.interop)
}
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_HANDLERS = [
    "core.upload_handlers.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# ZIP-based office files (DOCX, ODT, XLSX...): decompression-bomb limits.
UPLOAD_ZIP_MAX_ENTRIES = 1000
UPLOAD_ZIP_MAX_UNPACKED = 100 * 1024 * 1024
UPLOAD_ZIP_MAX_RATIO = 100
UPLOAD_IMAGE_MAX_PIXELS = 40_000_000
# Archives unpacked on purpose (Moodle course backups, core.uploads.check_archive).
UPLOAD_ARCHIVE_MAX_ENTRIES = 50_000
UPLOAD_ARCHIVE_MAX_UNPACKED = 2048 * 1024 * 1024

# --- Personal data -------------------------------------------------------------

# Personal data (RGPD): copies and their feedback files are deleted this many
# months after their preparation closed (grades are kept, see core/privacy.py).
RETENTION_MONTHS_COPIES = env.int("RETENTION_MONTHS_COPIES", default=24)
# Exports (Mes données, CSV/ODS tables) one person may start in an hour, all
# kinds together, counted in the cache for every worker (core/exports.py).
EXPORTS_PER_HOUR = env.int("EXPORTS_PER_HOUR", default=10)

# --- Tutoring, calendar, content -----------------------------------------------

# A candidate's question is due this many business days after the day it
# counts from (messages after this hour count from the next business day).
TUTORING_REPLY_DELAY_BUSINESS_DAYS = env.int("TUTORING_REPLY_DELAY_BUSINESS_DAYS", default=2)
TUTORING_WORKDAY_END_HOUR = 18
# Automatic reminders and the drop-out flag: no login for this many days.
TUTORING_INACTIVITY_DAYS = env.int("TUTORING_INACTIVITY_DAYS", default=14)
TUTORING_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
# A workshop's videoconference link shows to its registered candidates from
# this many minutes before the start until the end (new sessions; each
# session keeps the value it was created with).
WORKSHOP_LINK_OPENS_MINUTES = env.int("WORKSHOP_LINK_OPENS_MINUTES", default=15)
CONTENT_AUDIO_MAX_BYTES = env.int("CONTENT_AUDIO_MAX_BYTES", default=100 * 1024 * 1024)

# --- Security ------------------------------------------------------------------

# Sessions in the database, read through the Redis cache when there is one:
# any web process on any machine can serve any user.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A French page with a way back instead of Django's English one.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Prometheus (/metriques/) and the container health check (/sante/) speak
    # plain HTTP to the container.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$", r"^metriques/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Video activities are embedded only from VIDEO_EMBED_HOSTS (the CSP frame-src
# allow-list below; YouTube and Vimeo page addresses become their players);
# any other address is shown as a plain link.
VIDEO_EMBED_HOSTS = env.list(
    "VIDEO_EMBED_HOSTS",
    default=["www.youtube-nocookie.com", "player.vimeo.com", "www.dailymotion.com"],
)
# Logging in through an identity provider posts a form that redirects to it:
# its origin must be allowed by the CSP's form-action.
_idp_urls = [
    env(_idp, default="")
    for _idp in ("SESAME_OIDC_ISSUER", "SYGEFOR_OIDC_ISSUER", "SYGEFOR_BASE_URL")
]
# Content-Security-Policy (django-csp): no inline script anywhere; scripts,
# styles, fonts and images from the site itself. Inline ``style`` attributes
# are allowed (they cannot run code: progress bar widths); video embeds only
# from the allow-listed hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "frame-src": [f"https://{host}" for host in VIDEO_EMBED_HOSTS] or ["'none'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": [
            "'self'",
            *env.list("CSP_FORM_ACTION_EXTRA", default=[]),
            *(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in _idp_urls if url),
        ],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]

# --- Logging and operations: health, logs, errors, metrics (docs/deployment.md)

# Request id (django-guid's log filter and Celery integration): taken from
# X-Request-ID (set by nginx) or made here (core.metrics.OperationsMiddleware),
# sent back in the response, put on every log line and passed on to the Celery
# tasks the request queues; workers and beat log through LOGGING too.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
    "INTEGRATIONS": [_GuidCelery(use_django_logging=True, log_parent=False)],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # Production: one JSON object a line: time, level, logger, message,
        # request_id, and the exception when there is one.
        **(
            {
                "json": {
                    "()": "pythonjsonlogger.json.JsonFormatter",
                    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                }
            }
            if PRODUCTION
            else {}
        ),
    },
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if PRODUCTION else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-guid says "no header, made one" at INFO on every request.
        "django_guid": {"level": "WARNING"},
    },
}

# Errors to Sentry, without personal data (core/observability.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default=DJANGO_ENV),
        release=env("SENTRY_RELEASE", default=""),
        traces=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Prometheus metrics at /metriques/ (core/metrics.py): for the inside only, that
# is requests made straight from a private or loopback address, or, when
# METRICS_TOKEN is set, only requests with "Authorization: Bearer <token>".
METRICS_TOKEN = env("METRICS_TOKEN", default="")
