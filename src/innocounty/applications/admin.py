"""Read-only admin views: every change goes through the workflow (and its audit record)."""

from django.contrib import admin

from innocounty.applications.models import Application, ApplicationEvent, Attachment, PlanComment, PlanVersion
from innocounty.common.admin import ReadOnlyAdmin


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["county", "batch", "state", "theme", "recommendation_priority", "shared_with_province", "updated_at"]
    list_filter = ["batch", "state", "theme", "shared_with_province"]
    search_fields = ["county__name", "county__code"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "submitted_by", "submitted_at"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "application", "kind", "size", "uploaded_at", "removed_at"]
    exclude = ["file"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["application", "label", "from_state", "to_state", "actor", "at"]
    list_filter = ["transition"]


@admin.register(PlanComment)
class PlanCommentAdmin(ReadOnlyAdmin):
    list_display = ["application", "part", "author", "created_at", "answered_by", "answered_at"]
