"""Moved to :mod:`innocounty.common.render` (kept until every import is switched)."""

from innocounty.common.render import consequence_text, render_lines, render_problem  # noqa: F401
