"""gunicorn settings of the production app server (docs/deployment.md). gunicorn reads this file from the
working directory; every value can be overridden by the environment variable named beside it.

Sync workers: the platform's views are short database-bound requests and PDF rendering (WeasyPrint) is
CPU-bound, so one request per process is the right model; scale with processes (WEB_CONCURRENCY) and with
machines behind the load balancer, not with threads.
"""

import json
import os

wsgi_app = "innocounty.web.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a request running longer is killed (and logged)
graceful_timeout = 30  # SIGTERM: finish the requests in flight
keepalive = 5  # behind a load balancer that reuses connections
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))  # recycle workers: bounded memory
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
# The addresses of our reverse proxies, whose X-Forwarded-* headers gunicorn trusts (the application itself
# reads the client address per INNOCOUNTY_TRUSTED_PROXY_COUNT; docs/security.md).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# Access log: one JSON object per request on stdout, with the request id the application sent back.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "logger": "gunicorn.access",
        "request_id": "%({x-request-id}o)s",
        "remote": "%(h)s",
        "method": "%(m)s",
        "path": "%(U)s",
        "query": "%(q)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "user_agent": "%(a)s",
    }
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "raw": {"format": "%(message)s"},  # the access log line is already JSON
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "raw", "stream": "ext://sys.stdout"},
    },
    "root": {"level": "WARNING", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
