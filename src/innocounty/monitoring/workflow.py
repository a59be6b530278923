"""The province submission workflow, declared in one table.

    draft ──submit──▶ submitted ──accept──▶ accepted (locked)
                        │   ▲
                 return │   │ submit (resubmit)
                        ▼   │
                      returned

Every transition runs, in one transaction: permission check → guard → state change → audit event →
notification. :func:`perform` is the only code that changes ``ProvinceSubmission.state``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innocounty.accounts.permissions import Decision
from innocounty.audit.chain import record
from innocounty.monitoring import notifications
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.models import (
    IndicatorValue,
    ProvinceSubmission,
    SubmissionState,
    SubmissionTransition,
)
from innocounty.monitoring.permissions import can_accept_submission, can_submit_round_data

S = SubmissionState


class TransitionRefused(Exception):
    """The transition may not happen; ``reason`` says why. ``forbidden`` marks a permission refusal."""

    def __init__(self, reason: str, forbidden: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.forbidden = forbidden


def _round_is_open(submission: ProvinceSubmission, reason: str) -> str | None:
    if not submission.data_round.is_open:
        return _("本轮数据填报已关闭。")
    return None


def _has_data(submission: ProvinceSubmission, reason: str) -> str | None:
    closed = _round_is_open(submission, reason)
    if closed:
        return closed
    has_values = IndicatorValue.objects.filter(
        data_round=submission.data_round, county__province=submission.province
    ).exists()
    return None if has_values else _("尚未导入任何数据：请先上传填好的模板。")


def _has_reason(submission: ProvinceSubmission, reason: str) -> str | None:
    return None if reason.strip() else _("退回时必须填写原因。")


def _notify_submitted(submission: ProvinceSubmission, actor, reason: str) -> None:
    notifications.notify(
        notifications.ministry_officers(),
        _("%(province)s已提交 %(year)d 年度监测数据") % {
            "province": submission.province.name, "year": submission.data_round.year,
        },
        _("%(actor)s 提交了%(province)s的数据，请审核后接收或退回。") % {
            "actor": actor, "province": submission.province.name,
        },
        reverse("monitoring:submission", args=[submission.pk]),
    )


def _notify_reviewed(submission: ProvinceSubmission, actor, reason: str) -> None:
    year = submission.data_round.year
    if submission.state == S.ACCEPTED:
        title = _("%(year)d 年度监测数据已被接收") % {"year": year}
        body = _("科技部已接收贵省数据，数据已锁定。")
    else:
        title = _("%(year)d 年度监测数据被退回") % {"year": year}
        body = _("退回原因：%(reason)s\n请修改后重新上传并提交。") % {"reason": reason}
    notifications.notify(
        notifications.provincial_officers(submission.province_id), title, body,
        reverse("monitoring:submission", args=[submission.pk]),
    )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # lazy: the button in the reader's language, the audit summary in the site's
    sources: frozenset[str]
    target: str
    permission: Callable[..., Decision]
    guard: Callable[[ProvinceSubmission, str], str | None]
    notify: Callable[[ProvinceSubmission, object, str], None]


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", gettext_lazy("提交"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED,
                   can_submit_round_data, _has_data, _notify_submitted),
        Transition("accept", gettext_lazy("接收"), frozenset({S.SUBMITTED}), S.ACCEPTED,
                   can_accept_submission, _round_is_open, _notify_reviewed),
        Transition("return", gettext_lazy("退回"), frozenset({S.SUBMITTED}), S.RETURNED,
                   can_accept_submission, _has_reason, _notify_reviewed),
    )
}


def available_transitions(submission: ProvinceSubmission, user) -> list[Transition]:
    """Transitions the user may attempt now (state and permission; guards are checked on perform)."""
    return [
        t for t in TRANSITIONS.values() if submission.state in t.sources and t.permission(user, submission)
    ]


def perform(submission: ProvinceSubmission, action: str, user, reason: str = "") -> ProvinceSubmission:
    """Run one transition; raises :class:`TransitionRefused` and changes nothing when it may not happen."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(_("未知的操作：%(action)s") % {"action": action})
    with transaction.atomic():
        submission = (
            ProvinceSubmission.objects.select_for_update()
            .select_related("data_round", "province")
            .get(pk=submission.pk)
        )
        decision = transition.permission(user, submission)
        if not decision:
            raise TransitionRefused(str(decision.reason), forbidden=True)
        if submission.state not in transition.sources:
            raise TransitionRefused(_("当前状态为“%(state)s”，不能%(action)s。") % {
                "state": submission.get_state_display(), "action": transition.label,
            })
        problem = transition.guard(submission, reason)
        if problem:
            raise TransitionRefused(problem)
        before = {"state": submission.state}
        now = timezone.now()
        submission.state = transition.target
        if transition.target == S.SUBMITTED:
            submission.submitted_at, submission.submitted_by = now, user
        else:
            submission.reviewed_at, submission.reviewed_by = now, user
        submission.return_reason = reason.strip() if transition.target == S.RETURNED else ""
        submission.save()
        SubmissionTransition.objects.create(
            submission=submission, action=transition.name, from_state=before["state"],
            to_state=transition.target, reason=reason.strip(), actor=user,
        )
        with site_language():  # stored texts: the same whatever the actor's language
            record(user, f"monitoring.submission.{transition.name}", submission, before=before,
                   after={"state": submission.state, "reason": reason.strip()},
                   summary=f"{transition.label}{submission}")
            transition.notify(submission, user, reason.strip())
    return submission
