"""Experts API (``/api/experts``): the expert's assignments (accept, decline, declare) and reviews (draft,
submit); the ministry's pool and panels (propose, adjust a slot, confirm). Role and scope checked in every
operation; every field bounded. Refusals: 403 (role or scope), 404 (not yours / not found), 400 with every
reason (the workflow refused), 422 (a field out of bounds)."""

from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from innocounty.applications.models import Application
from innocounty.batches.models import Batch
from innocounty.common.api import ERRORS, Refused, handles_refusals, problem_out
from innocounty.common.bounds import DbId, ReasonText, ShortText
from innocounty.common.refusals import Forbidden, ensure
from innocounty.experts import reviewing, services
from innocounty.experts.models import Assignment, Expert, Review
from innocounty.experts.permissions import can_manage_pool, can_view_panels, is_expert
from innocounty.experts.summaries import panel_summaries
from innocounty.programme import Decision, Msg, Problem, gettext_noop
from innocounty.workflow.adapter import apply_transition

router = Router(tags=["experts"])
Score = Annotated[float, Field(ge=-1000, le=1000, allow_inf_nan=False)]
CommentText = Annotated[str, Field(max_length=2000)]
CriterionCode = Annotated[str, Field(max_length=40)]


class AssignmentOut(Schema):
    id: int
    batch_id: int
    application_id: int | None
    county_code: str
    county_name: str
    state: str
    can_open: bool
    review_state: str | None = None


class ActIn(Schema):
    reason: ReasonText = ""
    declaration: bool = False
    confirm: bool = False


class ReviewIn(Schema):
    scores: dict[CriterionCode, Score | None] = Field(default_factory=dict, max_length=40)
    comments: dict[CriterionCode, CommentText] = Field(default_factory=dict, max_length=40)
    recommendation: Literal["", "approve", "approve_after_revision", "reject"] = ""
    overall_comment: Annotated[str, Field(max_length=4000)] = ""


class ReviewOut(Schema):
    id: int
    state: str
    scores: dict
    comments: dict
    recommendation: str
    overall_comment: str
    total: float | None
    problems: list[dict] = []


class ConfirmIn(Schema):
    confirm: bool = False


class ProposeIn(Schema):
    time_limit: Annotated[float, Field(ge=1, le=600)] = 10.0


class SlotIn(Schema):
    application_id: DbId
    expert_id: DbId
    replacing_id: DbId | None = None


class ExpertOut(Schema):
    id: int
    username: str
    name: str
    organisation: str
    province: str
    title: str
    fields: list[str]
    keywords: list[str]
    active: bool


def _own_expert(user) -> Expert:
    ensure(is_expert(user))
    expert = Expert.objects.filter(user=user).first()
    if expert is None:
        raise Forbidden(_("您尚未录入专家库，请联系科技部。"))
    return expert


def _own(user, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.exclude(state="proposed").select_related("application__county", "batch", "expert"),
                             pk=pk, expert=_own_expert(user))  # fmt: skip


def _assignment_out(a: Assignment) -> dict:
    review = Review.objects.filter(assignment=a).first()
    return {"id": a.pk, "batch_id": a.batch_id, "application_id": a.application_id if a.state == "declared" else None,
            "county_code": a.application.county_id, "county_name": a.application.county.name, "state": a.state,
            "can_open": a.state == "declared", "review_state": review.state if review else None}  # fmt: skip


def _review_out(review: Review, problems=()) -> dict:
    return {"id": review.pk, "state": review.state, "scores": review.scores, "comments": review.comments,
            "recommendation": review.recommendation, "overall_comment": review.overall_comment, "total": review.total,
            "problems": [problem_out(p) for p in problems]}  # fmt: skip


def _require(outcome) -> None:
    if not outcome.allowed:
        raise Refused(outcome.decision)


@router.get("/assignments", response={200: list[AssignmentOut], **ERRORS}, summary="The expert's assignments")
def my_assignments(request):
    expert = _own_expert(request.auth)
    rows = (
        Assignment.objects.filter(expert=expert)
        .exclude(state="proposed")
        .select_related("application__county")
    )
    return [_assignment_out(a) for a in rows.order_by("-pk")[:500]]


@router.post(
    "/assignments/{pk}/acts/{action}",
    response={200: AssignmentOut, **ERRORS},
    summary="Accept, decline or declare",
)
@handles_refusals
def act(request, pk: DbId, action: Literal["accept", "decline", "declare"], body: ActIn):
    a = _own(request.auth, pk)
    inputs = {"reason": body.reason, "confirm": body.confirm, "declaration": body.declaration or None}
    _require(apply_transition(request.auth, a, action, inputs))
    a.refresh_from_db()
    return _assignment_out(a)


