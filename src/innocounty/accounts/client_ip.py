"""The address of the client behind the request, for login throttling (django-axes) and the audit log.

``REMOTE_ADDR`` is the client only when nothing stands in between. Behind a reverse proxy it is the
proxy, so throttling by it lets one attacker lock an account out for everybody; the client is then in
the header the proxy sets. A header is believed only as far as it was written by proxies we run:

- ``INNOCOUNTY_TRUSTED_PROXY_COUNT`` (default 0): how many reverse proxies of ours stand in front of
  the application. 0: the client is ``REMOTE_ADDR`` and ``X-Forwarded-For`` is ignored (anybody can
  send one). N: each of our proxies appends the address it received from, so the client is the N-th
  address from the right of the header; whatever a client wrote to its left is ignored.
- ``INNOCOUNTY_TRUSTED_PROXY_HEADER`` (default ``HTTP_X_FORWARDED_FOR``): the ``request.META`` key.

A header with fewer addresses than proxies, or an entry that is not an IP address, falls back to
``REMOTE_ADDR`` (the request did not come through our proxies as configured).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address as the configured proxies report it (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = int(getattr(settings, "INNOCOUNTY_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    header = getattr(settings, "INNOCOUNTY_TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")
    entries = [e for e in request.META.get(header, "").split(",") if e.strip()]
    if len(entries) < count:
        return remote
    return _address(entries[-count]) or remote
