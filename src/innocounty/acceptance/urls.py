from django.urls import path

from innocounty.acceptance import views

app_name = "acceptance"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/open/", views.open_batch, name="open_batch"),
    path("batches/<int:pk>/panels/", views.panels, name="panels"),
    path("batches/<int:pk>/list/<slug:name>/", views.list_transition, name="list_act"),
    path("batches/<int:pk>/document.<str:fmt>", views.document, name="document"),
    path("<int:pk>/", views.project, name="project"),
    path("<int:pk>/act/<slug:name>/", views.transition, name="act"),
    path("<int:pk>/summary/", views.save_summary, name="summary"),
    path("<int:pk>/work-plan/", views.start_plan, name="start_plan"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
