from django.urls import path

from innocounty.applications import views, views_edit, views_guidance

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/<int:batch_pk>/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views_edit.plan_editor, name="edit"),
    path("<int:pk>/sections/<slug:key>/", views_edit.section_autosave, name="section"),
    path("<int:pk>/tasks/", views_edit.save_tasks, name="tasks"),
    path("<int:pk>/milestones/", views_edit.save_schedule, name="milestones"),
    path("<int:pk>/targets/", views_edit.save_target_rows, name="targets"),
    path("<int:pk>/attachments/", views_edit.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views_edit.attachment_remove, name="attachment_remove"),
    path("<int:pk>/sharing/", views_guidance.share_draft, name="sharing"),
    path("<int:pk>/comments/", views_guidance.comment, name="comment"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", views_guidance.answer, name="answer"),
    path("<int:pk>/act/<slug:name>/", views.application_transition, name="transition"),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/compare/", views.version_compare, name="compare"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
