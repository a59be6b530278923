"""The states of a county application through Lifecycle I (application → data evaluation)."""

from __future__ import annotations

from enum import StrEnum

from .problems import gettext_noop


class ApplicationState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED_BY_PROVINCE = "returned_by_province"
    WITHDRAWN = "withdrawn"
    REJECTED_BY_PROVINCE = "rejected_by_province"
    RECOMMENDED = "recommended"
    FORWARDED = "forwarded"
    FORMAL_REVIEW_PASSED = "formal_review_passed"
    FORMAL_REVIEW_FAILED = "formal_review_failed"
    SELECTED_FOR_CONSULTATION = "selected_for_consultation"
    NOT_SELECTED = "not_selected"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    HELD = "held"

    @property
    def label(self) -> str:
        return STATE_INFO[self][0]

    @property
    def description(self) -> str:
        return STATE_INFO[self][1]

    @property
    def is_final(self) -> bool:
        """No Lifecycle I transition leaves this state (Lifecycle II may continue from some)."""
        return self in FINAL_STATES


S = ApplicationState
STATE_INFO: dict[ApplicationState, tuple[str, str]] = {
    S.DRAFT: (gettext_noop("草稿"), gettext_noop("县（市）正在填写，仅本县可见")),
    S.SUBMITTED: (gettext_noop("已提交"), gettext_noop("等待省级科技管理部门处理")),
    S.RETURNED_BY_PROVINCE: (gettext_noop("退回修改"), gettext_noop("省级退回并说明理由，等待县（市）修改后重新提交")),
    S.WITHDRAWN: (gettext_noop("已撤回"), gettext_noop("县（市）撤回了申报")),
    S.REJECTED_BY_PROVINCE: (gettext_noop("不予推荐"), gettext_noop("省级决定不予推荐，并说明理由")),
    S.RECOMMENDED: (gettext_noop("拟推荐"), gettext_noop("已列入本省推荐名单（有排序），名单尚未报送")),
    S.FORWARDED: (gettext_noop("已报送科技部"), gettext_noop("本省推荐名单已报送，名单锁定")),
    S.FORMAL_REVIEW_PASSED: (gettext_noop("形式审查通过"), gettext_noop("科技部形式审查通过")),
    S.FORMAL_REVIEW_FAILED: (gettext_noop("形式审查未通过"), gettext_noop("科技部形式审查未通过，并说明理由")),
    S.SELECTED_FOR_CONSULTATION: (gettext_noop("进入专家评议"), gettext_noop("数据评价后确定进入专家咨询评议/质询")),
    S.NOT_SELECTED: (gettext_noop("未进入专家评议"), gettext_noop("数据评价后未进入专家评议")),
    S.APPROVED: (gettext_noop("批准建设"), gettext_noop("列入批准建设名单并发文公布，进入建设期")),
    S.NOT_APPROVED: (gettext_noop("未获批准"), gettext_noop("未列入批准建设名单")),
    S.HELD: (gettext_noop("暂缓"), gettext_noop("公示期异议经核实成立，暂缓批准")),
}
FINAL_STATES: frozenset[ApplicationState] = frozenset(
    {S.WITHDRAWN, S.REJECTED_BY_PROVINCE, S.FORMAL_REVIEW_FAILED, S.APPROVED, S.NOT_APPROVED, S.HELD}
)


class ProvinceListState(StrEnum):
    """A province's recommendation list in a batch (推荐名单)."""

    OPEN = "open"  # being drawn up: recommend, order, withdraw a recommendation
    SUBMITTED = "submitted"  # sent to the ministry and locked


class DataEvaluationState(StrEnum):
    """The ministry's data evaluation of a batch (数据评价)."""

    OPEN = "open"
    CLOSED = "closed"  # the list of those going on to the experts is fixed
