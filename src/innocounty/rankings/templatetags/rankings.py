"""Small display helpers of the rankings pages: scores, rank intervals, rank moves, badges, sort headers."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from innocounty.rankings.queries import unit_type_label

register = template.Library()


@register.filter
def score(value, digits=1):
    """A score with one decimal (— when missing)."""
    if value is None:
        return "—"
    return f"{value:.{int(digits)}f}"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def dimkey(code):
    return f"dim:{code}"


@register.filter
def unit_label(value):
    """A county's unit type (stored as its Chinese value, e.g. 县级市) in the active language."""
    return unit_type_label(value)


@register.filter
def unit_note(value, name=""):
    """The unit type beside a name, left out where the name says it already (封开县 is a 县; 长阳土家族自治县
    an 自治县): a county-level city (…市) or a district (…区) still gets its type."""
    if name and str(name).endswith(str(value)):
        return ""
    return unit_type_label(value)


@register.filter
def percent(value):
    return "—" if value is None else f"{value * 100:.0f}%"


@register.simple_tag
def interval(q05, q95):
    """The 5–95% rank interval as “[12–30]”."""
    if q05 is None or q95 is None:
        return ""
    return f"[{q05:.0f}–{q95:.0f}]"


@register.simple_tag
def move(places):
    """Rank move since last year: ▲3 (up), ▼2 (down), – (same), blank when unknown."""
    if places is None:
        return format_html('<span class="same" title="{}">—</span>', _("上年无可比排名"))
    if places > 0:
        return format_html('<span class="up" title="{}">▲{}</span>', _("较上年上升 %(n)s 位") % {"n": places}, places)
    if places < 0:
        return format_html('<span class="down" title="{}">▼{}</span>', _("较上年下降 %(n)s 位") % {"n": -places}, -places)
    return format_html('<span class="same" title="{}">–</span>', _("名次不变"))


@register.simple_tag
def eligible_badge(eligible, reason=""):
    if eligible is True:
        return format_html('<span class="badge ok" title="{}">{}</span>', reason, _("是"))
    if eligible is False:
        return format_html('<span class="badge no" title="{}">{}</span>', reason, _("否"))
    return format_html('<span class="badge no" title="{}">—</span>', reason or _("未判定"))


@register.simple_tag(takes_context=True)
def sort_header(context, key, label):
    """A column header that sorts by ``key`` (toggles direction when already sorted by it)."""
    flt = context["flt"]
    links = context.get("sort_links") or {}
    classes = []
    if flt.sort == key:
        classes = ["sorted", "desc" if flt.descending else "asc"]
    return format_html('<th class="{}" aria-sort="{}"><a href="?{}">{}</a></th>', " ".join(classes),
                       ("descending" if flt.descending else "ascending") if classes else "none",
                       links.get(key, ""), label)
