"""API tokens: created once, shown once, stored as SHA-256 digests.

A clear token looks like ``ic_<43 url-safe characters>`` (256 bits of randomness), so a plain SHA-256
digest is safe to store and to look up by: there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innocounty.audit.chain import record

TOKEN_PREFIX = "ic_"
PREFIX_LENGTH = 10  # "ic_" plus 7 random characters, enough to tell tokens apart in a list
LAST_USED_RESOLUTION = timedelta(minutes=1)  # don't write on every request


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def seal(api_token, clear: str) -> None:
    """Store what identifies ``clear`` on the (unsaved) ApiToken: its prefix and digest."""
    api_token.prefix = clear[:PREFIX_LENGTH]
    api_token.digest = digest(clear)


def token_snapshot(api_token) -> dict:
    """What the audit log keeps of a token (never the digest)."""
    return {
        "user": api_token.user.get_username(),
        "name": api_token.name,
        "prefix": api_token.prefix,
        "expires_at": api_token.expires_at,
        "revoked_at": api_token.revoked_at,
    }


def create_token(user, name: str = "", days: int | None = 90, actor=None):
    """Create a token for ``user``; returns ``(clear_token, ApiToken)``. ``days=None`` never expires."""
    from innocounty.accounts.models import ApiToken

    clear = new_secret()
    api_token = ApiToken(
        user=user, name=name, expires_at=timezone.now() + timedelta(days=days) if days else None
    )
    seal(api_token, clear)
    with transaction.atomic():
        api_token.save()
        record(
            actor, "api_token.created", api_token, after=token_snapshot(api_token), summary="创建 API 令牌"
        )
    return clear, api_token


def revoke_token(api_token, actor=None) -> None:
    with transaction.atomic():
        before = token_snapshot(api_token)
        api_token.revoked_at = timezone.now()
        api_token.save(update_fields=["revoked_at"])
        record(
            actor,
            "api_token.revoked",
            api_token,
            before=before,
            after=token_snapshot(api_token),
            summary="吊销 API 令牌",
        )


def user_for_token(token: str):
    """The active user owning ``token`` if it is neither revoked nor expired, else None."""
    from innocounty.accounts.models import ApiToken

    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    found = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
    now = timezone.now()
    if found is None or not found.is_usable(now) or not found.user.is_active:
        return None
    if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