@router.get("/assignments/{pk}/review", response={200: ReviewOut, **ERRORS}, summary="The expert's review")
def get_review(request, pk: DbId):
    a = _own(request.auth, pk)
    if a.state != "declared":
        raise Forbidden(_("请先接受评审任务并声明无利益冲突。"))
    return _review_out(reviewing.review_of(request.auth, a))


@router.put(
    "/assignments/{pk}/review", response={200: ReviewOut, **ERRORS}, summary="Save the review as a draft"
)
@handles_refusals
def save_review(request, pk: DbId, body: ReviewIn):
    a = _own(request.auth, pk)
    review, problems = reviewing.save_draft(request.auth, a, dict(body.scores), dict(body.comments),
                                            body.recommendation, body.overall_comment)  # fmt: skip
    return _review_out(review, problems)


@router.post(
    "/assignments/{pk}/review/submit", response={200: ReviewOut, **ERRORS}, summary="Submit the review (once)"
)
@handles_refusals
def submit_review(request, pk: DbId, body: ConfirmIn):
    a = _own(request.auth, pk)
    _require(reviewing.submit(request.auth, a, body.confirm))
    return _review_out(Review.objects.get(assignment=a))


@router.get("/pool", response={200: list[ExpertOut], **ERRORS}, summary="The expert pool (ministry)")
def pool(request, active: bool | None = None, province: Annotated[str, Field(max_length=2)] = "",
         q: ShortText = ""):  # fmt: skip
    ensure(can_manage_pool(request.auth))
    rows = Expert.objects.select_related("user")
    if active is not None:
        rows = rows.filter(active=active)
    if province:
        rows = rows.filter(province_id=province)
    if q:
        rows = rows.filter(name__icontains=q)
    return [{"id": e.pk, "username": e.user.username, "name": e.name, "organisation": e.organisation,
             "province": e.province_id, "title": e.title, "fields": e.fields, "keywords": e.keywords,
             "active": e.active} for e in rows.order_by("pk")[:2000]]  # fmt: skip


@router.get(
    "/batches/{pk}/panels",
    response={200: dict, **ERRORS},
    summary="Panels, quality and aggregation (ministry)",
)
def panels(request, pk: DbId):
    ensure(can_view_panels(request.auth))
    batch = get_object_or_404(Batch, pk=pk)
    plan = services.plan_for(batch)
    rows = Assignment.objects.filter(batch=batch).order_by("application_id", "pk")
    summaries = panel_summaries(batch)
    return {
        "panel_size": plan.panel_size, "max_load": plan.max_load, "quality": plan.quality,
        "assignments": [{"id": a.pk, "application_id": a.application_id, "expert_id": a.expert_id, "state": a.state,
                         "match": a.match, "reason": a.reason} for a in rows],
        "summaries": {str(k): {"n_expected": s.n_expected, "n_in": s.n_in, "mean": s.mean, "trimmed_mean": s.trimmed_mean,
                               "sd": s.sd, "minimum": s.minimum, "maximum": s.maximum, "disagreement": s.disagreement,
                               "recommendations": s.recommendations} for k, s in summaries.items()},
    }  # fmt: skip


@router.post("/batches/{pk}/propose", response={200: dict, **ERRORS}, summary="Propose panels (ministry)")
def propose(request, pk: DbId, body: ProposeIn):
    ensure(can_manage_pool(request.auth))
    batch = get_object_or_404(Batch, pk=pk)
    services.run_proposal(request.auth, batch, body.time_limit)
    return services.plan_for(batch).quality


@router.post(
    "/batches/{pk}/slots", response={200: dict, **ERRORS}, summary="Put an expert on a panel (ministry)"
)
@handles_refusals
def slot(request, pk: DbId, body: SlotIn):
    ensure(can_manage_pool(request.auth))
    batch = get_object_or_404(Batch, pk=pk)
    app = get_object_or_404(Application, pk=body.application_id, batch=batch)
    expert = get_object_or_404(Expert, pk=body.expert_id)
    replacing = (
        get_object_or_404(Assignment, pk=body.replacing_id, application=app) if body.replacing_id else None
    )
    outcome, new = services.assign_slot(request.auth, batch, app, expert, replacing)
    _require(outcome)
    return {"id": new.pk, "state": new.state, "match": new.match}


@router.post("/batches/{pk}/confirm", response={200: dict, **ERRORS}, summary="Confirm and invite (ministry)")
@handles_refusals
def confirm(request, pk: DbId, body: ConfirmIn):
    ensure(can_manage_pool(request.auth))
    batch = get_object_or_404(Batch, pk=pk)
    if not body.confirm:
        raise Refused(
            Decision(
                False,
                (
                    Problem(
                        "confirmation_required",
                        gettext_noop("「%(action)s」须确认后办理"),
                        "confirm",
                        params={"action": Msg(gettext_noop("确认分配并发出邀请"))},
                    ),
                ),
            )
        )
    return {"invited": services.confirm_proposal(request.auth, batch)}
