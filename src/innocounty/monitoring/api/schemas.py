"""Schemas of the monitoring API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from innocounty.common.bounds import Code, DbId, ReasonText, Year


class ErrorOut(Schema):
    detail: str | list[dict]  # a reason, or the request validation errors (422)


class FrameworkOut(Schema):
    id: int
    code: str
    version: str
    name: str
    status: str
    locked: bool
    in_use: bool
    source_name: str
    source_sha256: str
    imported_at: dt.datetime

    @staticmethod
    def resolve_in_use(obj) -> bool:
        return obj.is_in_use()


class FrameworkNodeOut(Schema):
    code: str
    name: str
    name_en: str
    level: int
    parent: str | None
    weight: float
    direction: int
    unit: str
    denominator: str
    type: str
    extra: dict

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_type(obj) -> str:
        return obj.node_type


class FrameworkDetailOut(FrameworkOut):
    nodes: list[FrameworkNodeOut]

    @staticmethod
    def resolve_nodes(obj) -> list:
        return list(obj.nodes.select_related("parent").order_by("position"))


class RoundIn(Schema):
    year: Year
    framework_id: DbId
    deadline: dt.date
    notes: ReasonText = ""


class RoundOut(Schema):
    id: int
    year: int
    framework_id: int
    framework: str
    deadline: dt.date
    status: str
    notes: str
    opened_at: dt.datetime

    @staticmethod
    def resolve_framework(obj) -> str:
        return str(obj.framework)


class SubmissionOut(Schema):
    id: int
    round_id: int
    year: int
    province: str
    province_name: str
    state: str
    state_label: str
    return_reason: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    accepts_uploads: bool

    @staticmethod
    def resolve_round_id(obj) -> int:
        return obj.data_round_id

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.data_round.year

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province_id

    @staticmethod
    def resolve_province_name(obj) -> str:
        return obj.province.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class IssueOut(Schema):
    severity: str
    rule: str
    rule_label: str
    message: str
    sheet: str
    row: int | None
    column: str
    header: str
    value: str
    county: str = ""


class RuleCountOut(Schema):
    severity: str
    rule: str
    rule_label: str
    count: int
    stored: int


class UploadOut(Schema):
    id: int
    submission_id: int | None
    original_name: str
    status: str
    status_label: str
    uploaded_at: dt.datetime
    error_count: int
    warning_count: int
    row_count: int
    values_created: int
    values_changed: int
    issues: list[IssueOut]
    rule_counts: list[RuleCountOut]
    issues_truncated: bool

    @staticmethod
    def resolve_rule_counts(obj) -> list[dict]:
        return obj.report.get("rule_counts", [])

    @staticmethod
    def resolve_issues_truncated(obj) -> bool:
        return bool(obj.report.get("truncated"))

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_issues(obj) -> list[dict]:
        return obj.report.get("issues", [])


class ConfirmIn(Schema):
    confirm: bool = Field(False, description="Consequential acts (submit, accept, activate a framework) are refused "
                                             "unless confirmed; the refusal states the consequence")


class ResolutionsIn(Schema):
    resolutions: dict[Annotated[str, Field(max_length=48)], Literal["keep", "take"]] = Field(
        default_factory=dict, max_length=2000,
        description="per conflict with a county-entered value (key county:code): keep the county's or take the file's")


class ReturnIn(Schema):
    reason: ReasonText


class RevisionOut(Schema):
    old_value: float | None
    new_value: float | None
    old_upload_id: int
    old_by: str
    old_at: dt.datetime
    upload_id: int
    changed_by: str
    changed_at: dt.datetime


class CountyValueOut(Schema):
    code: str
    name: str
    unit: str
    kind: str
    value: float | None
    previous: float | None
    source: str
    updated_by: str
    updated_at: dt.datetime | None
    revisions: list[RevisionOut]


class CommentIn(Schema):
    text: ReasonText
    indicator_code: Code = ""


class CommentOut(Schema):
    id: int
    indicator_code: str
    author: str
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return str(obj.author)


class CountyValuesOut(Schema):
    round_id: int
    year: int
    county: str
    county_name: str
    province: str
    submission_state: str | None
    values: list[CountyValueOut]
    comments: list[CommentOut]
