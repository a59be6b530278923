"""The expert's review: start, save a draft (any number of times), submit once (the workflow decides).

Drafts are not transitions: :func:`save_draft` checks that the user is the assignment's expert, that the
no-conflict declaration is confirmed and that the review is still editable, bounds every value by the
batch's rubric, stores what is valid and returns the problems of what is not (per field).
"""

from __future__ import annotations

import math

from django.db import transaction
from django.utils.translation import gettext as _

from innocounty.common.refusals import Forbidden
from innocounty.experts.bindings import rubric_for
from innocounty.experts.models import Assignment, Review
from innocounty.programme import Problem, gettext_noop
from innocounty.programme.consultation import EDITABLE_REVIEW_STATES, AssignmentState, Purpose, ReviewState
from innocounty.programme.scoring import COMMENT_MAX, Recommendation
from innocounty.workflow.adapter import apply_transition

OVERALL_MAX = 4000


class NotYours(Forbidden):
    pass


def ensure_own(user, assignment: Assignment) -> None:
    if assignment.expert.user_id != getattr(user, "pk", None):
        raise NotYours(_("这不是分配给您的评审任务。"))


def review_of(user, assignment: Assignment) -> Review:
    """The assignment's review, started (through the workflow) on first use."""
    ensure_own(user, assignment)
    existing = Review.objects.filter(assignment=assignment).first()
    if existing is not None:
        return existing
    review = Review(assignment=assignment, purpose=assignment.purpose or Purpose.CONSULTATION.value,
                    application=assignment.application, expert=assignment.expert)  # fmt: skip
    outcome = apply_transition(user, review, "start", {})
    if not outcome.allowed:
        raise Forbidden("；".join(outcome.decision.messages))
    return review


def parse_score(raw) -> float | None | str:
    """A number, None for blank, or the raw text when it is no finite number (reported by name)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return str(raw)
    try:
        value = float(raw.strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError, OverflowError):
        return str(raw)[:40]
    return value if math.isfinite(value) else str(raw)[:40]


def save_draft(user, assignment: Assignment, scores: dict, comments: dict, recommendation: str = "",
               overall: str = "") -> tuple[Review, list[Problem]]:  # fmt: skip
    ensure_own(user, assignment)
    if assignment.state != AssignmentState.DECLARED.value:
        raise Forbidden(_("请先接受评审任务并声明无利益冲突。"))
    review = review_of(user, assignment)
    if ReviewState(review.state) not in EDITABLE_REVIEW_STATES:
        return review, [
            Problem("review_locked", gettext_noop("评议意见已提交，不能再修改（科技部退回的除外）。"))
        ]
    rubric = rubric_for(assignment.batch, assignment.purpose)
    problems: list[Problem] = []
    kept_scores, kept_comments = dict(review.scores or {}), dict(review.comments or {})
    for c in rubric.criteria:
        if c.code in scores:
            value = parse_score(scores[c.code])
            if isinstance(value, str) or (value is not None and not c.min_score <= value <= c.max_score):
                problems.append(Problem("score_out_of_range", gettext_noop("「%(criterion)s」的评分须在%(low)s至%(high)s之间"),
                                        f"scores.{c.code}", params={"criterion": c.label, "low": f"{c.min_score:g}",
                                                                    "high": f"{c.max_score:g}"}))  # fmt: skip
            elif value is None:
                kept_scores.pop(c.code, None)
            else:
                kept_scores[c.code] = value
        if c.code in comments:
            text = str(comments[c.code] or "").strip()
            if len(text) > COMMENT_MAX:
                problems.append(Problem("comment_too_long", gettext_noop("意见不能超过%(max)d字"), f"comments.{c.code}",
                                        params={"max": COMMENT_MAX}))  # fmt: skip
            else:
                kept_comments[c.code] = text
    rec = (recommendation or "").strip()
    if rec and rec not in Recommendation._value2member_map_:
        problems.append(Problem("recommendation_invalid", gettext_noop("未知的总体建议"), "recommendation"))
        rec = review.recommendation
    overall = (overall or "").strip()
    if len(overall) > OVERALL_MAX:
        problems.append(Problem("comment_too_long", gettext_noop("意见不能超过%(max)d字"), "overall_comment",
                                params={"max": OVERALL_MAX}))  # fmt: skip
        overall = review.overall_comment
    with transaction.atomic():
        review.scores, review.comments, review.recommendation, review.overall_comment = (
            kept_scores,
            kept_comments,
            rec,
            overall,
        )
        review.save(update_fields=["scores", "comments", "recommendation", "overall_comment", "updated_at"])
    return review, problems


def submit(user, assignment: Assignment, confirm: bool):
    review = review_of(user, assignment)
    return apply_transition(user, review, "submit", {"confirm": confirm})
