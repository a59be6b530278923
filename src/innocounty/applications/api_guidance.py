"""Guidance API: the county shares its draft with its province; the province comments per part; the
county answers. Same predicates and services as the pages (``guidance.py``); registered on the
applications router."""


from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Schema, Status

from innocounty.applications.api_router import router, visible
from innocounty.applications.api_schemas import ERRORS, Refused, forbid, handles_refusals
from innocounty.applications.guidance import (
    GuidanceRefused,
    add_comment,
    answer_comment,
    comment_out,
    guidance_for,
    set_sharing,
)
from innocounty.applications.models import PlanComment
from innocounty.applications.workflow import NotAllowed
from innocounty.common.bounds import Code, DbId, LongText
from innocounty.programme import Decision, Problem


class SharingIn(Schema):
    shared: bool


class SharingOut(Schema):
    shared_with_province: bool
    shared_at: datetime | None


class CommentIn(Schema):
    part: Code
    text: LongText


class AnswerIn(Schema):
    answer: LongText


class CommentOut(Schema):
    id: int
    part: str
    part_label: str
    text: str
    author: str
    created_at: datetime
    answer: str
    answered_by: str
    answered_at: datetime | None


def _run(call, *args):
    try:
        return call(*args)
    except NotAllowed as refused:
        forbid(refused.reason)
    except GuidanceRefused as problem:
        raise Refused(
            Decision(False, (Problem("guidance_refused", problem.message, problem.field),))
        ) from None


@router.put("/{pk}/sharing", response={200: SharingOut, **ERRORS},
            summary="Share the draft with the province for guidance, or stop sharing (county officer)")  # fmt: skip
@handles_refusals
def put_sharing(request, pk: DbId, payload: SharingIn):
    app = _run(set_sharing, request.auth, visible(request, pk), payload.shared)
    return {"shared_with_province": app.shared_with_province, "shared_at": app.shared_at}


@router.get("/{pk}/comments", response={200: list[CommentOut], **ERRORS},
            summary="The province's comments on the draft and the county's answers")  # fmt: skip
@handles_refusals
def list_comments(request, pk: DbId):
    return guidance_for(request.auth, visible(request, pk))["comments"]


@router.post("/{pk}/comments", response={201: CommentOut, **ERRORS},
             summary="Comment on one part of a shared draft (provincial officer, before submission)")  # fmt: skip
@handles_refusals
def post_comment(request, pk: DbId, payload: CommentIn):
    comment = _run(add_comment, request.auth, visible(request, pk), payload.part, payload.text)
    return Status(201, comment_out(comment))


@router.post("/{pk}/comments/{comment_pk}/answer", response={200: CommentOut, **ERRORS},
             summary="Answer one comment, once (county officer)")  # fmt: skip
@handles_refusals
def post_answer(request, pk: DbId, comment_pk: DbId, payload: AnswerIn):
    app = visible(request, pk)
    comment = get_object_or_404(PlanComment, pk=comment_pk, application=app)
    return comment_out(_run(answer_comment, request.auth, app, comment, payload.answer))
