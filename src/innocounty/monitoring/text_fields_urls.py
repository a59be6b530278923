"""URLs of the free-text fields (mounted under /monitoring/ beside the app's own urls)."""

from django.urls import path

from innocounty.monitoring.views import text_fields

app_name = "monitoring_texts"

urlpatterns = [
    path("rounds/<int:pk>/counties/<str:code>/texts/", text_fields.county_texts, name="county_texts"),
]
