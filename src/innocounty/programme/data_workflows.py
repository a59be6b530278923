"""The monitoring and evaluation subjects on the machine: data rounds, province submissions, uploads,
indicator frameworks, evaluation runs and their publication.

Each context is a :class:`~innocounty.programme.machine.SubjectContext`; its ``facts`` is a mapping the
adapter fills from the database (what the guards below read). Background steps of a run (claim, finish,
fail) are performed by the platform itself: the actor rule ``SYSTEM``.
"""

from __future__ import annotations

from enum import StrEnum

from .context import Role
from .machine import Input, InputKind, Relation, Transition, Workflow, by, check
from .problems import Problem, gettext_noop, pgettext

MINISTRY = by(Role.MINISTRY_OFFICER, Relation.NATION)
PROVINCE = by(Role.PROVINCIAL_OFFICER, Relation.PROVINCE)
SYSTEM = by(Role.SYSTEM, Relation.NATION)
REQUIRED_REASON = Input("reason", gettext_noop("理由"), required=True, max_length=2000)


def _fact(ctx, name, default=None):
    return (ctx.facts or {}).get(name, default)


# --- data rounds (监测数据填报轮次) -------------------------------------------------------------------------
class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


ROUND = Workflow(
    kind="data_round",
    label=gettext_noop("数据填报轮次"),
    states=RoundState,
    state_labels={RoundState.OPEN: gettext_noop("填报中"), RoundState.CLOSED: gettext_noop("已关闭")},
    transitions=(
        Transition("close", pgettext("programme action", "关闭填报"), (RoundState.OPEN,), RoundState.CLOSED, MINISTRY,
                   notify=(Role.PROVINCIAL_OFFICER,),
                   consequence=gettext_noop("关闭后各省不能再上传或提交本轮数据；尚有%(pending)d个省未被接收。"),
                   consequence_params=lambda ctx: {"pending": _fact(ctx, "not_accepted", 0)}),
    ),
    initial=RoundState.OPEN,
    description=gettext_noop("科技部发起的一个监测年度的数据填报"),
)


# --- province submissions (省级数据报送) --------------------------------------------------------------------
class SubmissionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


@check("本轮数据填报未关闭")
def round_open(ctx) -> list[Problem]:
    if _fact(ctx, "round_open", True):
        return []
    return [Problem("round_closed", gettext_noop("本轮数据填报已关闭。"))]


@check("已导入本省数据")
def has_data(ctx) -> list[Problem]:
    if _fact(ctx, "has_values", False):
        return []
    return [Problem("no_data", gettext_noop("尚未导入任何数据：请先上传填好的模板。"))]


SUBMISSION = Workflow(
    kind="submission",
    label=gettext_noop("省级监测数据"),
    states=SubmissionState,
    state_labels={SubmissionState.DRAFT: gettext_noop("填报中"), SubmissionState.SUBMITTED: gettext_noop("已提交"),
                  SubmissionState.RETURNED: gettext_noop("已退回"), SubmissionState.ACCEPTED: gettext_noop("已接收")},
    transitions=(
        Transition("submit", pgettext("programme action", "提交"), (SubmissionState.DRAFT, SubmissionState.RETURNED),
                   SubmissionState.SUBMITTED, PROVINCE, guards=(round_open, has_data), notify=(Role.MINISTRY_OFFICER,),
                   effects=("stamp_submitted",),
                   consequence=gettext_noop("本省本轮数据将报送科技部审核；审核期间不能再上传或修改，除非被退回。")),
        Transition("accept", pgettext("programme action", "接收"), (SubmissionState.SUBMITTED,), SubmissionState.ACCEPTED, MINISTRY,
                   guards=(round_open,), notify=(Role.PROVINCIAL_OFFICER,), effects=("stamp_reviewed",),
                   consequence=gettext_noop("接收后本省本轮数据锁定，可用于评价运行；之后的更正须另行发起。")),
        Transition("return", pgettext("programme action", "退回"), (SubmissionState.SUBMITTED,), SubmissionState.RETURNED, MINISTRY,
                   inputs=(REQUIRED_REASON,), notify=(Role.PROVINCIAL_OFFICER,), effects=("stamp_reviewed",)),
    ),
    initial=SubmissionState.DRAFT,
    description=gettext_noop("一个省一轮监测数据的报送：省级提交，科技部接收或退回"),
)  # fmt: skip


# --- uploads (上传的数据文件) --------------------------------------------------------------------------------
class UploadState(StrEnum):
    REFUSED = "refused"
    REJECTED = "rejected"
    NEEDS_CONFIRMATION = "needs_confirmation"
    IMPORTED = "imported"
    SUPERSEDED = "superseded"


