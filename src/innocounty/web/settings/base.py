"""Settings shared by every environment.

The database comes from ``DATABASE_URL`` (dj-database-url syntax); without it the platform uses the
embedded SQLite file under ``var/``. Background jobs run on huey: on Redis when ``HUEY_REDIS_URL`` is
set, on huey's SQLite storage under ``var/`` otherwise, so the default path needs neither PostgreSQL nor Redis.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/innocounty
REPO_DIR = PACKAGE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("INNOCOUNTY_VAR_DIR", REPO_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-local-use-0123456789abcdef")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "innocounty.accounts.admin_config.PlatformAdminConfig",  # django.contrib.admin, open to ministry staff only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "innocounty.regions",
    "innocounty.accounts",
    "innocounty.audit",
    "innocounty.audit_log",
    "innocounty.dashboard",
    "innocounty.notifications",
    "innocounty.monitoring",
    "innocounty.evaluations",
    "innocounty.batches",
    "innocounty.applications",
    "innocounty.reviews",
    "innocounty.experts",
    "innocounty.rankings",
    "innocounty.approvals",
    "innocounty.construction",
    "innocounty.acceptance",
    "innocounty.overview",
    "innocounty.opendata",
    "innocounty.twofactor",
    "innocounty.ops",
]

MIDDLEWARE = [
    "innocounty.common.request_context.RequestContextMiddleware",  # X-Request-ID, in every log record
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP (settings/hardening.py)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "innocounty.web.api_errors.ApiErrorMiddleware",  # JSON for every /api/ answer (before CommonMiddleware)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "innocounty.twofactor.middleware.TwoFactorMiddleware",  # enrol / verify before anything else
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "innocounty.common.ratelimit.PublicRateLimitMiddleware",  # anonymous visitors, per address
    "innocounty.dashboard.errors.ErrorPageMiddleware",
    "innocounty.common.unavailable.DatabaseUnavailableMiddleware",  # last: sees the view's exception first
]

ROOT_URLCONF = "innocounty.web.urls"
CSRF_FAILURE_VIEW = "innocounty.dashboard.errors.csrf_failure"
WSGI_APPLICATION = "innocounty.web.wsgi.application"
ASGI_APPLICATION = "innocounty.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innocounty.dashboard.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'innocounty.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,  # a connection kept across a database restart is checked, not reused broken
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if not os.environ.get("DATABASE_URL"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives there
    # The embedded default serves overlapping requests (runserver is threaded; autosave and a click can
    # coincide). IMMEDIATE transactions wait for the write lock instead of failing with "database is locked",
    # and WAL lets readers go on while one request writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # the pair: one address cannot lock a user out for all
# The client address behind our reverse proxies (innocounty.accounts.client_ip; docs/security.md).
# 0 (the default, as in development): REMOTE_ADDR, and a client's X-Forwarded-For is ignored.
INNOCOUNTY_TRUSTED_PROXY_COUNT = int(os.environ.get("INNOCOUNTY_TRUSTED_PROXY_COUNT", "0") or 0)
INNOCOUNTY_TRUSTED_PROXY_HEADER = os.environ.get("INNOCOUNTY_TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")
AXES_CLIENT_IP_CALLABLE = "innocounty.accounts.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Caches: per-process memory by default; Redis when CACHE_REDIS_URL is set (several app servers then share
# one cache). "pages" holds rendered pages of published runs (rankings.page_cache), keyed by the publication
# stamp, so publishing needs no explicit invalidation; entries beyond MAX_ENTRIES are culled.
CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "")
if CACHE_REDIS_URL:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL,
                "KEY_PREFIX": f"innocounty:{alias}"}
        for alias in ("default", "pages")
    }  # fmt: skip
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "innocounty-default"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "innocounty-pages",
                  "OPTIONS": {"MAX_ENTRIES": 5000}},
    }  # fmt: skip
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"
PUBLICATION_STAMP_TTL = float(os.environ.get("PUBLICATION_STAMP_TTL", "1.0"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Private uploads live outside any served directory and are streamed only through permission checks.
MEDIA_ROOT = VAR_DIR / "private"

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = "innocounty@localhost"

HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL", "")
# A real queue in every setup: Redis in production (``HUEY_REDIS_URL``), huey's SQLite storage in the embedded
# default (a file under var/, no extra service). A consumer executes the jobs: ``innocounty run_huey``
# (scripts/quickstart starts one beside the dev server). Only the test settings run jobs immediately.
HUEY = {
    "name": os.environ.get("HUEY_NAME", "innocounty"),  # several instances on one Redis: one name each
    "immediate": False,
    "huey_class": "huey.RedisHuey" if HUEY_REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": HUEY_REDIS_URL} if HUEY_REDIS_URL else {},
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "1")), "worker_type": "thread"},
}
if not HUEY_REDIS_URL:
    HUEY["filename"] = str(VAR_DIR / "huey.sqlite3")
# A running evaluation job writes a heartbeat on its run row every EVALUATION_HEARTBEAT_SECONDS; a running run
# whose heartbeat is older than EVALUATION_HEARTBEAT_TIMEOUT seconds is marked failed ("worker stopped"), and a
# queued run nobody picked up within EVALUATION_QUEUE_TIMEOUT seconds likewise.
EVALUATION_HEARTBEAT_SECONDS = float(os.environ.get("EVALUATION_HEARTBEAT_SECONDS", "10"))
EVALUATION_HEARTBEAT_TIMEOUT = float(os.environ.get("EVALUATION_HEARTBEAT_TIMEOUT", "180"))
EVALUATION_QUEUE_TIMEOUT = float(os.environ.get("EVALUATION_QUEUE_TIMEOUT", "3600"))

# Whether anonymous visitors may open county profiles of published, public runs (rankings app).
RANKINGS_PUBLIC_PROFILES = True

# Which county-level unit types may apply to the programme by default (editable in the admin).
DEFAULT_ELIGIBLE_UNIT_TYPES = ["县", "县级市", "自治县", "旗", "自治旗", "林区", "特区"]

# Uploaded files (innocounty.common.filecheck): the size limit of each kind, and one set of package limits for all.
MONITORING_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
APPLICATION_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
FILE_CHECK_LIMITS = {
    "max_zip_entries": 2000,
    "max_uncompressed_bytes": 100 * 1024 * 1024,
    "max_xml_bytes": 64 * 1024 * 1024,
    "max_content_types_bytes": 1024 * 1024,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "innocounty.common.request_context.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "innocounty": {"handlers": ["console"], "level": "INFO"},
    },
}

PLATFORM_NAME = _("创新型县（市）建设管理平台")
# The masthead's and footer's organiser line; the operating office (运行维护单位) is deployment-specific
# and shown in the footer when set.
PLATFORM_OPERATOR = _("中华人民共和国科学技术部")
PLATFORM_OFFICE = os.environ.get("INNOCOUNTY_PLATFORM_OFFICE", "")

# Two-factor login, re-authentication, Content-Security-Policy, rate limits (docs/security.md).
from .hardening import *  # noqa: E402,F403
