"""The Django side of the application workflow: build the core's context, perform, apply — atomically.

Every transition runs :func:`run_transition`:

1. permission predicate (``applications/permissions.py``) — refused: :class:`NotAllowed` (HTTP 403);
2. the core's :func:`~innocounty.programme.perform` (state, stage, inputs, guards) on a context built
   from rows locked with ``select_for_update`` (the province's quota row first, then the application);
3. the state change and its side effects (a frozen :class:`PlanVersion` on each submission, the
   province's priorities kept 1..n);
4. an :class:`ApplicationEvent` for the history and a hash-chained audit record;
5. notifications to the recipients the core names (in-app now, e-mail after commit).

A refusal by the core comes back as an :class:`~innocounty.programme.Outcome` with every reason;
nothing is written then.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from innocounty.accounts.models import RoleAssignment, User
from innocounty.accounts.permissions import user_roles
from innocounty.applications.models import UNDECIDED_STATES, Application, ApplicationEvent, PlanVersion
from innocounty.applications.permissions import can_perform
from innocounty.audit.chain import record
from innocounty.batches.models import Batch, BatchProvince
from innocounty.notifications.service import notify
from innocounty.programme import (
    WORKFLOW,
    Actor,
    ApplicationSnapshot,
    ApplicationState,
    Outcome,
    PriorityList,
    ProvinceListSnapshot,
    Recipient,
    RoleGrant,
    TransitionContext,
    available,
    perform,
    today_in_china,
)
from innocounty.programme import Role as CoreRole

S = ApplicationState


class NotAllowed(Exception):
    """The permission predicate refused: the user may not act on this application at all."""

    def __init__(self, reason):
        self.reason = str(reason)
        super().__init__(self.reason)


def today():
    """Today's date in China (tests move the batch's dates rather than the clock)."""
    return today_in_china()


def actor_for(user) -> Actor:
    grants = []
    for a in user_roles(user):
        if a.role == CoreRole.COUNTY_OFFICER:
            grants.append(RoleGrant(CoreRole(a.role), a.county.province_id, a.county_id))
        else:
            grants.append(RoleGrant(CoreRole(a.role), a.province_id, None))
    return Actor(tuple(grants), user_id=user.pk, name=str(user))


def province_snapshot(batch: Batch, province_code: str) -> ProvinceListSnapshot:
    row = BatchProvince.objects.filter(batch=batch, province_id=province_code).first()
    apps = Application.objects.filter(batch=batch, county__province_id=province_code)
    recommended = list(
        apps.filter(state=S.RECOMMENDED.value).values_list("recommendation_priority", flat=True)
    )
    return ProvinceListSnapshot(
        province_code=province_code,
        recommended_count=len(recommended),
        undecided_count=apps.filter(state__in=UNDECIDED_STATES).count(),
        submitted=bool(row and row.list_submitted),
        priorities=tuple(p for p in recommended if p is not None),
    )


def application_snapshot(app: Application) -> ApplicationSnapshot:
    from innocounty.applications.eligibility import eligibility_of

    eligible, eligibility_reason = eligibility_of(app)
    return ApplicationSnapshot(
        county_code=app.county_id,
        province_code=app.county.province_id,
        unit_type=app.county.unit_type,
        state=S(app.state),
        plan=app.plan(),
        recommendation_priority=app.recommendation_priority,
        application_id=app.pk,
        eligible=eligible,
        eligibility_reason=eligibility_reason,
    )


def context_for(user, app: Application, inputs: dict | None = None) -> TransitionContext:
    return TransitionContext(
        actor=actor_for(user),
        batch=app.batch.snapshot(),
        today=today(),
        application=application_snapshot(app),
        province=province_snapshot(app.batch, app.county.province_id),
        inputs=inputs or {},
    )


def actions_for(user, app: Application) -> list:
    """The transitions the user may perform now (for the buttons of a page)."""
    if not any(can_perform(user, app, name) for name in WORKFLOW):
        return []
    return [t for t in available(context_for(user, app)) if can_perform(user, app, t.name)]


def _locked_province_row(batch_id: int, province_code: str) -> BatchProvince | None:
    return BatchProvince.objects.select_for_update().filter(batch_id=batch_id, province_id=province_code).first()


def _province_priorities(batch_id: int, province_code: str) -> PriorityList:
    rows = Application.objects.filter(
        batch_id=batch_id, county__province_id=province_code, state=S.RECOMMENDED.value
    ).values_list("pk", "recommendation_priority")
    priorities = {pk: priority or 10_000 for pk, priority in rows}
    quota = BatchProvince.objects.filter(batch_id=batch_id, province_id=province_code).values_list(
        "quota", flat=True
    ).first() or 0
    return PriorityList.from_priorities(max(quota, len(priorities)), priorities)


def _store_priorities(batch_id: int, province_code: str, priorities: PriorityList) -> None:
    for pk, priority in priorities.priorities().items():
        Application.objects.filter(pk=pk).update(recommendation_priority=priority)


def run_transition(user, app: Application, name: str, inputs: dict | None = None) -> Outcome:
    """Perform ``name`` on ``app`` for ``user``; raises :class:`NotAllowed` when the predicate refuses."""
    inputs = {k: v for k, v in (inputs or {}).items() if v not in (None, "")}
    allowed = can_perform(user, app, name)
    if not allowed:
        raise NotAllowed(allowed.reason)
    with transaction.atomic():
        _locked_province_row(app.batch_id, app.county.province_id)
        app = Application.objects.select_for_update().select_related("batch", "county__province").get(pk=app.pk)
        outcome = perform(name, context_for(user, app, inputs))
        if not outcome.allowed:
            return outcome
        _apply(user, app, outcome, inputs)
    return outcome


def _apply(user, app: Application, outcome: Outcome, inputs: dict) -> None:
    name, before = outcome.transition, app.state
    province = app.county.province_id
    if before == S.RECOMMENDED.value and outcome.to_state is not S.RECOMMENDED:
        remaining = _province_priorities(app.batch_id, province).remove(app.pk)
        app.recommendation_priority = None
        _store_priorities(app.batch_id, province, remaining)
    if name == "recommend":
        priorities = _province_priorities(app.batch_id, province).add(app.pk, inputs.get("priority"))
        _store_priorities(app.batch_id, province, priorities)
        app.recommendation_priority = priorities.priority_of(app.pk)
    app.state = outcome.to_state.value
    if name in ("submit", "resubmit"):
        app.submitted_at = timezone.now()
        freeze_version(user, app, note=inputs.get("response", ""))
    app.save()
    _record(user, app, outcome, before, inputs)


def freeze_version(user, app: Application, note: str = "") -> PlanVersion:
    number = (app.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        application=app,
        number=number,
        content=app.plan_json(),
        attachments=[a.as_listed() for a in app.attachments.filter(removed_at__isnull=True)],
        note=note,
        submitted_by=user,
    )


def _record(user, app: Application, outcome: Outcome, before: str, inputs: dict) -> None:
    t = WORKFLOW[outcome.transition]
    reason = str(inputs.get("reason") or inputs.get("response") or "")
    details = {k: v for k, v in inputs.items() if k not in ("reason", "response")}
    if app.recommendation_priority is not None:
        details["priority"] = app.recommendation_priority
    ApplicationEvent.objects.create(
        application=app, transition=t.name, label=t.label, from_state=before or "", to_state=app.state,
        actor=user, actor_role=t.role.value, stage=t.stage.value, reason=reason, details=details,
    )  # fmt: skip
    record(
        user,
        f"application.{t.name}",
        obj=app,
        before={"state": before},
        after={"state": app.state, **outcome.audit.get("inputs", {}), "priority": app.recommendation_priority},
        summary=f"{app.county.name}：{t.label}" + (f"（{reason}）" if reason else ""),
    )
    _notify(outcome.notify, app, t.label, reason)


def recipients(recipient: Recipient, county_codes=()) -> list[User]:
    rows = RoleAssignment.objects.filter(role=recipient.role.value)
    if recipient.role is CoreRole.COUNTY_OFFICER:
        codes = [recipient.county_code] if recipient.county_code else list(county_codes)
        rows = rows.filter(county_id__in=codes)
    elif recipient.role is CoreRole.PROVINCIAL_OFFICER:
        rows = rows.filter(province_id=recipient.province_code)
    return list(User.objects.filter(pk__in=rows.values("user_id"), is_active=True))


def _notify(targets, app: Application, label: str, reason: str) -> None:
    users = [u for r in targets for u in recipients(r, [app.county_id])]
    if not users:
        return
    title = f"{app.county.name}申报：{label}"
    body = f"批次：{app.batch.name}\n操作：{label}" + (f"\n说明：{reason}" if reason else "")
    notify(users, title, body, url=reverse("applications:detail", args=[app.pk]))


def create_application(user, batch: Batch, county, theme: str = "") -> tuple[Outcome, Application | None]:
    """The county officer opens an application (``create_draft``) for their county in the batch."""
    probe = Application(batch=batch, county=county, theme=theme or "", created_by=user)
    allowed = can_perform(user, probe, "create_draft")
    if not allowed:
        raise NotAllowed(allowed.reason)
    with transaction.atomic():
        _locked_province_row(batch.pk, county.province_id)
        other = Application.objects.filter(batch=batch, county=county).exclude(state=S.WITHDRAWN.value).exists()
        snapshot = ApplicationSnapshot(county.code, county.province_id, county.unit_type, None, probe.plan())
        ctx = TransitionContext(
            actor=actor_for(user), batch=batch.snapshot(), today=today(), application=snapshot,
            province=province_snapshot(batch, county.province_id), county_has_other_application=other,
        )  # fmt: skip
        outcome = perform("create_draft", ctx)
        if not outcome.allowed:
            return outcome, None
        probe.state = S.DRAFT.value
        probe.save()
        _record(user, probe, outcome, "", {})
    return outcome, probe


def submit_province_list(user, batch: Batch, province) -> Outcome:
    """The province submits its recommendation list: every recommended application becomes forwarded."""
    from innocounty.accounts.permissions import can_act_for_province

    allowed = can_act_for_province(user, province)
    if not allowed:
        raise NotAllowed(allowed.reason)
    with transaction.atomic():
        row = _locked_province_row(batch.pk, province.code)
        ctx = TransitionContext(
            actor=actor_for(user), batch=batch.snapshot(), today=today(),
            province=province_snapshot(batch, province.code),
        )  # fmt: skip
        outcome = perform("submit_recommendation_list", ctx)
        if not outcome.allowed:
            return outcome
        apps = list(
            Application.objects.select_for_update()
            .select_related("county", "batch")
            .filter(batch=batch, county__province=province, state=S.RECOMMENDED.value)
            .order_by("recommendation_priority")
        )
        now = timezone.now()
        if row is None:
            row = BatchProvince.objects.create(batch=batch, province=province, quota=0)
        row.list_submitted_at, row.list_submitted_by = now, user
        row.save(update_fields=["list_submitted_at", "list_submitted_by"])
        t = WORKFLOW["submit_recommendation_list"]
        for app in apps:
            ApplicationEvent.objects.create(
                application=app, transition=t.name, label=t.label, from_state=app.state,
                to_state=outcome.to_state.value, actor=user, actor_role=t.role.value, stage=t.stage.value,
                details={"priority": app.recommendation_priority},
            )  # fmt: skip
        Application.objects.filter(pk__in=[a.pk for a in apps]).update(state=outcome.to_state.value)
        listed = [{"county": a.county_id, "name": a.county.name, "priority": a.recommendation_priority} for a in apps]
        record(
            user, "recommendation_list.submitted", obj=row, after={"list": listed},
            summary=f"{province.name}报送推荐名单（{len(apps)}个）",
        )  # fmt: skip
        users = [u for r in outcome.notify for u in recipients(r, [a.county_id for a in apps])]
        names = "、".join(f"{a.recommendation_priority}. {a.county.name}" for a in apps)
        notify(users, f"{province.name}报送推荐名单", f"批次：{batch.name}\n推荐名单：{names}",
               url=reverse("reviews:province", args=[batch.pk, province.code]))  # fmt: skip
    return outcome