UPLOAD = Workflow(
    kind="upload",
    label=gettext_noop("监测数据上传"),
    states=UploadState,
    state_labels={UploadState.REFUSED: gettext_noop("文件被拒收"), UploadState.REJECTED: gettext_noop("校验未通过"),
                  UploadState.NEEDS_CONFIRMATION: gettext_noop("待确认警告"), UploadState.IMPORTED: gettext_noop("已导入"),
                  UploadState.SUPERSEDED: gettext_noop("已被新上传取代")},
    transitions=(
        # A new upload starts in the state its checks give (the first four, from nothing); a province's
        # warnings are then confirmed (import, or reject when the file no longer validates) or superseded.
        Transition("refuse", pgettext("programme action", "拒收文件"), (None,), UploadState.REFUSED, PROVINCE),
        Transition("reject", pgettext("programme action", "校验未通过"), (None, UploadState.NEEDS_CONFIRMATION), UploadState.REJECTED,
                   PROVINCE + MINISTRY),
        Transition("hold", pgettext("programme action", "待确认警告"), (None,), UploadState.NEEDS_CONFIRMATION, PROVINCE + MINISTRY),
        Transition("import", pgettext("programme action", "导入"), (None, UploadState.NEEDS_CONFIRMATION), UploadState.IMPORTED,
                   PROVINCE + MINISTRY, guards=(round_open,)),
        Transition("supersede", pgettext("programme action", "被新上传取代"), (UploadState.NEEDS_CONFIRMATION,),
                   UploadState.SUPERSEDED, PROVINCE),
    ),
    description=gettext_noop("一个省上传的监测数据文件：拒收、校验未通过、待确认或导入"),
)  # fmt: skip


# --- county entries (县级在线填报) -------------------------------------------------------------------------
COUNTY = by(Role.COUNTY_OFFICER, Relation.COUNTY)


class CountyEntryState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


@check("省级报送仍可修改")
def province_open(ctx) -> list[Problem]:
    if _fact(ctx, "province_open", True):
        return []
    return [Problem("province_locked", gettext_noop("本省本轮数据已提交或已被接收，暂不能修改县级数据。"))]


@check("没有错误")
def entry_has_no_errors(ctx) -> list[Problem]:
    errors = _fact(ctx, "errors", 0)
    if not errors:
        return []
    return [Problem("entry_errors", gettext_noop("填报数据还有 %(count)d 个错误，请先改正。"), params={"count": errors})]


@check("警告均已确认")
def warnings_confirmed(ctx) -> list[Problem]:
    pending = _fact(ctx, "unconfirmed_warnings", 0)
    if not pending:
        return []
    return [Problem("entry_warnings", gettext_noop("还有 %(count)d 个警告未确认：请核实后逐条确认或改正。"),
                    params={"count": pending})]


COUNTY_ENTRY = Workflow(
    kind="county_entry",
    label=gettext_noop("县级在线填报"),
    states=CountyEntryState,
    state_labels={CountyEntryState.NOT_STARTED: gettext_noop("未开始"), CountyEntryState.DRAFT: gettext_noop("草稿"),
                  CountyEntryState.SUBMITTED: gettext_noop("已提交省级"),
                  CountyEntryState.ACCEPTED: gettext_noop("省级已接收"), CountyEntryState.RETURNED: gettext_noop("已退回")},
    transitions=(
        Transition("start", pgettext("programme action", "开始填报"), (CountyEntryState.NOT_STARTED,), CountyEntryState.DRAFT,
                   COUNTY, guards=(round_open,)),
        Transition("submit", pgettext("programme action", "提交省级"), (CountyEntryState.DRAFT, CountyEntryState.RETURNED),
                   CountyEntryState.SUBMITTED, COUNTY, guards=(round_open, province_open, entry_has_no_errors, warnings_confirmed),
                   effects=("write_values", "stamp_submitted"), notify=(Role.PROVINCIAL_OFFICER,),
                   consequence=gettext_noop("本县数据将写入本省本轮数据（记录为县级填报），并报送省级科技管理部门审核；审核期间不能再修改，除非被退回。")),
        Transition("accept", pgettext("programme action", "接收"), (CountyEntryState.SUBMITTED,), CountyEntryState.ACCEPTED,
                   PROVINCE, guards=(round_open,), effects=("stamp_reviewed",), notify=(Role.COUNTY_OFFICER,),
                   consequence=gettext_noop("接收后该县数据作为本省数据的一部分，随本省报送科技部。")),
        Transition("return", pgettext("programme action", "退回"), (CountyEntryState.SUBMITTED,), CountyEntryState.RETURNED,
                   PROVINCE, inputs=(REQUIRED_REASON,), effects=("stamp_reviewed",), notify=(Role.COUNTY_OFFICER,)),
    ),
    initial=CountyEntryState.NOT_STARTED,
    description=gettext_noop("一个县（市）在浏览器中填报本县一轮数据：县级提交，省级接收或退回"),
)  # fmt: skip


