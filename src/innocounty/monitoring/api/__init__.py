"""The monitoring REST API, mounted at /api/monitoring; each module adds its operations to ``router``."""

from innocounty.monitoring.api import frameworks, quality, rounds, submissions  # noqa: F401  (register operations)
from innocounty.monitoring.api.router import router

__all__ = ["router"]
