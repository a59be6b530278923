"""The REST API (django-ninja), mounted at /api. Each app contributes one router."""

from ninja import NinjaAPI
from ninja.security import django_auth

from innocounty import __version__
from innocounty.accounts.api_auth import TokenAuth

api = NinjaAPI(
    title="innocounty API",
    version=__version__,
    description="创新型县（市）建设管理平台 REST API. Authenticate with the session cookie (CSRF token "
    "required for writes) or with `Authorization: Bearer <token>`.\n\n"
    "**Versioning.** This is version 1 of the API, served under `/api/`; `info.version` is the platform's release. "
    "Within version 1 changes are additive only: new endpoints, new optional query parameters, new fields in "
    "responses (clients must ignore fields they do not know). A field or endpoint is never renamed, removed or "
    "given another meaning within version 1; what is to go is first marked `deprecated` in this schema for at "
    "least one annual monitoring cycle. An incompatible change comes as a new version under `/api/v2/`, with "
    "`/api/` kept beside it for at least twelve months. Open data (the published runs as Frictionless Data "
    "Packages, `/open-data/`) are versioned per package (`version` in `datapackage.json`) and never change "
    "once published: a correction is a new run, and so a new package. See docs/api.md.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)

from django.core.exceptions import PermissionDenied  # noqa: E402


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    """A permission refusal anywhere in an operation: 403 with the reason (innocounty.common.refusals)."""
    return api.create_response(request, {"detail": str(getattr(exc, "reason", "") or exc) or "forbidden"}, status=403)


from innocounty.accounts.api import router as accounts_router  # noqa: E402
from innocounty.regions.api import router as regions_router  # noqa: E402

api.add_router("/regions", regions_router)
api.add_router("/accounts", accounts_router)

from innocounty.audit_log.api import router as audit_router  # noqa: E402

api.add_router("/audit", audit_router)

from innocounty.notifications.api import router as notifications_router  # noqa: E402

api.add_router("/notifications", notifications_router)

from innocounty.monitoring.api import router as monitoring_router  # noqa: E402

api.add_router("/monitoring", monitoring_router)

from innocounty.applications import api_guidance, api_versions  # noqa: E402,F401  (add their endpoints)
from innocounty.applications.api import router as applications_router  # noqa: E402
from innocounty.batches.api import router as batches_router  # noqa: E402
from innocounty.reviews.api import router as reviews_router  # noqa: E402

api.add_router("/batches", batches_router)
api.add_router("/applications", applications_router)
api.add_router("/reviews", reviews_router)

from innocounty.experts.api import router as experts_router  # noqa: E402

api.add_router("/experts", experts_router)

from innocounty.evaluations.api import router as evaluations_router  # noqa: E402

api.add_router("/evaluations", evaluations_router)

from innocounty.rankings.api import router as rankings_router  # noqa: E402

api.add_router("/rankings", rankings_router)

from innocounty.construction.api import router as construction_router  # noqa: E402

api.add_router("/construction", construction_router)
