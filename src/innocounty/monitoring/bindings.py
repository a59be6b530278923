"""The monitoring subjects bound to the workflow adapter: province submissions, data rounds, uploads and
indicator frameworks (the tables are :mod:`innocounty.programme.data_workflows`).

Each binding builds the core's :class:`~innocounty.programme.SubjectContext` from a locked row (``facts``:
what the table's guards and consequences read), registers the effects the table declares and says whom
to notify. Audit summaries and notifications are stored texts: written in the site's language whoever
acts (:func:`~innocounty.monitoring.i18n.site_language`). Registered from ``MonitoringConfig.ready()``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.common import clock
from innocounty.monitoring.i18n import site_language
from innocounty.monitoring.models import (
    DataRound,
    Framework,
    IndicatorValue,
    ProvinceSubmission,
    SubmissionTransition,
    Upload,
)
from innocounty.notifications import recipients as notifications
from innocounty.programme import Recipient, Role, SubjectContext
from innocounty.programme.data_workflows import (
    FRAMEWORK,
    ROUND,
    SUBMISSION,
    UPLOAD,
    FrameworkState,
    RoundState,
    SubmissionState,
    UploadState,
)
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, apply_transition, bind


def _officers(recipient: Recipient) -> list:
    if recipient.role is Role.MINISTRY_OFFICER:
        return notifications.ministry_officers()
    if recipient.role is Role.PROVINCIAL_OFFICER:
        return notifications.provincial_officers(recipient.province_code)
    return []


def _reason(inputs) -> str:
    return str(inputs.get("reason") or "").strip()


# --- province submissions -----------------------------------------------------------------------------
def submission_context(user, submission: ProvinceSubmission, inputs=None, via=None) -> SubjectContext:
    facts = {
        "round_open": submission.data_round.is_open,
        "has_values": IndicatorValue.objects.filter(
            data_round_id=submission.data_round_id, county__province_id=submission.province_id).exists(),
    }  # fmt: skip
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=SubmissionState(submission.state),
                          province_code=submission.province_id, facts=facts, inputs=inputs or {}, via=via)  # fmt: skip


def _submission_summary(submission: ProvinceSubmission, label: str, inputs) -> str:
    with site_language():
        return f"{_(label)}{submission}"


def _submission_notice(submission: ProvinceSubmission, label: str, inputs) -> tuple[str, str, str]:
    url = reverse("monitoring:submission", args=[submission.pk])
    year, province = submission.data_round.year, submission.province.name
    with site_language():  # sent to other people: the site's language
        if submission.state == SubmissionState.SUBMITTED:
            return (_("%(province)s已提交 %(year)d 年度监测数据") % {"province": province, "year": year},
                    _("%(actor)s 提交了%(province)s的数据，请审核后接收或退回。") % {
                        "actor": submission.submitted_by, "province": province}, url)  # fmt: skip
        if submission.state == SubmissionState.ACCEPTED:
            return (_("%(year)d 年度监测数据已被接收") % {"year": year}, _("科技部已接收贵省数据，数据已锁定。"), url)
        return (_("%(year)d 年度监测数据被退回") % {"year": year},
                _("退回原因：%(reason)s\n请修改后重新上传并提交。") % {"reason": _reason(inputs)}, url)  # fmt: skip


def _submission_history(change: Change) -> None:
    outcome = change.outcome
    SubmissionTransition.objects.create(
        submission=change.subject, action=outcome.transition, from_state=outcome.from_state.value,
        to_state=outcome.to_state.value, reason=_reason(change.inputs), actor=change.user,
    )  # fmt: skip


SUBMISSION_BINDING = Binding(
    workflow=SUBMISSION, model=ProvinceSubmission, context=submission_context, summary=_submission_summary,
    recipients=lambda recipient, submission: _officers(recipient), notice=_submission_notice,
    after_change=_submission_history, select_related=("data_round", "province"),
)  # fmt: skip


@SUBMISSION_BINDING.effect("stamp_submitted")
def _stamp_submitted(change: Change) -> None:
    submission = change.subject
    submission.submitted_at, submission.submitted_by, submission.return_reason = change.at, change.user, ""
    submission.save(update_fields=["submitted_at", "submitted_by", "return_reason"])


@SUBMISSION_BINDING.effect("stamp_reviewed")
def _stamp_reviewed(change: Change) -> None:
    submission = change.subject
    submission.reviewed_at, submission.reviewed_by = change.at, change.user
    submission.return_reason = _reason(change.inputs) if change.outcome.to_state is SubmissionState.RETURNED else ""
    submission.save(update_fields=["reviewed_at", "reviewed_by", "return_reason"])


bind(SUBMISSION_BINDING)


# --- data rounds ------------------------------------------------------------------------------------------
def round_context(user, data_round: DataRound, inputs=None, via=None) -> SubjectContext:
    facts = {"not_accepted": data_round.submissions.exclude(state=SubmissionState.ACCEPTED.value).count()}
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=RoundState(data_round.status),
                          facts=facts, inputs=inputs or {}, via=via)  # fmt: skip


def _round_summary(data_round: DataRound, label: str, inputs) -> str:
    with site_language():
        return f"{_(label)}：{data_round}"


def _round_notice(data_round: DataRound, label: str, inputs) -> tuple[str, str, str]:
    with site_language():
        return (_("%(round)s填报已关闭") % {"round": data_round},
                _("科技部已关闭%(round)s填报，各省不能再上传或提交本轮数据。") % {"round": data_round},
                reverse("monitoring:rounds"))  # fmt: skip


ROUND_BINDING = Binding(
    workflow=ROUND, model=DataRound, context=round_context, state_field="status", summary=_round_summary,
    recipients=lambda recipient, data_round: _officers(recipient), notice=_round_notice,
)  # fmt: skip
bind(ROUND_BINDING)


# --- uploads ------------------------------------------------------------------------------------------------
def upload_context(user, upload: Upload, inputs=None, via=None) -> SubjectContext:
    province = upload.submission.province_id if upload.submission_id else None
    state = UploadState(upload.status) if upload.status else None
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, province_code=province,
                          facts={"round_open": upload.data_round.is_open}, inputs=inputs or {}, via=via)  # fmt: skip


# The upload transitions the adapter performs start from "awaiting confirmation": say so in the summary.
CONFIRMED_AS = {UploadState.IMPORTED: "确认警告并导入", UploadState.REJECTED: "确认时重新校验未通过："}


def upload_summary(upload: Upload, label: str, inputs=None) -> str:
    """``<act><submission>：<file>`` (a national import names itself), in the site's language."""
    with site_language():
        where = str(upload.submission) if upload.submission_id else _("全国数据导入")
        act = CONFIRMED_AS.get(UploadState(upload.status)) or _(label)
        return f"{act}{where}：{upload.original_name}"


