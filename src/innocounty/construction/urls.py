from django.urls import path

from innocounty.construction import views, views_reports

app_name = "construction"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("applications/<int:pk>/realism/", views.application_realism, name="realism"),
    path("batches/<int:batch_pk>/deadlines/", views.deadlines, name="deadlines"),
    path("batches/<int:batch_pk>/deadlines/set/", views.set_deadline, name="set_deadline"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views_reports.report_edit, name="edit"),
    path("reports/<int:pk>/act/<slug:name>/", views_reports.report_transition, name="transition"),
    path("reports/<int:pk>/comment/", views_reports.report_comment, name="comment"),
    path("reports/<int:pk>/attachments/", views_reports.attachment_upload, name="attachment_upload"),
    path(
        "reports/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views_reports.attachment_remove,
        name="attachment_remove",
    ),
    path("attachments/<int:pk>/", views_reports.attachment_download, name="attachment"),
]
