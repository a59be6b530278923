"""Read-only admin: batches are created and changed on the batch pages (audited)."""

from django.contrib import admin

from innocounty.batches.models import Batch, BatchProvince
from innocounty.common.admin import ReadOnlyAdmin


class BatchProvinceInline(admin.TabularInline):
    model = BatchProvince
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ["name", "year", "status", "application_opens", "application_closes", "eligibility_rule"]
    list_filter = ["status", "year", "eligibility_rule"]
    inlines = [BatchProvinceInline]
