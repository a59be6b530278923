"""Test settings: fast hashing, in-memory e-mail; DATABASE_URL selects PostgreSQL for the second CI pass."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Jobs run immediately, in-process, in tests that are not about the queue (tests/evaluations/test_queue.py
# switches immediate off to see the queue).
HUEY = {"name": "innocounty-test", "immediate": True, "huey_class": "huey.MemoryHuey"}
AXES_ENABLED = True
# Serve static files from the app directories (no collectstatic in tests; the live server needs CSS/JS).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# SQLite: a file-backed test database (one per test process), not the shared in-memory one. The browser tests'
# live server answers overlapping requests (e.g. an autosave and a click) on separate threads; a shared-cache
# in-memory database refuses the second writer at once ("table is locked"), a file waits for the lock.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    import os as _os
    import tempfile as _tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": _os.path.join(_tempfile.gettempdir(), f"innocounty-test-{_os.getpid()}.sqlite3")
    }

# No rate limits by default: the suite makes thousands of anonymous requests from 127.0.0.1 within a minute.
# tests/common/test_ratelimit.py and the two-factor tests set the limits they examine.
INNOCOUNTY_RATE_LIMITS = {}

# The page cache is on in tests too (each test starts with an empty one: tests/conftest.py); the publication
# stamp is read afresh on every request, so a test that publishes sees the change at once.
PUBLICATION_STAMP_TTL = 0
