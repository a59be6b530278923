"""An evaluation run's status and its publication, bound to the workflow adapter.

``evaluation_run`` (queued → running → succeeded / failed, retry) is performed mostly by the platform itself
(the ``system`` actor: the worker claims, finishes or fails a run); ``run_publication`` (unpublished ↔
published) by the ministry. The run service (:mod:`.runs`) calls these; nothing else writes a run's status.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from innocounty.common import clock
from innocounty.evaluations.coverage import coverage as run_coverage
from innocounty.evaluations.models import EvaluationRun, RunStatus
from innocounty.evaluations.publication_stamp import forget_on_commit
from innocounty.notifications.recipients import ministry_officers, notify, provincial_officers
from innocounty.programme import Role, SubjectContext
from innocounty.programme.data_workflows import PUBLICATION, RUN, PublicationState, RunState
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, bind


def run_url(run: EvaluationRun) -> str:
    return reverse("evaluations:run", args=[run.pk])


def run_context(user, run, inputs=None, via=None, expected_attempt=None, expected_states=None) -> SubjectContext:
    facts = {"attempt": run.attempt, "expected_attempt": expected_attempt,
             "expected_states": tuple(RunState(s) for s in expected_states or ())}  # fmt: skip
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=RunState(run.status), facts=facts,
                          inputs=inputs or {})  # fmt: skip


RUN_BINDING = Binding(
    workflow=RUN, model=EvaluationRun, context=run_context, state_field="status",
    summary=lambda run, label, inputs: f"{run}：{label}" + (f"（{inputs['reason']}）" if inputs.get("reason") else ""),
    audit_extra=lambda change: getattr(change.subject, "_audit_extra", {}),
)  # fmt: skip


@RUN_BINDING.effect("notify_creator")
def _notify_creator(change: Change) -> None:
    run = change.subject
    if run.created_by_id is None:
        return
    if run.status == RunStatus.SUCCEEDED:
        title, body = f"{run}已完成", f"共 {run.unit_count} 个县（市）参评，可在运行详情页查看并发布。"
    else:
        title, body = f"{run}失败", run.error
    notify([run.created_by], title, body, run_url(run))


@RUN_BINDING.effect("next_attempt")
def _next_attempt(change: Change) -> None:
    run = change.subject
    run.attempt += 1
    run.save(update_fields=["attempt"])


bind(RUN_BINDING)


def publication_context(user, run, inputs=None, via=None) -> SubjectContext:
    facts = {"succeeded": run.status == RunStatus.SUCCEEDED}
    if facts["succeeded"]:
        scope = run_coverage(run)
        facts.update(partial=scope.partial, summary=scope.summary(), missing=scope.missing_text())
    state = PublicationState.PUBLISHED if run.published else PublicationState.UNPUBLISHED
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, facts=facts, inputs=inputs or {})


def _publication_recipients(recipient, run) -> list:
    return list(ministry_officers()) if recipient.role is Role.MINISTRY_OFFICER else list(provincial_officers())


def _publication_notice(run, label, inputs) -> tuple[str, str, str]:
    scope = run_coverage(run)
    return (f"{run.year} 年度县（市）创新能力评价结果已发布",
            f"{run.year} 年度评价结果（{scope.summary()}）已发布，可查看排名与本地区结果。", run_url(run))  # fmt: skip


def _write_published(run, state) -> None:
    run.published = state is PublicationState.PUBLISHED
    forget_on_commit()  # cached public pages carry the publication stamp: the next request sees the change


PUBLICATION_BINDING = Binding(
    workflow=PUBLICATION, model=EvaluationRun, context=publication_context, state_field="published",
    read_state=lambda run: PublicationState.PUBLISHED if run.published else PublicationState.UNPUBLISHED,
    write_state=_write_published, recipients=_publication_recipients, notice=_publication_notice,
    summary=lambda run, label, inputs: f"{label}{run}",
    audit_extra=lambda change: {"result_sha256": change.subject.result_sha256,
                                "coverage": run_coverage(change.subject).summary(),
                                "partial_confirmed": run_coverage(change.subject).partial},
)  # fmt: skip


@PUBLICATION_BINDING.effect("stamp_published")
def _stamp(change: Change) -> None:
    run = change.subject
    run.published_at, run.published_by = change.at, change.user
    run.public_visible = bool(change.inputs.get("public_visible"))
    run.partial_confirmed = run_coverage(run).partial
    run.save(update_fields=["published_at", "published_by", "public_visible", "partial_confirmed"])


@PUBLICATION_BINDING.effect("lock_framework")
def _lock_framework(change: Change) -> None:
    run = change.subject
    run.framework.lock(f"已被{run}发布使用")


bind(PUBLICATION_BINDING)

STATUS_MESSAGES = {"claim": gettext_noop("读取监测数据"), "finish": gettext_noop("完成"), "fail": gettext_noop("失败"),
                   "retry": gettext_noop("已进入队列（重试）")}  # fmt: skip
