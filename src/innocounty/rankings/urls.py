from django.urls import path

from innocounty.rankings import views, views_maps, views_profile

app_name = "rankings"

urlpatterns = [
    path("", views.ranking, name="list"),
    path("export.<str:fmt>", views.export, name="export"),
    path("province/<str:province_code>/", views.ranking, name="province"),
    path("county/<str:code>/", views_profile.county_profile, name="county"),
    path("county/<str:code>/pdf/", views_profile.county_pdf, name="county_pdf"),
    path("map/", views_maps.national_map, name="map"),
    path("map/data.json", views_maps.national_map_data, name="map_data"),
    path("map/<str:province_code>/", views_maps.province_map, name="map_province"),
    path("map/<str:province_code>/data.json", views_maps.province_map_data, name="map_province_data"),
    path("eligibility/", views_maps.eligibility_overview, name="eligibility_overview"),
    path("eligibility/<str:province_code>/", views_maps.eligibility, name="eligibility"),
]
