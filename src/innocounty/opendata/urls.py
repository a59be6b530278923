from django.urls import path

from innocounty.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:pk>/", views.run_page, name="run"),
    path("runs/<int:pk>/datapackage.json", views.datapackage_json, name="datapackage_json"),
    path("runs/<int:pk>/datapackage.zip", views.datapackage_zip, name="datapackage_zip"),
    path("runs/<int:pk>/<slug:name>.csv", views.resource_csv, name="resource"),
]
