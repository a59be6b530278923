"""Filtering the audit log by action, actor and object: shared by the page and the API."""

from __future__ import annotations

from django.db.models import Q

from innocounty.audit.models import AuditEvent


def filter_events(
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    text: str = "",
):
    """Events, newest first. ``action`` matches exactly or as a prefix ending in a dot ("role." →
    role.granted, role.revoked); ``actor`` matches the recorded actor label; ``text`` searches the
    object and summary."""
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    if action:
        events = (
            events.filter(action__startswith=action) if action.endswith(".") else events.filter(action=action)
        )
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if text:
        events = events.filter(Q(object_repr__icontains=text) | Q(summary__icontains=text))
    return events


def recorded_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
