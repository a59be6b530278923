"""The application and the province's recommendation list, bound to the workflow adapter.

Both subjects change only through :func:`innocounty.workflow.adapter.apply_transition`. The application's
binding builds the core's :class:`~innocounty.programme.TransitionContext` from a locked row (the
province's list row is locked first, then the application, each ``FOR UPDATE OF`` itself only, so two
autosaves and a submit never deadlock), and registers the effects the table declares: ``freeze_version``,
``join_province_list``, ``leave_province_list``. The list's binding registers ``reorder_priorities`` and
``forward_recommended``, which moves every recommended application on with the application's ``forward``
(declared ``driven_by`` the list, so it never runs on one application alone).
"""

from __future__ import annotations

from django.db import IntegrityError
from django.db.models import Max
from django.urls import reverse

from innocounty.accounts.models import User
from innocounty.applications.models import UNDECIDED_STATES, Application, ApplicationEvent, PlanVersion
from innocounty.batches.models import Batch, BatchProvince
from innocounty.common import clock
from innocounty.notifications.recipients import users_for
from innocounty.programme import (
    ApplicationSnapshot,
    ApplicationState,
    Outcome,
    PriorityList,
    ProvinceListSnapshot,
    QuotaError,
    Recipient,
    TransitionContext,
)
from innocounty.programme.workflow import APPLICATION, PROVINCE_LIST
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import (
    Binding,
    Change,
    EffectRefused,
    NotAllowed,
    apply_transition,
    available_actions,
    bind,
)

S = ApplicationState
__all__ = ["NotAllowed", "actions_for", "context_for", "create_application", "run_transition", "submit_province_list"]


def today():
    return clock.today()


def province_snapshot(batch_id: int, province_code: str) -> ProvinceListSnapshot:
    row = BatchProvince.objects.filter(batch_id=batch_id, province_id=province_code).first()
    apps = Application.objects.filter(batch_id=batch_id, county__province_id=province_code)
    recommended = list(apps.filter(state=S.RECOMMENDED.value).values_list("recommendation_priority", flat=True))
    return ProvinceListSnapshot(
        province_code=province_code,
        recommended_count=len(recommended),
        undecided_count=apps.filter(state__in=UNDECIDED_STATES).count(),
        submitted=bool(row and row.list_submitted),
        priorities=tuple(p for p in recommended if p is not None),
    )


def application_snapshot(app: Application, eligibility: tuple | None = None) -> ApplicationSnapshot:
    """The core's view of ``app``; ``eligibility`` (eligible, reason) when the caller looked it up already."""
    from innocounty.applications.eligibility import eligibility_of

    eligible, eligibility_reason = eligibility if eligibility is not None else eligibility_of(app)
    return ApplicationSnapshot(
        county_code=app.county_id,
        province_code=app.county.province_id,
        unit_type=app.county.unit_type,
        state=S(app.state) if app.pk is not None and app.state else None,
        plan=app.plan(),
        recommendation_priority=app.recommendation_priority,
        application_id=app.pk,
        eligible=eligible,
        eligibility_reason=eligibility_reason,
    )


def context_for(user, app: Application, inputs: dict | None = None, via: str | None = None, *,
                batch_snapshot=None, province=None, actor=None, eligibility=None) -> TransitionContext:  # fmt: skip
    """The core's context for ``app``; a page listing many applications passes the batch's snapshot, the
    province's list and the actor it computed once (so its queries do not grow with its rows)."""
    other = False
    if app.pk is None:
        other = Application.objects.filter(batch_id=app.batch_id, county_id=app.county_id).exclude(
            state=S.WITHDRAWN.value).exists()  # fmt: skip
    return TransitionContext(
        actor=actor or actor_for(user),
        batch=batch_snapshot or app.batch.snapshot(),
        today=today(),
        application=application_snapshot(app, eligibility),
        province=province or province_snapshot(app.batch_id, app.county.province_id),
        inputs=inputs or {},
        county_has_other_application=other,
        via=via,
    )


def _lock_province_row(app: Application) -> None:
    BatchProvince.objects.select_for_update(of=("self",)).filter(
        batch_id=app.batch_id, province_id=app.county.province_id).first()  # fmt: skip


# --- priorities of a province's list -----------------------------------------------------------------
def province_priorities(batch_id: int, province_code: str, exclude=None) -> PriorityList:
    rows = Application.objects.filter(
        batch_id=batch_id, county__province_id=province_code, state=S.RECOMMENDED.value
    ).exclude(pk=exclude).values_list("pk", "recommendation_priority")
    priorities = {pk: priority or 10_000 for pk, priority in rows}
    quota = BatchProvince.objects.filter(batch_id=batch_id, province_id=province_code).values_list(
        "quota", flat=True).first() or 0  # fmt: skip
    return PriorityList.from_priorities(max(quota, len(priorities)), priorities)


