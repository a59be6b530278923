"""The programme dashboard's panels, registered by the apps that own their figures.

The dashboard (``innocounty.overview``) shows, in order, every registered panel that has something to show
for the reader, and exports the same tables (xlsx, csv). A stage app adds its figures — annual reports due,
late and returned; acceptance outcomes — by registering a panel in its ``AppConfig.ready()``::

    from innocounty.common.panels import Panel, register_panel

    def reports_panel(user) -> Panel | None:   # None: nothing to show to this reader (the panel is left out)
        return Panel(title=_("年度建设进展报告"), columns=[...], rows=[[...], ...])

    register_panel("reports", reports_panel, order=40)

The panel function decides who sees what (the dashboard is public: give the public only published facts).
Nothing here imports an app, so every app may register; the registry holds callables, not figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    columns: list[str]  # headings in the reader's language
    rows: list[list[Any]]  # cells: text or numbers (exports neutralise formula-like text)
    note: str = ""
    key: str = ""  # filled in by the registry (the export's file and sheet name)
    footer: list[Any] | None = None  # a totals row, when the panel has one
    chart: dict[str, Any] = field(default_factory=dict)  # optional data for a chart beside the table


@dataclass(frozen=True)
class PanelSource:
    key: str
    build: Callable[[Any], Panel | None]
    order: int


_PANELS: dict[str, PanelSource] = {}


def register_panel(key: str, build: Callable[[Any], Panel | None], order: int = 100) -> None:
    """Add (or replace, by ``key``) a panel; ``build(user)`` returns the panel or None."""
    if not key.replace("_", "").isalnum() or not key.isascii():
        raise ValueError(f"panel key must be ASCII letters, digits and underscores: {key!r}")
    _PANELS[key] = PanelSource(key, build, order)


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def panel_keys() -> list[str]:
    return [p.key for p in sorted(_PANELS.values(), key=lambda p: (p.order, p.key))]


def build_panels(user, keys: list[str] | None = None) -> list[Panel]:
    """The panels with something to show to ``user``, in order (only ``keys`` when given)."""
    out = []
    for key in panel_keys():
        if keys is not None and key not in keys:
            continue
        panel = _PANELS[key].build(user)
        if panel is not None:
            panel.key = key
            out.append(panel)
    return out


# Named figures a panel may show when the app that knows them registers them (e.g. "built_by_2025": counties
# that passed acceptance by 2025, registered by the acceptance app). ``fn()`` returns a number.
_FIGURES: dict[str, Callable[[], Any]] = {}


def register_figure(name: str, fn: Callable[[], Any]) -> None:
    _FIGURES[name] = fn


def figure(name: str) -> Any:
    """The figure's value, or None when no app provides it (the panel then leaves the row out)."""
    fn = _FIGURES.get(name)
    return None if fn is None else fn()
