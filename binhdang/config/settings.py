"""Settings for Bình Đẳng, read from the environment (see docs/configuration.md).

Two profiles: `embedded` (the default: SQLite under var/, console e-mail, debug on, tasks
in-process) and `production` (BINHDANG_ENV=production: SECRET_KEY and ALLOWED_HOSTS are
required, HTTPS-only cookies and HSTS, debug off).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from binhdang.config.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("BINHDANG_VAR_DIR", str(BASE_DIR / "var")))

PROFILE = env.str("BINHDANG_ENV", "embedded").strip().lower()
if PROFILE not in {"embedded", "production"}:
    raise ImproperlyConfigured(f"BINHDANG_ENV={PROFILE!r}: use 'embedded' or 'production'.")
PRODUCTION = PROFILE == "production"

DEBUG = env.bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    # Debug pages show settings, code and data to whoever triggers an error; production shows
    # the Vietnamese error pages of binhdang/templates/ (404.html, 403.html, 500.html, 400.html).
    raise ImproperlyConfigured("DEBUG must not be true when BINHDANG_ENV=production.")


def _secret_key() -> str:
    key = env.str("SECRET_KEY", "")
    if key:
        if PRODUCTION and (len(key) < 50 or len(set(key)) < 5):
            raise ImproperlyConfigured("SECRET_KEY is too short: use at least 50 random characters.")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when BINHDANG_ENV=production.")
    # Embedded run: one random key kept under var/, so sessions survive a restart.
    key_file = VAR_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the server's host names in production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form shows binhdang/templates/403_csrf.html (Django's default view renders it when it exists).
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",  # the second factor (accounts.two_factor)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "binhdang.config.apps.AxesConfig",  # django-axes under a Vietnamese name in the admin
    "binhdang.core",
    "binhdang.orgunits",
    "binhdang.accounts",
    "binhdang.plans",
    "binhdang.indicators",
    "binhdang.reporting",
    "binhdang.feedback",
    "binhdang.gbv",
    "binhdang.documents",
    "binhdang.analytics",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc as local static files (no CDN)
    "binhdang.api",
    "binhdang.synthetic",
    "binhdang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "binhdang.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "binhdang.accounts.middleware.ActiveMembershipMiddleware",
    "binhdang.accounts.two_factor.SecondFactorMiddleware",
    "binhdang.core.uploads.UploadNamesMiddleware",  # an unreadable file name is named, not a bare 400
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "binhdang.config.urls"
WSGI_APPLICATION = "binhdang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "binhdang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "binhdang.accounts.context_processors.memberships",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'binhdang.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
# A kept connection is checked before each request reuses it: after a database restart the first
# request gets a new connection instead of an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login protection (django-axes): a username is locked after repeated failures from any address, and
# an address after repeated failures across usernames (a higher limit: an office shares one address;
# accounts.views.LoginView checks it against axes' records).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # the address is checked too, with its own limit (above)
AXES_LOCKOUT_CALLABLE = "binhdang.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IP_HEADERS", default=["REMOTE_ADDR"])
# The second factor (accounts.two_factor): required for privileged accounts in production, offered in
# the embedded demo. Password-reset requests per address and per e-mail address in an hour.
OTP_REQUIRED = env.bool("OTP_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", "Bình Đẳng")
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", 5)

# Language, time, formats: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "binhdang" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["binhdang.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "binhdang" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
# Uploaded files (evidence, imports) live outside the web root and are served by views that check scope.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))

# E-mail: EMAIL_URL=smtp://user:password@host:587 (smtp+tls://, smtp+ssl://) or consolemail://
for _key, _value in env.email_url(
    "EMAIL_URL", "smtp://localhost:25" if PRODUCTION else "consolemail://"
).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Bình Đẳng <no-reply@binhdang.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site as users reach it, for links in e-mails.
SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000")

# The cache holds the country's per-province partial sums (analytics.partials), each under an exact
# fingerprint of its reports, so a stale entry is never read. In memory per process by default;
# CACHE_URL=redis://… shares it between the web workers.
CACHES = {
    "default": (
        env.cache_url("CACHE_URL")
        if env.str("CACHE_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    )
}

# Background jobs: Celery with a broker in production; without one tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-abandoned-plan-drafts": {"task": "plans.purge_abandoned_drafts", "schedule": 24 * 3600},
    "send-reminders": {"task": "reporting.send_reminders", "schedule": 3600},  # idempotent: each step once
    "feedback-daily": {"task": "feedback.daily", "schedule": 3600},  # escalations and digests: each once
    "gbv-escalate-referrals": {"task": "gbv.escalate_referrals", "schedule": 3600},  # idempotent: once each
    "sweep-stale-jobs": {"task": "core.sweep_stale_jobs", "schedule": 300},  # core.jobs
}
# A task is acknowledged when it ends, not when it starts: a worker killed mid-job leaves it to another
# (core.jobs.claim takes it up again, at most twice). One task at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
JOB_STALE_MINUTES = env.int("JOB_STALE_MINUTES", 30)  # a running job silent this long is failed
JOB_QUEUED_MINUTES = env.int("JOB_QUEUED_MINUTES", 120)  # a job no worker took up this long is failed

# Security. The production profile passes `manage.py check --deploy`.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
    if env.bool("BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from this site, no inline script
# (JavaScript lives in binhdang/static/js/), nothing framed, forms post only here. Inline style
# attributes stay allowed (a progress bar's width comes from the server); <style> blocks do not.
def _standalone_style_hash() -> str:
    """The hash of the one <style> block allowed: the stand-alone error pages' (400, 500), which must show
    when static files cannot be served."""
    text = (BASE_DIR / "binhdang" / "templates" / "errors" / "standalone.html").read_text(encoding="utf-8")
    block = text.split("<style>", 1)[1].split("</style>", 1)[0]
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", _standalone_style_hash()],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its form icons as data: SVG
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
}

# Plans and evidence (limits shown to users in their messages).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# An Excel import is read in a child process with this much memory (MB, beyond what it inherits) and
# time (s): a file that needs more fails alone, with a message (reporting/xlsx/isolated.py). 0: in-process.
IMPORT_MEMORY_MB = env.int("IMPORT_MEMORY_MB", 512)
IMPORT_SECONDS = env.int("IMPORT_SECONDS", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024


# The GBV register (binhdang/gbv, docs/configuration.md). GBV_KEYS: Fernet keys, newest first,
# comma-separated; every key listed decrypts, the first encrypts (`manage.py rotate_gbv_keys`).
# Production requires them; the embedded profile keeps one generated key under var/.
def _gbv_keys() -> list[str]:
    keys = env.list("GBV_KEYS", default=[])
    if keys:
        return keys
    if PRODUCTION:
        raise ImproperlyConfigured("GBV_KEYS must be set when BINHDANG_ENV=production.")
    key_file = VAR_DIR / "gbv_key"
    try:
        return [key_file.read_text().strip()]
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        key_file.write_text(key)
        key_file.chmod(0o600)
        return [key]


GBV_KEYS = _gbv_keys()
GBV_SUPPRESSION_THRESHOLD = env.int("GBV_SUPPRESSION_THRESHOLD", 5)  # counts 1 … threshold−1 show as "<5"
# The API (binhdang/api, docs/api.md): personal tokens (`Authorization: ApiToken …`), HTTP Basic through
# django-axes (the login page's lockout), the session; each token its own rate limit.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "binhdang.api.auth.ApiTokenAuthentication",
        "binhdang.api.auth.BasicAuthentication",
        "binhdang.api.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["binhdang.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env.str("API_TOKEN_RATE", "1200/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bình Đẳng API",
    "DESCRIPTION": "Plans, tasks, reports, figures, workflow, indicators; DHIS2-compatible data exchange. "
    "See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",  # tags by resource (units, submissions…); DHIS2's paths: "DHIS2"
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "binhdang.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SubmissionStatusEnum": "binhdang.reporting.choices.SubmissionStatus",
        "TaskStatusEnum": "binhdang.plans.choices.TaskStatus",
        "PlanStatusEnum": "binhdang.plans.choices.PlanStatus",
    },
}
