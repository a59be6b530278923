from django.urls import path

from innocounty.monitoring.views import (
    counties,
    entry,
    frameworks,
    quality,
    reporting,
    rounds,
    submissions,
    uploads,
)

app_name = "monitoring"

urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/export.csv", rounds.round_export, name="round_export"),
    path("rounds/<int:pk>/counties/<str:code>/", counties.county_detail, name="county"),
    path("rounds/<int:pk>/entry/<str:code>/", entry.county_entry, name="county_entry"),
    path("rounds/<int:pk>/entry/<str:code>/check/", entry.entry_check, name="entry_check"),
    path("rounds/<int:pk>/entry/<str:code>/<str:action>/", entry.entry_transition, name="entry_transition"),
    path("rounds/<int:pk>/provinces/<str:province>/entries/", entry.province_entries, name="province_entries"),
    path("rounds/<int:pk>/quality/", quality.round_quality, name="quality"),
    path("rounds/<int:pk>/quality/confirm/", quality.confirm_flag, name="confirm_flag"),
    path("rounds/<int:pk>/thresholds/", quality.round_thresholds, name="thresholds"),
    path("rounds/<int:pk>/reporting/", reporting.reporting, name="reporting"),
    path("rounds/<int:pk>/reporting/map.json", reporting.reporting_map, name="reporting_map"),
    path("rounds/<int:pk>/reporting.csv", reporting.reporting_export, name="reporting_export"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission"),
    path("submissions/<int:pk>/template.xlsx", submissions.template_download, name="template"),
    path("submissions/<int:pk>/upload/", submissions.upload_create, name="upload_create"),
    path("submissions/<int:pk>/transition/<str:action>/", submissions.submission_transition, name="transition"),
    path("submissions/<int:pk>/export.csv", submissions.submission_export, name="submission_export"),
    path("uploads/<int:pk>/", uploads.upload_detail, name="upload"),
    path("uploads/<int:pk>/confirm/", uploads.upload_confirm, name="upload_confirm"),
    path("uploads/<int:pk>/file/", uploads.upload_file, name="upload_file"),
    path("frameworks/", frameworks.framework_list, name="frameworks"),
    path("frameworks/import/", frameworks.framework_import, name="framework_import"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework"),
    path("frameworks/<int:pk>/activate/", frameworks.framework_activate, name="framework_activate"),
    path("frameworks/<int:pk>/rules/", quality.rule_list, name="rules"),
    path("frameworks/<int:pk>/rules/<int:rule_id>/", quality.rule_edit, name="rule_edit"),
    path("frameworks/<int:pk>/rules/<int:rule_id>/delete/", quality.rule_delete, name="rule_delete"),
    path("frameworks/<int:pk>/rules.<str:fmt>", quality.rule_export, name="rule_export"),
]
