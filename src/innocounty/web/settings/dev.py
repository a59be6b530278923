"""Embedded default: SQLite, DEBUG on, console e-mail, background jobs on huey's SQLite queue under var/ (``innocounty run_huey``)."""

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_USE_FINDERS = True
