"""The expert's scope "assigned", asked from below: which applications and counties an expert may see.

The app that keeps the assignments (``innocounty.experts``) registers its provider when it loads; the
applications, rankings and evaluations apps ask here, so none of them imports the app above them. Without
a provider (the experts app not installed) an expert sees nothing.
"""

from __future__ import annotations

from typing import Protocol


class Provider(Protocol):
    def assigned_application_ids(self, user) -> set[int]: ...
    def assigned_county_codes(self, user) -> set[str]: ...


_provider: Provider | None = None


def register(provider: Provider) -> None:
    global _provider
    _provider = provider


def assigned_application_ids(user) -> set[int]:
    return set(_provider.assigned_application_ids(user)) if _provider is not None else set()


def assigned_county_codes(user) -> set[str]:
    return set(_provider.assigned_county_codes(user)) if _provider is not None else set()
