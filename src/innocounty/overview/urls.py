from django.urls import path

from innocounty.overview import views

app_name = "overview"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.<str:fmt>", views.dashboard_export, name="export"),
    path("export/<str:key>.<str:fmt>", views.panel_export, name="panel_export"),
    path("map/data.json", views.map_data, name="map_data"),
    path("effect/", views.effect, name="effect"),
    path("effect/data.json", views.effect_data, name="effect_data"),
    path("effect/export.<str:fmt>", views.effect_export, name="effect_export"),
]
