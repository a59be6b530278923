"""Acceptance subjects bound to the workflow adapter (tables: :mod:`innocounty.programme.acceptance`).

The acceptance context's facts: the batch's last construction year (``construction_over``), the summary's
length (``summary_complete``) and the acceptance panel's expected and submitted reviews (``scores_in``).
Effects keep the inputs of each step on the row (defence, re-check, decision, follow-up check).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from innocounty.acceptance.models import Acceptance, AcceptanceList
from innocounty.common import clock
from innocounty.experts.models import LIVE_STATES, Assignment, Review
from innocounty.monitoring.i18n import site_language
from innocounty.notifications.recipients import ministry_officers, provincial_officers, users_for
from innocounty.programme import Role, SubjectContext
from innocounty.programme.acceptance import (
    ACCEPTANCE,
    ACCEPTANCE_LIST,
    DECIDED,
    AcceptanceState,
    ListState,
    parse_day,
)
from innocounty.programme.consultation import Purpose, ReviewState
from innocounty.workflow.actors import actor_for
from innocounty.workflow.adapter import Binding, Change, bind

ACCEPTANCE_PURPOSE = Purpose.ACCEPTANCE.value


def panel_counts(acceptance: Acceptance) -> tuple[int, int]:
    """(live acceptance assignments, submitted acceptance reviews) of the project."""
    if acceptance.pk is None:
        return 0, 0
    live = Assignment.objects.filter(purpose=ACCEPTANCE_PURPOSE, subject_type="acceptance", subject_id=acceptance.pk,
                                     state__in=LIVE_STATES)  # fmt: skip
    reviews = Review.objects.filter(assignment__in=live, state=ReviewState.SUBMITTED.value)
    return live.count(), reviews.count()


def acceptance_context(user, acceptance: Acceptance, inputs=None, via=None) -> SubjectContext:
    project = acceptance.project
    years = project.years
    expected, got = panel_counts(acceptance)
    facts = {"last_year": years[-1] if years else None, "summary_chars": len((acceptance.summary or "").strip()),
             "reviews_expected": expected, "reviews_in": got}  # fmt: skip
    state = AcceptanceState(acceptance.state) if acceptance.state else None
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, county_code=project.county_id,
                          province_code=project.county.province_id, facts=facts, inputs=inputs or {}, via=via)  # fmt: skip


def _summary(acceptance, label: str, inputs) -> str:
    reason = str(inputs.get("reason") or "")
    with site_language():
        return f"{acceptance}：{_(label)}" + (f"（{reason}）" if reason else "")


def _notice(acceptance, label: str, inputs) -> tuple[str, str, str]:
    with site_language():
        lines = [_("操作：%(action)s") % {"action": _(label)}]
        for key in ("reason", "deadline", "findings"):
            if inputs.get(key):
                lines.append(str(inputs[key]))
        return (
            f"{acceptance}：{_(label)}",
            "\n".join(lines),
            reverse("acceptance:project", args=[acceptance.pk]),
        )


def _recipients(recipient, acceptance) -> list:
    if recipient.role is Role.MINISTRY_OFFICER:
        return ministry_officers()
    return users_for(recipient, [acceptance.project.county_id])


ACCEPTANCE_BINDING = Binding(
    workflow=ACCEPTANCE, model=Acceptance, context=acceptance_context, summary=_summary, recipients=_recipients,
    notice=_notice, select_related=("project__county__province", "project__batch"),
)  # fmt: skip


def _keep(change: Change, **values) -> None:
    for name, value in values.items():
        setattr(change.subject, name, value)
    change.subject.save(update_fields=list(values))


@ACCEPTANCE_BINDING.effect("stamp_summary")
def _stamp_summary(change: Change) -> None:
    _keep(change, summary_submitted_at=change.at)


@ACCEPTANCE_BINDING.effect("keep_defence")
def _keep_defence(change: Change) -> None:
    i = change.inputs
    _keep(
        change,
        defence_at=str(i["defence_at"]),
        defence_venue=str(i["venue"]),
        defence_outcome=str(i["outcome"]),
    )


@ACCEPTANCE_BINDING.effect("keep_recheck")
def _keep_recheck(change: Change) -> None:
    i = change.inputs
    _keep(change, recheck_on=parse_day(i["recheck_on"]), recheck_team=str(i["team"]),
          recheck_findings=str(i["findings"]))  # fmt: skip


@ACCEPTANCE_BINDING.effect("keep_score")
def _keep_score(change: Change) -> None:
    from innocounty.acceptance.scoring import panel_summary

    summary = panel_summary(change.subject)
    _keep(change, score=summary.trimmed_mean if summary else None)


@ACCEPTANCE_BINDING.effect("keep_decision")
def _keep_decision(change: Change) -> None:
    deadline = parse_day(change.inputs.get("deadline")) if change.inputs.get("deadline") else None
    _keep(change, decision_reason=str(change.inputs.get("reason") or ""), decided_at=change.at,
          rectification_deadline=deadline)  # fmt: skip


@ACCEPTANCE_BINDING.effect("keep_follow_up")
def _keep_follow_up(change: Change) -> None:
    _keep(change, follow_up_findings=str(change.inputs.get("findings") or ""), followed_up_at=change.at)


bind(ACCEPTANCE_BINDING)


# --- the batch's decision list --------------------------------------------------------------------------------
def list_context(user, acceptance_list: AcceptanceList, inputs=None, via=None) -> SubjectContext:
    rows = Acceptance.objects.filter(project__batch_id=acceptance_list.batch_id)
    states = list(rows.values_list("state", flat=True))
    undecided = sum(1 for s in states if not s or AcceptanceState(s) not in DECIDED)
    facts = {"projects": len(states), "undecided": undecided, "notice_ends": acceptance_list.notice_ends}
    state = ListState(acceptance_list.state) if acceptance_list.state else None
    return SubjectContext(actor=actor_for(user), today=clock.today(), state=state, facts=facts, inputs=inputs or {},
                          via=via)  # fmt: skip


def _list_recipients(recipient, acceptance_list) -> list:
    counties = list(Acceptance.objects.filter(project__batch_id=acceptance_list.batch_id)
                    .values_list("project__county_id", flat=True))  # fmt: skip
    if recipient.role is Role.PROVINCIAL_OFFICER:
        users = {u.pk: u for p in sorted({c[:2] for c in counties}) for u in provincial_officers(p)}
        return list(users.values())
    return users_for(recipient, counties)


def _list_notice(acceptance_list, label: str, inputs) -> tuple[str, str, str]:
    with site_language():
        return (f"{acceptance_list}：{_(label)}", _("%(batch)s评估验收结论已发文公布。") % {"batch": acceptance_list.batch.name},
                reverse("innovative:counties"))  # fmt: skip


LIST_BINDING = Binding(
    workflow=ACCEPTANCE_LIST, model=AcceptanceList, context=list_context, summary=_summary,
    recipients=_list_recipients, notice=_list_notice, select_related=("batch",),
)  # fmt: skip


@LIST_BINDING.effect("stamp_notice")
def _stamp_notice(change: Change) -> None:
    today = clock.today()
    _keep(
        change, notice_starts=today, notice_ends=today + timedelta(days=int(change.inputs["notice_days"]) - 1)
    )


@LIST_BINDING.effect("stamp_published")
def _stamp_published(change: Change) -> None:
    year = clock.today().year
    _keep(
        change,
        published_at=change.at,
        number=change.subject.number or f"国科发农〔{year}〕{change.subject.batch_id}号",
    )


bind(LIST_BINDING)
