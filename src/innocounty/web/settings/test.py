"""Test settings: fast hashing, in-memory e-mail; DATABASE_URL selects PostgreSQL for the second CI pass."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {**HUEY, "immediate": True, "huey_class": "huey.MemoryHuey", "connection": {}}  # noqa: F405
AXES_ENABLED = True
