"""Production settings. Secrets and hosts come from the environment; nothing insecure has a default.

Required: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL`` (PostgreSQL),
``HUEY_REDIS_URL`` (the task queue). Optional: ``CACHE_REDIS_URL`` (Redis for the caches and the rate limits;
default: the queue's Redis server, database 1), ``DATABASE_PGBOUNCER=1`` behind PgBouncer in transaction
mode, ``INNOCOUNTY_VAR_DIR`` (static files and private uploads). See docs/deployment.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"environment variable {name} must be set for production")
    return value


DEBUG = False
SECRET_KEY = _require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

_require("DATABASE_URL")  # read by base (dj-database-url); the embedded SQLite file is for one person
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405  (a restarted PostgreSQL: reconnect, no 500)
if os.environ.get("DATABASE_PGBOUNCER") == "1":  # transaction pooling: no server-side cursors, no persistence
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
_require("HUEY_REDIS_URL")  # read by base: the queue on Redis (huey.RedisHuey)


if not CACHE_REDIS_URL:  # noqa: F405  (base reads CACHE_REDIS_URL; default: the queue's server, database 1)
    from urllib.parse import urlsplit, urlunsplit

    CACHE_REDIS_URL = urlunsplit(urlsplit(HUEY_REDIS_URL)._replace(path="/1"))  # noqa: F405  (clear() is FLUSHDB)
# One cache for every app server: the rate limits and the page cache are shared between processes.
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": f"innocounty:{alias}"}
    for alias in ("default", "pages")
}  # fmt: skip

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's health check may use plain HTTP on the app port
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

INNOCOUNTY_2FA_REQUIRED = True  # never waived in production (docs/security.md)

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            "username": os.environ.get("DJANGO_EMAIL_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": os.environ.get("DJANGO_EMAIL_USE_TLS", "false").lower() == "true",
        },
    }
}

# Structured logs: one JSON object a line on standard error (journald / the process manager collects it), with
# the request id of innocounty.common.request_context in every record.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "innocounty.common.request_context.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"json": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"}},
    "root": {"handlers": ["json"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["json"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["json"], "level": "WARNING", "propagate": False},
        "huey": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "innocounty": {"handlers": ["json"], "level": os.environ.get("INNOCOUNTY_LOG_LEVEL", "INFO"), "propagate": False},
    },
}
