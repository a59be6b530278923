from django.contrib import admin

from innocounty.construction.models import ReportDeadline


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(admin.ModelAdmin):
    list_display = ("batch", "year", "due")
    list_filter = ("batch",)
