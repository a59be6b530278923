"""Ministry acts on a batch: save it with its quotas, open / close / archive it (audited, notified)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.accounts.permissions import can_manage_programme
from innocounty.audit.chain import record
from innocounty.batches.models import Batch, BatchProvince
from innocounty.common import clock
from innocounty.common.refusals import Forbidden
from innocounty.programme import BatchStatus, Decision, Outcome, Problem
from innocounty.programme.batch_lifecycle import BATCH
from innocounty.programme.machine import SubjectContext
from innocounty.regions.models import Province
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, NotAllowed, apply_transition, available_actions, bind

EDITABLE_STATUSES = ("draft", "open")


class BatchNotAllowed(Forbidden):
    """The batch's acts are the ministry's (a permission refusal: 403 with the reason)."""


def _require_manager(user) -> None:
    allowed = can_manage_programme(user)
    if not allowed:
        raise BatchNotAllowed(allowed.reason)


def quota_problems(batch: Batch, quotas: dict[str, int]) -> list[Problem]:
    """A quota may not go below what a province already recommended, nor change once its list is locked."""
    if batch.pk is None:
        return []
    problems = []
    for row in BatchProvince.objects.filter(batch=batch).select_related("province"):
        new = quotas.get(row.province_id, row.quota)
        if new == row.quota:
            continue
        if row.list_submitted:
            problems.append(Problem("list_locked", _("%(province)s的推荐名单已报送，名额不能再改") % {"province": row.province.name}, row.province_id))
            continue
        used = batch.applications.filter(county__province=row.province, state="recommended").count()
        if new < used:
            problems.append(Problem("quota_below_used", _("%(province)s已拟推荐%(n)d个，名额不能少于此数") % {"province": row.province.name, "n": used}, row.province_id))
    return problems


def save_batch(user, batch: Batch, quotas: dict[str, int]) -> Decision:
    """Create or update a batch (only while in preparation or open) and its per-province quotas."""
    _require_manager(user)
    if batch.pk and Batch.objects.filter(pk=batch.pk).values_list("status", flat=True).first() not in EDITABLE_STATUSES:
        return Decision(False, (Problem("batch_not_editable", _("已截止或已归档的批次不能修改")),))
    problems = quota_problems(batch, quotas)
    if problems:
        return Decision(False, tuple(problems))
    with transaction.atomic():
        created = batch.pk is None
        if created:
            batch.created_by = user
        batch.save()
        existing = {r.province_id: r for r in BatchProvince.objects.select_for_update().filter(batch=batch)}
        for province in Province.objects.all():
            quota = quotas.get(province.code)
            if quota is None:
                continue
            row = existing.get(province.code)
            if row is None and quota > 0:
                BatchProvince.objects.create(batch=batch, province=province, quota=quota)
            elif row is not None and row.quota != quota:
                row.quota = quota
                row.save(update_fields=["quota"])
        record(user, "batch.created" if created else "batch.updated", obj=batch,
               after={"status": batch.status, "window": [str(batch.application_opens), str(batch.application_closes)],
                      "themes": batch.themes, "stages": batch.stages, "quotas": batch.quotas(),
                      "monitoring_run": batch.monitoring_run_id, "eligibility_rule": batch.eligibility_rule},
               summary=f"{'创建' if created else '修改'}批次「{batch.name}」")  # fmt: skip
    return Decision(True)


def batch_context(user, batch: Batch, inputs=None, via=None) -> SubjectContext:
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=BatchStatus(batch.status),
                          facts=batch.draft(), inputs=inputs or {})  # fmt: skip


def _province_officers(recipient, batch: Batch) -> list:
    provinces = BatchProvince.objects.filter(batch=batch, quota__gt=0).values("province_id")
    return list(User.objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.filter(role=Role.PROVINCIAL_OFFICER, province_id__in=provinces).values("user_id"),
    ))  # fmt: skip


def _notice(batch: Batch, label: str, inputs) -> tuple[str, str, str]:
    window = f"申报窗口：{batch.application_opens}至{batch.application_closes}"
    return f"批次「{batch.name}」{label}", window, reverse("batches:detail", args=[batch.pk])


BATCH_BINDING = bind(Binding(
    workflow=BATCH, model=Batch, context=batch_context, state_field="status",
    summary=lambda batch, label, inputs: f"批次「{batch.name}」{label}",
    recipients=_province_officers, notice=_notice,
))  # fmt: skip


def change_status(user, batch: Batch, name: str, inputs: dict | None = None) -> Outcome:
    """Open, close or archive a batch; opening checks the whole set-up and lists every gap."""
    try:
        return apply_transition(user, batch, name, inputs, kind="batch")
    except NotAllowed as refused:
        raise BatchNotAllowed(refused.reason) from refused


def status_actions(user, batch: Batch) -> list:
    return available_actions(user, batch, kind="batch")
