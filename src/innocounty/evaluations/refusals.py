"""Why an evaluation-run act may not happen (shared by the run service and the comparison)."""

from __future__ import annotations


class RunRefused(Exception):
    """The action may not happen; ``reason`` says why; ``forbidden`` marks a permission refusal."""

    def __init__(self, reason: str, forbidden: bool = False):
        super().__init__(reason)
        self.reason = str(reason)
        self.forbidden = forbidden
