"""Read-only admin views of the monitoring data.

Every change goes through the platform's own paths — framework import and activation, the round and
submission workflow, uploads with validation — each with its audit record; the admin only shows.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from innocounty.common.admin import ReadOnlyAdmin, ReadOnlyInline
from innocounty.monitoring.models import (
    DataComment,
    DataRound,
    Framework,
    FrameworkNode,
    IndicatorValue,
    IndicatorValueRevision,
    ProvinceSubmission,
    SubmissionTransition,
    Upload,
)


class FrameworkNodeInline(ReadOnlyInline):
    model = FrameworkNode
    fields = ["position", "code", "name", "name_en", "level", "parent", "weight", "direction", "unit", "denominator"]
    ordering = ["position"]


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "version", "status", "locked", "source_name", "imported_at"]
    list_filter = ["status", "locked", "code"]
    search_fields = ["name", "code", "source_sha256"]
    inlines = [FrameworkNodeInline]


@admin.register(DataRound)
class DataRoundAdmin(ReadOnlyAdmin):
    list_display = ["year", "framework", "deadline", "status", "opened_by", "opened_at"]
    list_filter = ["status"]


class SubmissionTransitionInline(ReadOnlyInline):
    model = SubmissionTransition
    fields = ["at", "actor", "action", "from_state", "to_state", "reason"]


@admin.register(ProvinceSubmission)
class ProvinceSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["data_round", "province", "state", "submitted_at", "reviewed_at"]
    list_filter = ["data_round", "state"]
    search_fields = ["province__name", "province__code"]
    inlines = [SubmissionTransitionInline]


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "data_round", "submission", "status", "error_count", "warning_count",
                    "row_count", "uploaded_by", "uploaded_at"]
    list_filter = ["data_round", "status"]
    search_fields = ["original_name", "sha256"]
    exclude = ["file"]  # private storage: the original is downloaded from the report page, after the permission check


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["data_round", "county", "code", "value", "upload", "updated_by", "updated_at"]
    list_filter = ["data_round"]
    search_fields = ["county__code", "county__name", "code"]
    list_select_related = ["data_round", "county", "upload", "updated_by"]
    raw_id_fields = ["county", "upload"]


@admin.register(IndicatorValueRevision)
class IndicatorValueRevisionAdmin(ReadOnlyAdmin):
    list_display = ["indicator_value", "old_value", "new_value", "changed_by", "changed_at"]
    search_fields = ["indicator_value__county__code", "indicator_value__code"]
    list_select_related = ["indicator_value", "changed_by"]
    raw_id_fields = ["indicator_value", "old_upload", "upload"]


@admin.register(DataComment)
class DataCommentAdmin(ReadOnlyAdmin):
    list_display = ["data_round", "county", "indicator_code", "author", "created_at", "short_text"]
    list_filter = ["data_round"]
    search_fields = ["county__code", "county__name", "text"]

    @admin.display(description=_("意见"))
    def short_text(self, obj: DataComment) -> str:
        return obj.text if len(obj.text) <= 60 else obj.text[:57] + "…"