# --- indicator frameworks (指标体系) ----------------------------------------------------------------------
class FrameworkState(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    SUPERSEDED = "superseded"


FRAMEWORK = Workflow(
    kind="framework",
    label=gettext_noop("指标体系"),
    states=FrameworkState,
    state_labels={FrameworkState.DRAFT: gettext_noop("草稿"), FrameworkState.ACTIVE: gettext_noop("启用"),
                  FrameworkState.SUPERSEDED: gettext_noop("已被新版本取代")},
    transitions=(
        Transition("activate", pgettext("programme action", "启用"), (FrameworkState.DRAFT,), FrameworkState.ACTIVE,
                   MINISTRY + SYSTEM, effects=("supersede_previous",),
                   consequence=gettext_noop("启用后新的填报轮次使用此版本；同一指标体系的上一版本被取代。")),
        Transition("supersede", pgettext("programme action", "被新版本取代"), (FrameworkState.ACTIVE,), FrameworkState.SUPERSEDED,
                   MINISTRY + SYSTEM, driven_by="framework.activate"),
    ),
    initial=FrameworkState.DRAFT,
    description=gettext_noop("一个版本的监测指标体系"),
)  # fmt: skip


# --- evaluation runs (评价运行) ----------------------------------------------------------------------------
class RunState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@check("同一次运行尝试")
def same_attempt(ctx) -> list[Problem]:
    expected = _fact(ctx, "expected_attempt")
    if expected is None or expected == _fact(ctx, "attempt"):
        return []
    return [Problem("attempt_superseded", gettext_noop("该次运行尝试已被放弃或重试（第%(attempt)s次尝试）。"),
                    params={"attempt": _fact(ctx, "attempt")})]


@check("运行处于预期状态")
def in_expected_state(ctx) -> list[Problem]:
    expected = _fact(ctx, "expected_states")
    if not expected or ctx.subject_state in expected:
        return []
    return [Problem("unexpected_state", gettext_noop("运行已不在预期状态。"))]


RUN = Workflow(
    kind="evaluation_run",
    label=gettext_noop("评价运行"),
    states=RunState,
    state_labels={RunState.QUEUED: gettext_noop("排队中"), RunState.RUNNING: gettext_noop("运行中"),
                  RunState.SUCCEEDED: gettext_noop("已完成"), RunState.FAILED: gettext_noop("失败")},
    transitions=(
        Transition("claim", pgettext("programme action", "开始运行"), (RunState.QUEUED,), RunState.RUNNING, SYSTEM),
        Transition("finish", pgettext("programme action", "运行完成"), (RunState.RUNNING,), RunState.SUCCEEDED, SYSTEM,
                   guards=(same_attempt,), effects=("notify_creator",)),
        Transition("fail", pgettext("programme action", "运行失败"), (RunState.QUEUED, RunState.RUNNING), RunState.FAILED, SYSTEM,
                   guards=(same_attempt, in_expected_state), inputs=(REQUIRED_REASON,), effects=("notify_creator",)),
        Transition("retry", pgettext("programme action", "重新运行"), (RunState.FAILED,), RunState.QUEUED, MINISTRY,
                   effects=("next_attempt",)),
    ),
    initial=RunState.QUEUED,
    description=gettext_noop("评价引擎对一个年度数据的一次运行（后台任务）"),
)  # fmt: skip


class PublicationState(StrEnum):
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"


@check("运行已成功完成")
def run_succeeded(ctx) -> list[Problem]:
    if _fact(ctx, "succeeded", False):
        return []
    return [Problem("run_not_finished", gettext_noop("只有已完成的评价运行才能发布。"))]


@check("部分覆盖的运行须确认覆盖范围")
def coverage_confirmed(ctx) -> list[Problem]:
    if not _fact(ctx, "partial", False) or ctx.inputs.get("confirm_partial") is True:
        return []
    return [Problem("partial_coverage", gettext_noop("该运行只覆盖部分地区（%(summary)s；%(missing)s）。如确需发布，请确认按部分覆盖发布。"),
                    "confirm_partial", params={k: _fact(ctx, k, "") for k in ("summary", "missing")})]


PUBLICATION = Workflow(
    kind="run_publication",
    label=gettext_noop("评价结果发布"),
    states=PublicationState,
    state_labels={PublicationState.UNPUBLISHED: gettext_noop("未发布"), PublicationState.PUBLISHED: gettext_noop("已发布")},
    transitions=(
        Transition("publish", pgettext("programme action", "发布"), (PublicationState.UNPUBLISHED,), PublicationState.PUBLISHED,
                   MINISTRY, guards=(run_succeeded, coverage_confirmed),
                   inputs=(Input("confirm_partial", gettext_noop("确认部分覆盖"), InputKind.BOOL),
                           Input("public_visible", gettext_noop("向公众公开"), InputKind.BOOL)),
                   effects=("stamp_published", "lock_framework"), notify=(Role.MINISTRY_OFFICER, Role.PROVINCIAL_OFFICER),
                   consequence=gettext_noop("发布后本次运行的得分和排名成为该年度的正式结果，各地可见（设为公开时公众可见）；结果不可更改。")),
        Transition("unpublish", pgettext("programme action", "撤销发布"), (PublicationState.PUBLISHED,), PublicationState.UNPUBLISHED,
                   MINISTRY, inputs=(REQUIRED_REASON,),
                   consequence=gettext_noop("撤销后该年度的正式结果回到上一次发布的运行，已引用本次结果的页面不再显示。")),
    ),
    initial=PublicationState.UNPUBLISHED,
    description=gettext_noop("一次评价运行的发布"),
)  # fmt: skip
