"""The county profile as an A4 PDF (WeasyPrint): Noto Sans CJK SC only (one face, small files), page
numbers "第 N 页 / 共 M 页" in the footer, charts as inline SVG drawn on the server (:mod:`.charts`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from innocounty.evaluations.coverage import coverage


def page_footer_css() -> str:
    """The CSS ``content`` value of the page footer, e.g. ``第 " counter(page) " 页 / 共 " counter(pages) " 页``
    (to be put between double quotes), from the translated "第 %(page)s 页 / 共 %(pages)s 页"."""
    text = _("第 %(page)s 页 / 共 %(pages)s 页").replace("\\", "\\\\").replace('"', '\\"')
    return text % {"page": '" counter(page) "', "pages": '" counter(pages) "'}


def _css_string(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def coverage_footer_css(run) -> str:
    """The footer note of a partial run ("部分覆盖：…"), escaped for a CSS string; empty for a national run."""
    scope = coverage(run)
    return _css_string(scope.summary()) if scope.partial else ""


def render_profile_pdf(request, profile, charts: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: loading pango/fonts costs ~1 s at first use

    html = render_to_string("rankings/profile_pdf.html", {
        "profile": profile, "county": profile.county, "run": profile.run, "r": profile.row,
        "generated_at": timezone.localtime(), "page_footer_css": mark_safe(page_footer_css()),
        "coverage_footer_css": mark_safe(coverage_footer_css(profile.run)), **charts,
    }, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
