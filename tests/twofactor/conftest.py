import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters
    yield
    cache.clear()


@pytest.fixture
def no_otp_throttle(settings):
    """django-otp waits 1, 2, 4 … s after a wrong code; tests that try a right code right after a wrong one
    turn that off (the throttle itself is django-otp's, tested there)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
