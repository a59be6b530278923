"""``{% load run_coverage %}``: ``run|coverage`` (its :class:`~innocounty.evaluations.coverage.Coverage`) and
``{% partial_badge run %}`` (the 部分覆盖 label of a partial run, nothing otherwise)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from innocounty.evaluations.coverage import coverage as run_coverage
from innocounty.evaluations.models import RunStatus

register = template.Library()


@register.filter
def coverage(run):
    if run is None or getattr(run, "status", RunStatus.SUCCEEDED) != RunStatus.SUCCEEDED:
        return None
    return run_coverage(run)


@register.simple_tag
def partial_badge(run):
    scope = coverage(run)
    if scope is None or not scope.partial:
        return ""
    return format_html('<span class="role-badge warn" data-testid="partial-coverage" title="{}">{}</span>',
                       scope.summary(), _("部分覆盖"))
