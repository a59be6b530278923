"""The two ways the platform says no, for pages and the API alike.

- :class:`Forbidden` — the user may not do this here (a permission predicate or a workflow's actor rule
  refused). Raise it anywhere in a view or an API operation: pages answer with the 403 page showing the
  reason, ``/api/`` with ``403 {"detail": reason}`` (``dashboard.errors`` and the API's exception handler).
- :class:`~innocounty.common.api.Refused` — the rules refuse (a wrong state, a missing input, a guard):
  ``400`` with every reason in the API; pages show the reasons as messages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class Forbidden(PermissionDenied):
    """Not allowed for this user; ``reason`` says why (shown to the user)."""

    def __init__(self, reason="") -> None:
        self.reason = str(reason)
        super().__init__(self.reason)


def ensure(decision) -> None:
    """Raise :class:`Forbidden` with the predicate's reason unless ``decision`` allows (pages and API)."""
    if not decision:
        raise Forbidden(getattr(decision, "reason", ""))
