from django.urls import path

from innocounty.approvals import views, views_documents, views_inspections, views_questions

app_name = "approvals"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:batch_pk>/", views.approval_list, name="list"),
    path("batches/<int:batch_pk>/act/<str:name>/", views.list_act, name="list_act"),
    path("objections/<int:pk>/<str:name>/", views.resolve_objection, name="resolve"),
    path("objections/<int:pk>/attachment/", views.objection_attachment, name="objection_attachment"),
    path("applications/<int:pk>/questions/", views_questions.questions, name="questions"),
    path("questions/<int:pk>/<str:name>/", views_questions.question_act, name="question_act"),
    path("applications/<int:pk>/inspections/", views_inspections.inspections, name="inspections"),
    path("inspections/<int:pk>/", views_inspections.inspection, name="inspection"),
    path("inspections/<int:pk>/act/<str:name>/", views_inspections.inspection_act, name="inspection_act"),
    path("inspections/<int:pk>/files/", views_inspections.upload, name="inspection_upload"),
    path("inspection-files/<int:pk>/", views_inspections.download, name="inspection_file"),
    path("documents/", views_documents.templates, name="templates"),
    path("documents/<str:kind>/", views_documents.edit_template, name="template"),
    path("batches/<int:batch_pk>/documents/<str:kind>.<str:fmt>", views_documents.list_document, name="list_document"),
    path("batches/<int:batch_pk>/provinces/<str:code>/letter.<str:fmt>", views_documents.letter, name="letter"),
    path("applications/<int:pk>/form.<str:fmt>", views_documents.application_form, name="application_form"),
]
