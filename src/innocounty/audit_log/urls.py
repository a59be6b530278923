from django.urls import path

from innocounty.audit_log import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
]
