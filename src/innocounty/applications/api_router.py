"""The applications API's router and the one lookup its operations share (split so the modules that add
endpoints — api, api_guidance, api_versions — import it without importing each other)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from innocounty.applications.models import Application
from innocounty.applications.permissions import applications_visible_to

router = Router(tags=["applications"])


def visible(request, pk: int) -> Application:
    """The application if the caller may see it; 404 otherwise (a stranger learns nothing)."""
    return get_object_or_404(applications_visible_to(request.auth), pk=pk)
