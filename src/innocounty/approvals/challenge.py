"""Against spam on the public objection form, with no outside service:

- an arithmetic question whose answer travels in a token signed with the site's secret (with the time it
  was issued, from the platform's clock): a token older than :data:`TOKEN_MAX_AGE` or answered wrongly is
  refused, and so is one answered less than :data:`MIN_SECONDS` after it was issued (a script);
- a honeypot field (``website``) that a person never sees and a script fills in;
- a limit per client address (:func:`innocounty.accounts.client_ip.client_ip`, proxy-aware), counted from
  the objections stored: :data:`PER_HOUR` an hour and :data:`PER_DAY` a day.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core import signing

from innocounty.approvals.models import Objection
from innocounty.common import clock

SALT = "innocounty.approvals.objection-challenge"
TOKEN_MAX_AGE = timedelta(hours=2)
MIN_SECONDS = 3
PER_HOUR, PER_DAY = 3, 10
HONEYPOT = "website"


def new_challenge() -> tuple[str, str]:
    """(question, token): e.g. ("7 + 5 = ?", signed {a, b, t})."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": a + b, "t": clock.now().timestamp()}, salt=SALT, compress=True)
    return f"{a} + {b} = ?", token


def challenge_passed(token: str, answer: str) -> bool:
    try:
        data = signing.loads((token or "")[:500], salt=SALT)
        issued, expected = float(data["t"]), int(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return False
    age = clock.now().timestamp() - issued
    if not MIN_SECONDS <= age <= TOKEN_MAX_AGE.total_seconds():
        return False
    answer = (answer or "").strip()
    return answer.isascii() and answer.isdigit() and len(answer) <= 3 and int(answer) == expected


def rate_limited(address: str | None) -> bool:
    """True when this address lodged too many objections lately (no address: never limited here)."""
    if not address:
        return False
    now = clock.now()
    recent = Objection.objects.filter(client_address=address[:64], lodged_at__gte=now - timedelta(days=1))
    return recent.count() >= PER_DAY or recent.filter(lodged_at__gte=now - timedelta(hours=1)).count() >= PER_HOUR
