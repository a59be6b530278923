"""Embedded default: SQLite, DEBUG on, console e-mail, background jobs on huey's SQLite queue under var/ (``innocounty run_huey``)."""

import os

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_USE_FINDERS = True

# scripts/quickstart HOST:PORT: the chosen host is allowed too (a wildcard address answers on the loopback).
_quickstart_host = os.environ.get("INNOCOUNTY_ADDR", "").rpartition(":")[0].strip("[]")
if _quickstart_host and _quickstart_host not in ("0.0.0.0", "::"):
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, _quickstart_host]  # noqa: F405

# The demo's accounts sign in with a password only (docs/security.md "Two-factor login"): a user may still
# enrol an authenticator on 「账户安全」 and is then asked for it. Production requires two factors for ministry
# and provincial officers and for staff; set INNOCOUNTY_2FA_REQUIRED=1 to try that here.
INNOCOUNTY_2FA_REQUIRED = os.environ.get("INNOCOUNTY_2FA_REQUIRED", "") == "1"
