"""Server-side SVG charts for the PDF report (no JavaScript in a PDF): a radar of the dimension scores
against the province and belt means, grouped bars of the same numbers, and the index trend over years.

Each function returns a ``SafeString`` of one ``<svg>`` element; every number and label is escaped.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT = "Noto Sans CJK SC, sans-serif"
COLOURS = ("#0b5394", "#e67e22", "#7f8c8d")
DASHES = ("", "6 4", "2 3")


def _svg(width: int, height: int, body: list[str], label: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}" font-family="{FONT}" font-size="11">' + "".join(body) + "</svg>"
    )


def _legend(x: float, y: float, names: list[str]) -> list[str]:
    out = []
    for i, name in enumerate(names):
        cx = x + i * 120
        dash = f' stroke-dasharray="{DASHES[i]}"' if DASHES[i] else ""
        out.append(f'<line x1="{cx}" y1="{y}" x2="{cx + 22}" y2="{y}" stroke="{COLOURS[i]}" stroke-width="2.5"{dash}/>'
                   f'<text x="{cx + 27}" y="{y + 4}">{escape(name)}</text>')
    return out


def mean_name(group: str) -> str:
    """The legend name of a group mean: "河北省平均", "东部平均"."""
    return _("%(group)s平均") % {"group": group}


def trend_labels() -> dict[str, str]:
    """Series and axis names of the page's trend chart (ECharts), in the active language."""
    return {"index": _("综合指数"), "national_rank": _("全国排名"), "province_rank": _("省内排名"),
            "index_axis": _("指数"), "rank_axis": _("名次")}


def _series(profile) -> tuple[list[str], list[list[float | None]]]:
    names = [profile.county.name, mean_name(profile.county.province.name), mean_name(profile.belt_label)]
    values = [[d[key] for d in profile.dimensions] for key in ("score", "province_mean", "belt_mean")]
    return names, values


def radar_svg(profile, size: int = 300) -> SafeString:
    dims = profile.dimensions
    names, series = _series(profile)
    n = len(dims)
    cx, cy, radius = size / 2, size / 2 - 6, size * 0.32
    body = []
    if n < 3:
        message = escape(_("维度不足三个，无法绘制雷达图"))
        return _svg(size, size, [f'<text x="10" y="20">{message}</text>'], _("雷达图"))

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(value, 100.0)) / 100.0
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in (25, 50, 75, 100):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        body.append(f'<polygon points="{ring}" fill="none" stroke="#d9e2ec"/>')
    for i, dim in enumerate(dims):
        x, y = point(i, 100)
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        body.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d9e2ec"/>'
                    f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">{escape(dim["name"])}</text>')
    for s, values in enumerate(series):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0.0) for i, v in enumerate(values)))
        fill = f'fill="{COLOURS[s]}" fill-opacity="0.18"' if s == 0 else 'fill="none"'
        dash = f' stroke-dasharray="{DASHES[s]}"' if DASHES[s] else ""
        body.append(f'<polygon points="{pts}" {fill} stroke="{COLOURS[s]}" stroke-width="2"{dash}/>')
    body += _legend(12, size - 8, names)
    return _svg(size + 60, size, body, _("维度得分雷达图"))


def dimension_bars_svg(profile, width: int = 330) -> SafeString:
    dims = profile.dimensions
    names, series = _series(profile)
    row_h, bar_h, left, top = 34, 8, 70, 8
    height = top + row_h * len(dims) + 24
    scale = (width - left - 36) / 100.0
    body = []
    for i, dim in enumerate(dims):
        y0 = top + i * row_h
        body.append(f'<text x="{left - 6}" y="{y0 + 16}" text-anchor="end">{escape(dim["name"])}</text>')
        for s, values in enumerate(series):
            value = values[i]
            if value is None:
                continue
            y = y0 + s * (bar_h + 1)
            body.append(f'<rect x="{left}" y="{y}" width="{max(value, 0) * scale:.1f}" height="{bar_h}" '
                        f'fill="{COLOURS[s]}" fill-opacity="{1 if s == 0 else 0.55}"/>')
            if s == 0:
                body.append(f'<text x="{left + max(value, 0) * scale + 4:.1f}" y="{y + 8}" font-size="9">{value:.1f}</text>')
    body += _legend(8, height - 8, names)
    return _svg(width + 40, height, body, _("维度得分条形图"))


def trend_svg(profile, width: int = 640, height: int = 200) -> SafeString:
    points = [(h["year"], h["index_score"], h["province_rank"]) for h in profile.history]
    left, right, top, bottom = 40, 20, 16, 36
    body = []
    if not points:
        message = escape(_("没有历年数据"))
        return _svg(width, height, [f'<text x="10" y="20">{message}</text>'], _("历年趋势"))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)
    for level in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - level / 100)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#eef2f7"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="9">{level}</text>')
    coords = []
    for i, (year, index, rank) in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        body.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{year}</text>')
        if index is None:
            continue
        y = top + plot_h * (1 - max(0.0, min(index, 100.0)) / 100)
        coords.append(f"{x:.1f},{y:.1f}")
        label = f"{index:.1f}" + (_("（省内第%(rank)s）") % {"rank": rank} if rank else "")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{COLOURS[0]}"/>'
                    f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="9">{escape(label)}</text>')
    if len(coords) > 1:
        body.insert(0, f'<polyline points="{" ".join(coords)}" fill="none" stroke="{COLOURS[0]}" stroke-width="2"/>')
    return _svg(width, height, body, _("综合指数历年趋势"))
