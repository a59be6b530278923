from django.urls import path

from innocounty.monitoring.views import counties, frameworks, rounds, submissions, uploads

app_name = "monitoring"

urlpatterns = [
    path("", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/export.csv", rounds.round_export, name="round_export"),
    path("rounds/<int:pk>/counties/<str:code>/", counties.county_detail, name="county"),
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
]
