"""Embedded default: SQLite, DEBUG on, console e-mail, immediate background jobs."""

from .base import *  # noqa: F403

DEBUG = True
WHITENOISE_USE_FINDERS = True
