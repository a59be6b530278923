"""Test settings: fast hashing, in-memory e-mail; DATABASE_URL selects PostgreSQL for the second CI pass."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
HUEY = {**HUEY, "immediate": True, "huey_class": "huey.MemoryHuey", "connection": {}}  # noqa: F405
AXES_ENABLED = True
# Serve static files from the app directories (no collectstatic in tests; the live server needs CSS/JS).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
