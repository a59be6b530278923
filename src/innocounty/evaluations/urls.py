from django.urls import path

from innocounty.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/audit.<str:fmt>", views.run_audit_export, name="audit_export"),
    path("runs/<int:pk>/sensitivity.csv", views.run_sensitivity_export, name="sensitivity_export"),
    path("runs/<int:pk>/publish/", views.run_publish, name="publish"),
    path("runs/<int:pk>/retry/", views.run_retry, name="retry"),
    path("compare/", views.run_compare, name="compare"),
]
