"""Labels of the construction pages in the reader's language (the core holds message ids)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext, pgettext

from innocounty.programme.annual_reports import ANNUAL_REPORT, STATE_LABELS, ReportState
from innocounty.programme.report_form import PROGRESS_LABELS, Progress
from innocounty.programme.target_tracking import TRACK_LABELS, Track

register = template.Library()


@register.filter
def report_state(value) -> str:
    value = str(getattr(value, "value", value) or "")
    return gettext(STATE_LABELS[ReportState(value)]) if value in ReportState._value2member_map_ else value


@register.filter
def report_action(name) -> str:
    name = str(getattr(name, "name", None) or getattr(name, "transition", name))
    t = ANNUAL_REPORT.by_name.get(name)
    if t is None:
        return name
    translated = pgettext("programme action", t.label)
    return translated if translated != t.label else gettext(t.label)


@register.filter
def progress_label(value) -> str:
    return gettext(PROGRESS_LABELS[Progress(value)]) if value in Progress._value2member_map_ else "—"


@register.filter
def track_label(value) -> str:
    value = str(getattr(value, "value", value))
    return gettext(TRACK_LABELS[Track(value)]) if value in Track._value2member_map_ else value


@register.filter
def realism_label(value) -> str:
    from innocounty.construction.charts import REALISM_LABELS

    return str(REALISM_LABELS.get(value, value))


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):.4g}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key, "") if hasattr(mapping, "get") else ""
