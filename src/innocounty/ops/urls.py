from django.urls import path

from innocounty.ops.health import healthz

app_name = "ops"

urlpatterns = [path("healthz", healthz, name="healthz")]
