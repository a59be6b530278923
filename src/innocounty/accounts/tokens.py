"""API tokens are stored as SHA-256 digests; the clear token is shown once when created."""

import hashlib


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_for_token(token: str):
    """The active user owning ``token``, or None. (Token model: accounts.ApiToken, added with the accounts app.)"""
    return None
