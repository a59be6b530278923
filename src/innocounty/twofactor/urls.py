from django.urls import path

from innocounty.twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.security, name="security"),
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.regenerate, name="regenerate"),
    path("remove/", views.remove, name="remove"),
]