def upload_audit_facts(upload: Upload) -> dict:
    facts = {"errors": upload.error_count, "warnings": upload.warning_count, "sha256": upload.sha256}
    if upload.status == UploadState.IMPORTED:
        facts.update(rows=upload.row_count, created=upload.values_created, changed=upload.values_changed)
    return facts


UPLOAD_BINDING = Binding(
    workflow=UPLOAD, model=Upload, context=upload_context, state_field="status", summary=upload_summary,
    audit_extra=lambda change: upload_audit_facts(change.subject), select_related=("submission", "data_round"),
)  # fmt: skip
bind(UPLOAD_BINDING)


# --- indicator frameworks -----------------------------------------------------------------------------
def framework_context(user, framework: Framework, inputs=None, via=None) -> SubjectContext:
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=FrameworkState(framework.status),
                          inputs=inputs or {}, via=via)  # fmt: skip


def _active_others(framework: Framework):
    return Framework.objects.filter(code=framework.code, status=FrameworkState.ACTIVE.value).exclude(pk=framework.pk)


def _framework_summary(framework: Framework, label: str, inputs) -> str:
    with site_language():
        return f"{_(label)}{framework}"


def _framework_audit(change: Change) -> dict:
    if change.outcome.transition != "activate":
        return {}
    return {"superseded": [str(f) for f in _active_others(change.subject).order_by("pk")]}


FRAMEWORK_BINDING = Binding(
    workflow=FRAMEWORK, model=Framework, context=framework_context, state_field="status",
    summary=_framework_summary, audit_extra=_framework_audit,
)  # fmt: skip


@FRAMEWORK_BINDING.effect("supersede_previous")
def _supersede_previous(change: Change) -> None:
    """The previously active version of the same code is superseded (its own transition, audited)."""
    for old in _active_others(change.subject).order_by("pk"):
        apply_transition(change.user, old, "supersede", kind="framework", via="framework.activate").require()


bind(FRAMEWORK_BINDING)
