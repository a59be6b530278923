from django.urls import path

from innocounty.experts import views_expert, views_panels, views_pool

app_name = "experts"

urlpatterns = [
    path("", views_expert.index, name="index"),
    path("pool/", views_pool.pool, name="pool"),
    path("pool/new/", views_pool.expert_add, name="add"),
    path("pool/import/", views_pool.expert_import, name="import"),
    path("pool/template.xlsx", views_pool.import_template, name="template"),
    path("pool/<int:pk>/", views_pool.expert_edit, name="edit"),
    path("pool/<int:pk>/toggle/", views_pool.expert_toggle, name="toggle"),
    path("batches/", views_panels.batches, name="batches"),
    path("batches/<int:batch_pk>/", views_panels.batch_panels, name="batch"),
    path("batches/<int:batch_pk>/settings/", views_panels.panel_settings, name="settings"),
    path("batches/<int:batch_pk>/propose/", views_panels.propose_view, name="propose"),
    path("batches/<int:batch_pk>/slot/", views_panels.slot_view, name="slot"),
    path("batches/<int:batch_pk>/confirm/", views_panels.confirm_view, name="confirm"),
    path("batches/<int:batch_pk>/rubric/", views_panels.rubric_view, name="rubric"),
    path(
        "batches/<int:batch_pk>/applications/<int:app_pk>/replacements/",
        views_panels.replacements_view,
        name="replacements",
    ),
    path("assignments/<int:pk>/remove/", views_panels.remove_view, name="remove"),
    path("applications/<int:app_pk>/panel/", views_panels.application_panel, name="panel"),
    path("reviews/<int:pk>/reopen/", views_panels.reopen_view, name="reopen"),
    path("mine/", views_expert.mine, name="mine"),
    path("mine/profile/", views_expert.profile, name="profile"),
    path("mine/<int:pk>/act/<slug:name>/", views_expert.act, name="act"),
    path("mine/<int:pk>/review/", views_expert.review, name="review"),
]
