"""The audit log in the admin: read-only, for ministry officers and auditors."""

from django.contrib import admin

from innocounty.accounts.permissions import can_view_audit_log
from innocounty.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("seq", "created_at", "actor_label", "action", "object_type", "object_repr", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "object_repr", "summary")
    date_hierarchy = "created_at"
    ordering = ("-seq",)
    list_select_related = ("actor",)
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_module_permission(self, request):
        return bool(can_view_audit_log(request.user))

    def has_view_permission(self, request, obj=None):
        return bool(can_view_audit_log(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
