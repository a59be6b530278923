from django.contrib import admin

from innocounty.common.admin import ReadOnlyAdmin
from innocounty.reviews.models import FormalReview


@admin.register(FormalReview)
class FormalReviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "decision", "reviewer", "reviewed_at"]
    list_filter = ["decision"]
