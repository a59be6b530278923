"""Changing who holds which role, each change written to the audit log in the same transaction.

Everything that grants or revokes roles — the admin, the demo data command, later a self-service
page — goes through these functions, so no role change escapes the audit log.
"""

from __future__ import annotations

from django.db import transaction

from innocounty.accounts.models import RoleAssignment
from innocounty.accounts.permissions import forget_roles
from innocounty.audit.chain import record


def role_snapshot(assignment: RoleAssignment) -> dict:
    """What the audit log keeps of a role assignment."""
    return {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "province": assignment.province_id,
        "county": assignment.county_id,
    }


def grant_role(actor, user, role: str, *, province=None, county=None) -> RoleAssignment:
    """Give ``user`` the ``role`` scoped to ``province`` or ``county`` (or the nation); audited."""
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(user=user, role=role, province=province, county=county)
        record_role_granted(actor, assignment)
    forget_roles(user)
    return assignment


def revoke_role(actor, assignment: RoleAssignment) -> None:
    with transaction.atomic():
        record_role_revoked(actor, assignment, role_snapshot(assignment))
        assignment.delete()
    forget_roles(assignment.user)


def record_role_granted(actor, assignment: RoleAssignment) -> None:
    record(
        actor, "role.granted", assignment, after=role_snapshot(assignment), summary=f"授予角色：{assignment}"
    )


def record_role_changed(actor, assignment: RoleAssignment, before: dict) -> None:
    after = role_snapshot(assignment)
    if after != before:
        record(
            actor, "role.changed", assignment, before=before, after=after, summary=f"变更角色：{assignment}"
        )


def record_role_revoked(actor, assignment: RoleAssignment, before: dict) -> None:
    """Record before deleting: ``before`` is the stored state (a form may have changed the instance)."""
    record(actor, "role.revoked", assignment, before=before, summary=f"撤销角色：{assignment}")
