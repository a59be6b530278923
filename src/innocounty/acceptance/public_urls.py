from django.urls import path

from innocounty.acceptance import views_public

app_name = "innovative"

urlpatterns = [
    path("", views_public.innovative_counties, name="counties"),
    path("map.json", views_public.map_data, name="map_data"),
]
