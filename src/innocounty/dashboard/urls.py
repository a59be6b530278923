from django.urls import path

from innocounty.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.regions, name="regions"),
]