def store_priorities(priorities: PriorityList) -> None:
    for pk, priority in priorities.priorities().items():
        Application.objects.filter(pk=pk).update(recommendation_priority=priority)


# --- recipients and notices --------------------------------------------------------------------------
def recipients(recipient: Recipient, county_codes=()) -> list[User]:
    return users_for(recipient, county_codes)


def _reason(inputs) -> str:
    return str(inputs.get("reason") or inputs.get("response") or "")


def _application_notice(app: Application, label: str, inputs) -> tuple[str, str, str]:
    reason = _reason(inputs)
    body = f"批次：{app.batch.name}\n操作：{label}" + (f"\n说明：{reason}" if reason else "")
    return f"{app.county.name}申报：{label}", body, reverse("applications:detail", args=[app.pk])


def _application_summary(app: Application, label: str, inputs) -> str:
    reason = _reason(inputs)
    return f"{app.county.name}：{label}" + (f"（{reason}）" if reason else "")


def _history(change: Change) -> None:
    app, outcome = change.subject, change.outcome
    t = APPLICATION.transition(outcome.transition)
    details = {k: v for k, v in change.inputs.items() if k not in ("reason", "response", "confirm")}
    if app.recommendation_priority is not None:
        details["priority"] = app.recommendation_priority
    before = outcome.from_state.value if outcome.from_state is not None else ""
    ApplicationEvent.objects.create(
        application=app, transition=t.name, label=t.label, from_state=before, to_state=app.state,
        actor=change.user, actor_role=t.role.value, stage=t.stage.value, reason=_reason(change.inputs),
        details=details, at=change.at,
    )  # fmt: skip


APPLICATION_BINDING = Binding(
    workflow=APPLICATION,
    model=Application,
    context=context_for,
    lock_first=_lock_province_row,
    summary=_application_summary,
    recipients=lambda r, app: recipients(r, [app.county_id]),
    notice=_application_notice,
    after_change=_history,
    select_related=("batch", "county"),
)


@APPLICATION_BINDING.effect("freeze_version")
def _freeze(change: Change) -> None:
    app = change.subject
    app.submitted_at = change.at
    app.save(update_fields=["submitted_at"])
    freeze_version(change.user, app, note=change.inputs.get("response", ""))


@APPLICATION_BINDING.effect("join_province_list")
def _join(change: Change) -> None:
    app = change.subject
    try:
        listed = province_priorities(app.batch_id, app.county.province_id, exclude=app.pk)
        priorities = listed.add(app.pk, change.inputs.get("priority"))
    except QuotaError as refused:
        raise EffectRefused(refused.problem) from refused
    store_priorities(priorities)
    app.recommendation_priority = priorities.priority_of(app.pk)


@APPLICATION_BINDING.effect("leave_province_list")
def _leave(change: Change) -> None:
    app = change.subject
    if change.outcome.from_state is not S.RECOMMENDED:
        return
    Application.objects.filter(pk=app.pk).update(recommendation_priority=None)
    app.recommendation_priority = None
    store_priorities(province_priorities(app.batch_id, app.county.province_id))


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


bind(APPLICATION_BINDING)


# --- the province's list ------------------------------------------------------------------------------
def list_context(user, row: BatchProvince, inputs=None, via=None) -> TransitionContext:
    return TransitionContext(
        actor=actor_for(user), batch=row.batch.snapshot(), today=today(),
        province=province_snapshot(row.batch_id, row.province_id), inputs=inputs or {}, via=via, list_subject=True,
    )  # fmt: skip


def _list_summary(row: BatchProvince, label: str, inputs) -> str:
    return f"{row.province.name}：{label}"


def _list_recipients(recipient: Recipient, row: BatchProvince) -> list[User]:
    counties = Application.objects.filter(batch_id=row.batch_id, county__province_id=row.province_id,
                                          state=S.FORWARDED.value).values_list("county_id", flat=True)  # fmt: skip
    return recipients(recipient, list(counties))


def _list_notice(row: BatchProvince, label: str, inputs) -> tuple[str, str, str]:
    apps = Application.objects.filter(batch_id=row.batch_id, county__province_id=row.province_id,
                                      state=S.FORWARDED.value).select_related("county").order_by("recommendation_priority")  # fmt: skip
    names = "、".join(f"{a.recommendation_priority}. {a.county.name}" for a in apps)
    return (f"{row.province.name}报送推荐名单", f"批次：{row.batch.name}\n推荐名单：{names}",
            reverse("reviews:province", args=[row.batch_id, row.province_id]))  # fmt: skip


