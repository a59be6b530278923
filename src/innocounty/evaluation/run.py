"""``innocounty evaluate``: run everything asked for and write the result files (methodology §10, §12.5–7)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from .errors import EvaluationError
from .manifest import build_manifest, input_record, write_manifest
from .output import sha256_file, write_columns, write_csv
from .pipeline import prepare
from .results import treatment_columns
from .weights import effective_weights_columns, resolve_weights

OPTIONAL_SECTIONS = ("groups", "eligibility", "strengths", "chain")


def _lead(result) -> list[tuple[str, np.ndarray]]:
    cols = result.data.columns
    return [("code", cols["code"])] + ([("year", cols["year"])] if result.data.has_year else [])


def write_core(out: Path, result, all_stages: bool = False) -> list[str]:
    """imputed/treated/normalised (and with ``all_stages`` raw/denominated/screened/aggregated), scores, ranks,
    group ranks, treatment, effective weights, flags. Returns the file names written."""
    fw = result.framework
    data = result.data.columns
    lead = _lead(result)
    written = []

    def put(name: str, columns, ints=()) -> None:
        write_columns(out / name, columns, ints)
        written.append(name)

    def matrix(stage: str, names: list[str]) -> list[tuple[str, np.ndarray]]:
        arr = result.array(stage)
        pos = {c: i for i, c in enumerate(result.columns_of(stage))}
        return [(c, arr[:, pos[c]]) for c in names]

    stages = [("Imputed", "imputed.csv"), ("Treated", "treated.csv"), ("Normalised", "normalised.csv")]
    if all_stages:
        stages = [("Raw", "raw.csv"), ("Denominated", "denominated.csv"), ("Screened", "screened.csv"), *stages]
    for stage, name in stages:
        put(name, lead + matrix(stage, fw.indicators))
    if all_stages:
        put("aggregated.csv", lead + matrix("Aggregated", fw.indicators + fw.aggregates))
    front = list(lead)
    if "name" in data:
        front.append(("name", data["name"]))
    front += [(g, data[g]) for g in result.group_by if g not in ("name", "year", "code")]
    status = np.where(result.array("included"), "ok", "screened_out")
    put("scores.csv", front + matrix("Aggregated", fw.aggregates) + [("status", status)])
    put("ranks.csv", lead + matrix("ranks", fw.aggregates), fw.aggregates)
    for g in result.group_by:
        put(f"group_ranks_{g}.csv", lead + [(g, data[g])] + matrix(f"group_ranks:{g}", fw.aggregates), fw.aggregates)
    tcols: dict[str, list] = {}
    for y in result.years:
        t = treatment_columns(fw.indicators, result.by_year[y].arrays.treatment)
        if y is not None:
            t = {"indicator": t.pop("indicator"), "year": [y] * len(fw.indicators), **t}
        for k, v in t.items():
            tcols.setdefault(k, []).extend(v)
    put("treatment.csv", [(k, np.asarray(v, dtype=np.int64 if k in ("nwin", "year") else None))
                          for k, v in tcols.items()])
    put("effective_weights.csv", effective_weights_columns(fw, result.weights))
    a = result.array("imputation_flags")
    b = result.array("treatment_flags")
    hit_r, hit_c = np.nonzero((a != None) | (b != None))  # noqa: E711 (element-wise on object arrays)
    put("flags.csv", [(name, v[hit_r]) for name, v in lead]
        + [("indicator", np.asarray(fw.indicators, dtype=object)[hit_c]), ("imputation", a[hit_r, hit_c]),
           ("treatment", b[hit_r, hit_c])])
    return written


def _analyses_module():
    try:
        return importlib.import_module("innocounty.evaluation.analyses")
    except ImportError:
        return None


def _optional_sections(out: Path, result, written: list[str], warnings: list[str]) -> None:
    """§4–§7 analyses (groups.csv, eligibility.csv, strengths.csv, chain.csv, changes.csv) when asked for."""
    if not any(s in result.method for s in OPTIONAL_SECTIONS):
        return
    mod = _analyses_module()
    if mod is None:
        warnings.append("optional analyses are not available in this engine build; skipped")
        return
    for name, df in mod.run_analyses(result, warn=warnings.append).items():
        write_csv(out / name, df)
        written.append(name)


def sensitivity_rank_columns(result, sres) -> list[tuple[str, np.ndarray]]:
    """§9: rank statistics of a sensitivity run, from its first 2N runs (the A and B blocks), national ranks."""
    from .uncertainty import rank_summary

    cfg = sres.config
    yres = result.by_year[cfg["year"]]
    pos = (yres.indicators + yres.aggregates).index(cfg["node"])
    ranks = sres.run.ranks[:2 * cfg["n"]]
    lead = [("code", yres.codes)]
    if result.data.has_year:
        lead.append(("year", np.full(len(yres.codes), cfg["year"])))
    return lead + list(rank_summary(yres.arrays.ranks[:, pos], ranks, [0.05, 0.95]).items())


def run_cli(data: Path, framework: str, m: dict[str, Any], out: Path, *, method_path: str | None = None,
            scenarios_path: str | None = None, run_uncertainty: bool = False, run_sensitivity: bool = False,
            save_replicates: bool = False, all_stages: bool = False) -> None:
    engine, m = prepare(data, framework, m)
    fw = engine.fw
    weights = resolve_weights(fw, m["weights"])
    applied_rules = {}
    if any(sec in m for sec in OPTIONAL_SECTIONS):
        mod = _analyses_module()
        if mod is not None:
            applied_rules = mod.check_sections(m)
    scenarios = None
    if scenarios_path:
        from .scenarios import load_scenarios

        scenarios = load_scenarios(scenarios_path, fw, m)
    result = engine.run(m, weights)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise EvaluationError(f"cannot create the output directory: {e.strerror or e}", file=str(out)) from None
    warnings = list(result.warnings)
    written = write_core(out, result, all_stages)
    extra: dict[str, Any] = {}
    _optional_sections(out, result, written, warnings)
    extra["applied_rules"] = applied_rules
    lead = _lead(result)
    if scenarios is not None:
        from .scenarios import run_scenarios

        sres = run_scenarios(engine, m, result, scenarios)
        ids = [s["id"] for s in scenarios]
        write_csv(out / "scenario_scores.csv", sres.scores)
        write_csv(out / "scenario_ranks.csv", sres.ranks, set(ids))
        for g, df in sres.group_ranks.items():
            write_columns(out / f"scenario_group_ranks_{g}.csv",
                          lead + [(g, result.data.columns[g])] + [(i, df[i]) for i in ids], ids)
            written.append(f"scenario_group_ranks_{g}.csv")
        write_csv(out / "scenario_summary.csv", sres.summary)
        write_csv(out / "scenario_rank_changes.csv", sres.changes,
                  {"nominal", "best_rank", "worst_rank", *[f"rank_change_{i}" for i in ids]})
        written += ["scenario_scores.csv", "scenario_ranks.csv", "scenario_summary.csv", "scenario_rank_changes.csv"]
        extra["scenarios"] = {"count": len(ids), "failed": sres.failures}
        warnings += [f"scenario {f['id']} failed: {f['error']}" for f in sres.failures]
    if run_uncertainty:
        from .uncertainty import run_uncertainty as _unc

        ures = _unc(engine, m, weights, result)
        write_columns(out / "rank_intervals.csv", ures.interval_columns, {"nominal"})
        written.append("rank_intervals.csv")
        for g, cols in ures.group_interval_columns.items():
            write_columns(out / f"group_rank_intervals_{g}.csv", cols, {"nominal"})
            written.append(f"group_rank_intervals_{g}.csv")
        m = {**m, "uncertainty": ures.config}
        extra["uncertainty"] = {"seed": ures.seed, "n": ures.config["n"], "year": ures.year,
                                "n_failed": len(ures.failures), "failed": ures.failures[:100]}
        if ures.failures:
            warnings.append(f"uncertainty: {len(ures.failures)} replicate(s) failed")
        if save_replicates:
            np.save(out / "replicate_scores.npy", ures.run.scores)
            np.save(out / "replicate_ranks.npy", ures.run.ranks)
            for g, arr in ures.run.group_ranks.items():
                np.save(out / f"replicate_group_ranks_{g}.npy", arr)
            np.save(out / "replicate_design.npy", ures.U)
            with open(out / "replicate_parameters.json", "w", encoding="utf-8") as fh:
                json.dump(ures.parameter_records(fw), fh, ensure_ascii=False)
            written += ["replicate_scores.npy", "replicate_ranks.npy", "replicate_design.npy",
                        "replicate_parameters.json", *[f"replicate_group_ranks_{g}.npy" for g in ures.run.group_ranks]]
    if run_sensitivity:
        from .sensitivity import run_sensitivity as _sens

        sres2 = _sens(engine, m, weights, result)
        write_csv(out / "sensitivity.csv", sres2.table)
        written.append("sensitivity.csv")
        write_columns(out / "sensitivity_rank_intervals.csv", sensitivity_rank_columns(result, sres2), {"nominal"})
        written.append("sensitivity_rank_intervals.csv")
        m = {**m, "sensitivity": sres2.config}
        extra["sensitivity"] = {"seed": sres2.seed, "n": sres2.config["n"], "failed": sres2.failures[:100]}
        warnings += sres2.warnings
    inputs = [input_record("data", str(data), engine.data.sha256, len(engine.data), len(engine.data.columns),
                           engine.data.canonical_sha256())]
    fpath = Path(fw.source) if fw.source and Path(fw.source).is_file() else None
    from .framework import resolve_framework_path

    fpath = fpath or resolve_framework_path(framework)
    import hashlib

    inputs.append(input_record("framework", str(framework), hashlib.sha256(fpath.read_bytes()).hexdigest(),
                               len(fw.node_list), None))
    inputs[-1]["resolved_path"] = str(fpath)
    if method_path:
        inputs.append(input_record("method", method_path, None, None, None))
    if scenarios_path:
        inputs.append(input_record("scenarios", scenarios_path, None, len(scenarios or []), None))
    outputs = {name: sha256_file(out / name) for name in written}
    fw_info = {"source": str(framework), "root": fw.root, "indicators": fw.indicators, "aggregates": fw.aggregates,
               "levels": fw.levels}
    manifest = build_manifest(m, inputs, fw_info, warnings, outputs, extra)
    write_manifest(out / "run.json", manifest)
