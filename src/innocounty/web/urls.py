from django.conf import settings
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from innocounty.web.api import api

handler400 = "innocounty.dashboard.errors.bad_request"
handler403 = "innocounty.dashboard.errors.permission_denied"
handler404 = "innocounty.dashboard.errors.page_not_found"
handler500 = "innocounty.dashboard.errors.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", RedirectView.as_view(url=reverse_lazy("api:openapi-view")), name="api-root"),
    path("api/", api.urls),
    path("accounts/2fa/", include("innocounty.twofactor.urls")),
    path("accounts/", include("innocounty.accounts.urls")),
    path("audit/", include("innocounty.audit_log.urls")),
    path("notifications/", include("innocounty.notifications.urls")),
    path("evaluations/", include("innocounty.evaluations.urls")),
    path("monitoring/", include("innocounty.monitoring.urls")),
    path("monitoring/", include("innocounty.monitoring.text_fields_urls")),
    path("batches/", include("innocounty.batches.urls")),
    path("applications/", include("innocounty.applications.urls")),
    path("reviews/", include("innocounty.reviews.urls")),
    path("experts/", include("innocounty.experts.urls")),
    path("rankings/", include("innocounty.rankings.urls")),
    path("approvals/", include("innocounty.approvals.urls")),
    path("public/", include("innocounty.approvals.public_urls")),
    path("construction/", include("innocounty.construction.urls")),
    path("overview/", include("innocounty.overview.urls")),
    path("open-data/", include("innocounty.opendata.urls")),
    path("acceptance/", include("innocounty.acceptance.urls")),
    path("public/innovative-counties/", include("innocounty.acceptance.public_urls")),
    path("", include("innocounty.ops.urls")),  # /healthz
    path("", include("innocounty.dashboard.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
