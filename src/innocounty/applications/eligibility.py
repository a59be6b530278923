"""The application condition "位居本省前列" (申报条件) and what it means in the application's batch.

The county's result comes from the batch's monitoring run (:meth:`Batch.evaluation_run`), never from
the newest data. The batch's ``eligibility_rule`` says what 不符合 leads to: a gate (the county cannot
submit nor be recommended), a warning (the province gives a reason to recommend, shown to the ministry)
or nothing. The core's guards ``eligibility_gate`` and ``eligibility_reason_given`` enforce it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from innocounty.applications.monitoring_data import position_for
from innocounty.common.labels import ELIGIBILITY_RULE_LABELS
from innocounty.programme.context import EligibilityRule


def eligibility_of(app) -> tuple[bool | None, str]:
    """(eligible, the run's reason) of the application's county in its batch's run (None: not judged)."""
    _run, position = position_for(app.batch, app.county_id)
    if position is None:
        return None, ""
    return position.eligible, position.eligibility_reason or ""


def rule_of(batch) -> EligibilityRule:
    try:
        return EligibilityRule(batch.eligibility_rule)
    except ValueError:
        return EligibilityRule.OFF


def rule_meaning(rule: EligibilityRule) -> str:
    if rule is EligibilityRule.GATE:
        return _(
            "本批次把「位居本省前列」作为硬性申报条件：判定为「不符合」的县（市）不能提交申报，也不能被推荐。"
        )
    if rule is EligibilityRule.WARNING:
        return _("本批次把「位居本省前列」作为提示：判定为「不符合」的县（市）可以提交申报；省级推荐时须说明理由，"
                 "理由随推荐报送科技部，在形式审查和数据评价中显示。")  # fmt: skip
    return _("本批次不把「位居本省前列」作为申报条件：「不符合」仅供参考，不影响提交和推荐。")


def eligibility_notice(app) -> dict:
    """What the editor and the detail page say about the condition for this application."""
    run, position = position_for(app.batch, app.county_id)
    rule = rule_of(app.batch)
    eligible = position.eligible if position is not None else None
    return {
        "rule": rule.value,
        "rule_label": ELIGIBILITY_RULE_LABELS[rule],
        "meaning": rule_meaning(rule),
        "run_year": run.year if run is not None else None,
        "eligible": eligible,
        "reason": position.eligibility_reason if position is not None else "",
        "blocks_submission": rule is EligibilityRule.GATE and eligible is False,
        "needs_reason": rule is EligibilityRule.WARNING and eligible is False,
    }


def recommendation_reason(app) -> str:
    """The province's reason for recommending an ineligible county (latest recommendation), or ""."""
    event = app.events.filter(transition="recommend").order_by("-at", "-id").first()
    return str((event.details or {}).get("eligibility_reason", "")) if event else ""
