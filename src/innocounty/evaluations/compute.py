"""Running the engine for a run: the nominal pipeline (§2), performance groups (§4), eligibility (§5) and
the Monte Carlo uncertainty analysis (§8) and the sensitivity analysis (§9), with progress reports. Pure: no database access here.

Only the engine's public entry points are used (``prepare``, ``Engine.run``, ``compute_groups``,
``compute_eligibility``, ``run_uncertainty``), so the engine may change inside without breaking runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext_noop

from innocounty import __version__
from innocounty.evaluation import SPEC_VERSION
from innocounty.evaluation.analyses import check_sections
from innocounty.evaluation.eligibility import composite_pass, compute_eligibility, parse_eligibility_config
from innocounty.evaluation.groups import compute_groups
from innocounty.evaluation.method import config_sha256, public_config
from innocounty.evaluation.pipeline import prepare
from innocounty.evaluation.statistical_audit import audit as statistical_audit
from innocounty.evaluation.uncertainty import run_uncertainty
from innocounty.evaluation.weights import resolve_weights
from innocounty.evaluations.scenarios import compute_scenarios
from innocounty.evaluations.scenarios import split as split_scenarios
from innocounty.evaluations.sensitivity import compute_sensitivity

ENGINE_VERSION = f"innocounty {__version__} / method spec {SPEC_VERSION}"

ProgressFn = Callable[[int, str], None]


@dataclass
class Computed:
    """Everything a run stores, still in the engine's shapes."""

    method: dict[str, Any]
    config_sha256: str
    input_sha256: str
    result: Any                                   # EvaluationResult
    groups: pd.DataFrame | None
    eligibility: pd.DataFrame | None
    national_intervals: pd.DataFrame | None = None
    province_intervals: pd.DataFrame | None = None
    eligible_share: np.ndarray | None = None
    failed_replicates: int = 0
    applied_rules: dict[str, Any] = field(default_factory=dict)
    audit: dict[str, Any] | None = None           # the statistical audit (JSON)
    scenarios: dict[str, Any] = field(default_factory=dict)   # evaluations.scenarios.compute_scenarios
    sensitivity: dict[str, Any] = field(default_factory=dict)  # evaluations.sensitivity.compute_sensitivity
    warnings: list[str] = field(default_factory=list)


def _no_progress(percent: int, message: str) -> None:
    return None


def _replicate_eligible_share(run, provinces: np.ndarray, eligibility_rule) -> np.ndarray | None:
    """§8.3 ``eligible_share``: how often the unit passes the §5 composite test over successful replicates."""
    if "province" not in run.group_ranks:
        return None
    group_ranks = np.asarray(run.group_ranks["province"], dtype=np.float64)
    n_in_group = np.full(group_ranks.shape, np.nan)
    for province in set(provinces.tolist()):
        rows = np.flatnonzero(provinces == province)
        n_in_group[:, rows] = (~np.isnan(group_ranks[:, rows])).sum(axis=1, keepdims=True)
    passes, _k = composite_pass(group_ranks, n_in_group, eligibility_rule)
    ok = np.array([r not in run.failures for r in range(group_ranks.shape[0])], dtype=bool)
    if not ok.any():
        return np.full(group_ranks.shape[1], np.nan)
    return passes[ok].mean(axis=0)


def compute(frame: pd.DataFrame, framework, method: dict[str, Any], replicates: int, seed: int,
            progress: ProgressFn = _no_progress) -> Computed:
    """Run everything for one year's table. Engine errors (``EvaluationError``) propagate to the caller."""
    method, asked_scenarios = split_scenarios(method)
    user = {"groups": {}, "eligibility": {}, **method}
    progress(5, gettext_noop("校验指标体系、方法配置与数据"))
    engine, m = prepare(frame, framework, user)
    rules = check_sections(m)
    input_sha = engine.data.canonical_sha256()
    weights = resolve_weights(engine.fw, m["weights"])
    progress(15, gettext_noop("计算综合指数与排名"))
    result = engine.run(m, weights)
    warnings: list[str] = []
    progress(25, gettext_noop("计算分档与“位居本省前列”资格"))
    groups = compute_groups(result, warn=warnings.append)
    eligibility = compute_eligibility(result, warn=warnings.append)
    computed = Computed(method={}, config_sha256="", input_sha256=input_sha, result=result, groups=groups,
                        eligibility=eligibility)
    progress(30, gettext_noop("统计审计：分布、相关性与一致性"))
    computed.audit = statistical_audit(result)
    if asked_scenarios:
        progress(35, gettext_noop("情景分析：备选权重与方法"))
        computed.scenarios = compute_scenarios(engine, m, result, asked_scenarios)
    applied = {"groups": groups.attrs.get("rule") if groups is not None else rules.get("groups"),
               "eligibility": eligibility.attrs.get("rule") if eligibility is not None else None}
    if replicates > 0:
        progress(40, f"不确定性分析：{replicates} 次重复（权重扰动与标准化方法）")
        rule = parse_eligibility_config(m.get("eligibility"))
        unc = run_uncertainty(engine, m, weights, result, n=replicates, seed=seed)
        provinces = frame.set_index("code").loc[[str(c) for c in unc.codes], "province"].astype(str).to_numpy()
        computed.national_intervals = unc.intervals
        computed.province_intervals = unc.group_intervals.get("province")
        computed.eligible_share = _replicate_eligible_share(unc.run, provinces, rule)
        computed.failed_replicates = len(unc.failures)
        m = {**m, "uncertainty": unc.config}
        if computed.failed_replicates:
            warnings.append(f"uncertainty: {computed.failed_replicates} replicate(s) failed")
        progress(85, gettext_noop("不确定性分析完成"))
    if m.get("sensitivity"):
        progress(86, gettext_noop("敏感性分析：Saltelli 设计与一阶、总效应指数"))
        computed.sensitivity, sens_config = compute_sensitivity(engine, m, weights, result, seed)
        m = {**m, "sensitivity": sens_config}
    resolved = public_config(m)
    computed.method = resolved
    computed.config_sha256 = config_sha256(resolved)
    computed.applied_rules = applied
    computed.warnings = list(dict.fromkeys([*result.warnings, *warnings]))
    return computed
