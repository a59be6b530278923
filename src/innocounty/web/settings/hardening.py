"""Security settings shared by every environment (imported at the end of ``base``); docs/security.md.

Two-factor login (innocounty.twofactor): required for ministry and provincial officers and for staff (the
admin); ``INNOCOUNTY_2FA_REQUIRED = False`` waives the requirement — only the dev settings do, for the demo.
Re-authentication: a consequential act of a user who needs two factors asks for a fresh one-time code when the
last one is older than ``INNOCOUNTY_2FA_REAUTH_MINUTES``.
"""

import os

from django.utils.csp import CSP

INNOCOUNTY_2FA_REQUIRED = True
INNOCOUNTY_2FA_REAUTH_MINUTES = int(os.environ.get("INNOCOUNTY_2FA_REAUTH_MINUTES", "15"))
INNOCOUNTY_2FA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "innocounty"
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp: after each failure wait 1, 2, 4, … seconds before the next try
OTP_STATIC_THROTTLE_FACTOR = 1

# Content-Security-Policy (Django's own middleware): scripts and style sheets only from our origin, no inline
# script or handler anywhere (tests/web/test_csp.py). Style *attributes* are allowed: ECharts draws its
# tooltips with them; style elements are not.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-elem": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


# Rate limits (innocounty.common.ratelimit): (requests, seconds) per client address or user.
def _limit(name: str, default: str) -> tuple[int, int] | None:
    """``"120/60"`` → 120 requests per 60 seconds; ``"0"`` or ``"off"`` → no limit."""
    value = os.environ.get(name, default).strip().lower()
    if value in ("0", "off", ""):
        return None
    count, _, seconds = value.partition("/")
    return int(count), int(seconds or 60)


INNOCOUNTY_RATE_LIMITS = {
    # anonymous requests (the public rankings, profiles, maps; the API), per client address
    "public": _limit("INNOCOUNTY_PUBLIC_RATE_LIMIT", "300/60"),
    "objection": (10, 3600),  # objections raised, per user
    "otp": (10, 300),  # one-time code attempts, per user (on top of django-otp's throttling)
}
INNOCOUNTY_RATE_LIMITS = {k: v for k, v in INNOCOUNTY_RATE_LIMITS.items() if v}
