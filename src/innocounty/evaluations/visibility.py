"""Who sees a county's raw values in evaluation results: the one rule for pages, API, exports and PDF.

* **Raw values** — each indicator's raw value as submitted, its denominated value, and whether it was
  imputed or treated (:data:`RAW_INDICATOR_FIELDS`): the county's own officers, its province's officers,
  ministry officers and auditors (:func:`innocounty.accounts.permissions.can_view_county`). Experts, other
  counties and other provinces never see them.
* **Published scores and ranks** (index, dimension and normalised indicator scores, ranks and their
  intervals, eligibility, groups): whoever may see the run (:mod:`innocounty.evaluations.permissions`,
  :mod:`innocounty.rankings.access`; the public for runs published to the public).

Every output that can carry an indicator row goes through :func:`redact_indicator` /
:func:`redact_indicators`: the evaluations API, the county profile page, its PDF and the rankings API.
The ranking exports (xlsx, csv) list published columns of the county rows only, never an indicator row.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from innocounty.accounts.permissions import can_view_county

RAW_INDICATOR_FIELDS = ("raw_value", "denominated_value", "imputed", "treated")
PUBLISHED_INDICATOR_FIELDS = ("indicator_code", "position", "normalised_score", "national_rank", "province_rank",
                              "top_quartile")

def sees_raw_values(user, county) -> bool:
    """Raw values of ``county``: its officers, its province's, ministry officers and auditors."""
    return county is not None and bool(can_view_county(user, county))


def redact_indicator(row, visible: bool):
    """The indicator row as an object with the raw fields set to None unless ``visible``."""
    values = {name: getattr(row, name, None) for name in (*PUBLISHED_INDICATOR_FIELDS, *RAW_INDICATOR_FIELDS)}
    if not visible:
        values.update(dict.fromkeys(RAW_INDICATOR_FIELDS))
    return SimpleNamespace(**values)


def redact_indicators(rows: Iterable, visible: bool) -> list:
    return [redact_indicator(row, visible) for row in rows]
