"""Validation rules and outlier screening applied to a round's values (the rules are the core's:
:mod:`innocounty.evaluation.validation_rules` and :mod:`innocounty.evaluation.outliers`).

:func:`check_round` reads the round's values once (plus last year's) and screens all of it; a workbook or a
county's form passes ``overrides`` (county → {code: value}) that replace the stored values before the
checks, so what is checked is what the round would hold after the change. Results name the county, the
rule or indicator and the values involved; a warning the province has confirmed is marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from innocounty.evaluation.outliers import Flag, Thresholds, screen
from innocounty.evaluation.validation_rules import Rule, Violation, check_rules
from innocounty.monitoring.columns import columns_for_framework
from innocounty.monitoring.i18n import is_english
from innocounty.monitoring.models import (
    DataRound,
    FlagConfirmation,
    IndicatorValue,
    ScreeningSettings,
    ValidationRule,
)
from innocounty.regions.models import County


def known_codes(framework) -> list[str]:
    return [c.code for c in columns_for_framework(framework)]


def framework_rules(framework) -> list[Rule]:
    return [
        Rule(r.code, r.left, r.operator, r.right, r.importance, r.message_zh, r.message_en, r.tolerance)
        for r in ValidationRule.objects.filter(framework=framework).order_by("position", "code")
    ]


def thresholds_for(data_round: DataRound) -> Thresholds:
    """The round's own thresholds, else its framework's, else the defaults."""
    found = (ScreeningSettings.objects.filter(data_round=data_round).first()
             or ScreeningSettings.objects.filter(framework_id=data_round.framework_id).first())  # fmt: skip
    if found is None:
        return Thresholds()
    return Thresholds(found.history_z, found.peer_z, found.min_change, found.min_peers)


def _frame(year: int, codes: list[str], counties: list[str] | None = None) -> pd.DataFrame:
    values = IndicatorValue.objects.filter(data_round__year=year, code__in=codes)
    if counties is not None:
        values = values.filter(county_id__in=counties)
    rows = list(values.values_list("county_id", "code", "value"))
    if not rows:
        return pd.DataFrame(columns=codes, dtype=float)
    long = pd.DataFrame(rows, columns=["county", "code", "value"])
    wide = long.pivot(index="county", columns="code", values="value").astype(float)
    return wide.reindex(columns=codes)


def county_keys(codes) -> pd.DataFrame:
    rows = County.objects.filter(code__in=list(codes)).values_list(
        "code", "province_id", "province__belt", "unit_type"
    )
    keys = pd.DataFrame(list(rows), columns=["county", "province", "belt", "unit_type"]).set_index("county")
    return keys.reindex(list(codes)).fillna("")


@dataclass
class QualityReport:
    violations: list[Violation] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    confirmed: set = field(default_factory=set)  # (county, kind, key)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.importance == "error"]

    def warnings(self):
        return [v for v in self.violations if v.importance == "warning"]

    def is_confirmed(self, county: str, kind: str, key: str) -> bool:
        return (county, kind, key) in self.confirmed

    def items(self, county: str | None = None) -> list[dict]:
        """Violations and flags as display rows (messages in the reader's language), errors first."""
        english = is_english()
        out = []
        for v in self.violations:
            if county is not None and v.county != county:
                continue
            message = (
                v.rule.message_en if english and v.rule.message_en else v.rule.message_zh
            ) or v.rule.text
            out.append(
                {
                    "county": v.county,
                    "kind": "rule",
                    "key": v.rule.code,
                    "severity": v.importance,
                    "message": message,
                    "expression": v.rule.text,
                    "values": v.values,
                    "left": _round(v.left),
                    "right": _round(v.right),
                    "confirmed": v.importance == "warning"
                    and self.is_confirmed(v.county, "rule", v.rule.code),
                }
            )
        for f in self.flags:
            if county is not None and f.county != county:
                continue
            key = flag_key(f)
            out.append(
                {
                    "county": f.county,
                    "kind": "outlier",
                    "key": key,
                    "code": f.code,
                    "severity": "warning",
                    "message": f.message_en if english else f.message_zh,
                    "expression": f.method,
                    "values": {
                        f.code: f.value,
                        **({"previous": f.previous} if f.previous is not None else {}),
                    },
                    "confirmed": self.is_confirmed(f.county, "outlier", key),
                }
            )
        out.sort(key=lambda i: (i["county"], i["severity"] != "error", i["kind"], i["key"]))
        return out

    def unconfirmed_warnings(self, county: str | None = None) -> int:
        return sum(1 for i in self.items(county) if i["severity"] == "warning" and not i["confirmed"])


def flag_key(flag: Flag) -> str:
    return f"{flag.code}:{flag.method}"


def _round(value: float) -> float | None:
    return None if value != value else float(f"{value:.6g}")


def check_round(data_round: DataRound, overrides: dict[str, dict] | None = None,
                only: set[str] | None = None) -> QualityReport:  # fmt: skip
    """Rules and outliers for the whole round (``only``: keep the results of these counties)."""
    codes = known_codes(data_round.framework)
    current = _frame(data_round.year, codes)
    if overrides:
        extra = [c for c in overrides if c not in current.index]
        if extra:
            current = pd.concat([current, pd.DataFrame(np.nan, index=extra, columns=codes)])
        for county, values in overrides.items():
            for code, value in values.items():
                if code in current.columns:
                    current.at[county, code] = np.nan if value is None else float(value)
    current.index = current.index.astype(str)
    subjects = current if only is None else current.loc[[c for c in current.index if c in only]]
    arrays = {code: subjects[code].to_numpy(dtype=float) for code in codes}
    violations = check_rules(framework_rules(data_round.framework), list(subjects.index), arrays)
    previous = _frame(data_round.year - 1, codes)
    flags = (
        screen(
            current,
            previous if len(previous) else None,
            county_keys(current.index),
            thresholds_for(data_round),
        )
        if len(current)
        else []
    )
    if only is not None:
        flags = [f for f in flags if f.county in only]
    confirmed = set(
        FlagConfirmation.objects.filter(data_round=data_round).values_list("county_id", "kind", "key")
    )
    return QualityReport(violations, flags, confirmed)


def province_counties(province_code: str) -> set[str]:
    return set(County.objects.filter(province_id=province_code).values_list("code", flat=True))