PROVINCE_LIST_BINDING = Binding(
    workflow=PROVINCE_LIST,
    model=BatchProvince,
    context=list_context,
    state_field="list_state",
    summary=_list_summary,
    recipients=_list_recipients,
    notice=_list_notice,
    select_related=("batch", "province"),
)


@PROVINCE_LIST_BINDING.effect("reorder_priorities")
def _reorder(change: Change) -> None:
    row = change.subject
    app_id, priority = change.inputs["application"], change.inputs["priority"]
    listed = province_priorities(row.batch_id, row.province_id)
    if app_id not in listed.priorities():
        from innocounty.programme import Problem
        from innocounty.programme.problems import gettext_noop

        raise EffectRefused(Problem("wrong_state", gettext_noop("只有「拟推荐」的申报可以调整推荐顺序")))
    try:
        store_priorities(listed.move(app_id, priority))
    except QuotaError as refused:
        raise EffectRefused(refused.problem) from refused


@PROVINCE_LIST_BINDING.effect("forward_recommended")
def _forward(change: Change) -> None:
    row = change.subject
    row.list_submitted_at, row.list_submitted_by = change.at, change.user
    row.save(update_fields=["list_submitted_at", "list_submitted_by"])
    apps = Application.objects.filter(batch_id=row.batch_id, county__province_id=row.province_id,
                                      state=S.RECOMMENDED.value).order_by("recommendation_priority", "pk")  # fmt: skip
    for app in apps:
        outcome = apply_transition(change.user, app, "forward", kind="application", via="province_list.submit")
        outcome.require()


bind(PROVINCE_LIST_BINDING)


# --- what the views and the API call -------------------------------------------------------------------
def run_transition(user, app: Application, name: str, inputs: dict | None = None) -> Outcome:
    """Perform application transition ``name``; raises :class:`NotAllowed` when the actor rule refuses."""
    return apply_transition(user, app, name, inputs, kind="application")


def actions_for(user, app: Application) -> list:
    """The transitions the user may perform now (for the buttons of a page and ``available_actions``)."""
    return available_actions(user, app, kind="application")


def actions_for_many(user, apps: list[Application]) -> dict[int, list]:
    """The available transitions of each application, with one batch snapshot, province list and actor per
    (batch, province): the province desk asks this for all its rows at once."""
    from innocounty.evaluations.queries import positions

    actor, shared, out = actor_for(user), {}, {}
    for app in apps:
        key = (app.batch_id, app.county.province_id)
        if key not in shared:
            run = app.batch.evaluation_run()
            codes = [a.county_id for a in apps if (a.batch_id, a.county.province_id) == key]
            shared[key] = (app.batch.snapshot(), province_snapshot(*key), positions(run, codes) if run else {})
        batch_snapshot, province, found = shared[key]
        position = found.get(app.county_id)
        eligibility = (position.eligible, position.eligibility_reason or "") if position else (None, "")
        out[app.pk] = available_actions(user, app, kind="application", batch_snapshot=batch_snapshot,
                                        province=province, actor=actor, eligibility=eligibility)  # fmt: skip
    return out


def province_row(batch: Batch, province) -> BatchProvince:
    row = BatchProvince.objects.filter(batch=batch, province=province).first()
    return row or BatchProvince.objects.create(batch=batch, province=province, quota=0)


def submit_province_list(user, batch: Batch, province, inputs: dict | None = None) -> Outcome:
    """The province submits its recommendation list (the list's own transition, checking every item)."""
    return apply_transition(user, province_row(batch, province), "submit", inputs, kind="province_list")


def list_actions_for(user, batch: Batch, province) -> list:
    row = BatchProvince.objects.filter(batch=batch, province=province).first()
    if row is None:
        return []
    return available_actions(user, row, kind="province_list")


def create_application(user, batch: Batch, county, theme: str = "") -> tuple[Outcome, Application | None]:
    """The county officer opens an application (``create_draft``) for their county in the batch.

    Two of the same requests at once (a double click, two officers of the county) both pass the
    ``single_application`` guard on PostgreSQL, and the second insert meets the unique constraint
    ``one_live_application_per_county_and_batch``: it is asked again, and the guard now refuses it with
    its reason ("已有申报") instead of an IntegrityError. (SQLite's IMMEDIATE transactions serialise them.)"""
    def attempt() -> tuple[Outcome, Application | None]:
        app = Application(batch=batch, county=county, theme=theme or "", created_by=user, state="")
        outcome = apply_transition(user, app, "create_draft", kind="application")
        return outcome, (app if outcome.allowed else None)

    try:
        return attempt()
    except IntegrityError:  # the other request's application committed first: the guard now says so
        return attempt()
