"""The engine's CLI (methodology §12): ``evaluate``, ``validate`` and ``frameworks``.

``main(args)`` receives the command name as ``args[0]`` and returns the exit status. A fatal error prints one line
(``error: <file>: row R, column C: <message>``) on stderr and returns 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataError, EvaluationError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one-line usage errors with exit status 2
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


# Bounds of the numeric options: beyond them a run cannot finish (memory, time) or numpy refuses the value.
MAX_REPLICATES = 100_000
MAX_SENSITIVITY = 20_000
MAX_SEED = 2**63 - 1


def _bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text[:30]} is outside {low}..{high}")
        return value

    parse.__name__ = "integer"
    return parse


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="innocounty", description="County innovation capability index engine")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ev = sub.add_parser("evaluate", help="run the pipeline and write the result files")
    ev.add_argument("data", help="unit data, CSV or XLSX")
    ev.add_argument("--framework", "-f", default="provisional-23",
                    help="framework file (CSV/XLSX/YAML) or shipped name (default: provisional-23)")
    ev.add_argument("--method", "-m", help="method YAML (default: the standard configuration, §2.0)")
    ev.add_argument("--out", "-o", required=True, help="output directory")
    ev.add_argument("--scenarios", help="scenarios YAML (§8.4)")
    ev.add_argument("--uncertainty", type=_bounded(1, MAX_REPLICATES), metavar="N",
                    help=f"Monte Carlo replicates (§8), 1..{MAX_REPLICATES}")
    ev.add_argument("--sensitivity", type=_bounded(1, MAX_SENSITIVITY), metavar="N",
                    help=f"Saltelli base sample size (§9), 1..{MAX_SENSITIVITY}")
    ev.add_argument("--seed", type=_bounded(0, MAX_SEED), help="random seed for --uncertainty/--sensitivity, 0..2^63-1")
    ev.add_argument("--save-replicates", action="store_true",
                    help="also write the replicate matrices (.npy) and parameters (scenario format, JSON)")
    ev.add_argument("--all-stages", action="store_true",
                    help="also write raw, denominated, screened and aggregated data sets")
    va = sub.add_parser("validate", help="check the framework, method and data only")
    va.add_argument("data", nargs="?", help="unit data, CSV or XLSX (optional: framework-only check)")
    va.add_argument("--framework", "-f", default="provisional-23")
    va.add_argument("--method", "-m")
    sub.add_parser("frameworks", help="list the shipped frameworks")
    return p


def main(args: list[str]) -> int:
    try:
        ns = _parser().parse_args(args)
        if ns.command == "frameworks":
            return _frameworks()
        for path in (getattr(ns, "data", None), getattr(ns, "framework", None)):
            check_input_file(path)
        if ns.command == "validate":
            return _validate(ns)
        return _evaluate(ns)
    except _UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except EvaluationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except MemoryError:
        print("error: out of memory", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e.filename or ''}: {e.strerror or e}".replace("\n", " "), file=sys.stderr)
        return 2


def check_input_file(path: str | None) -> None:
    """Refuse an input file that is not what its name says, or a damaged or hostile workbook, in one line.

    A workbook goes through the platform's file checker (:mod:`innocounty.common.filecheck`): a real xlsx
    package, no macros, every XML part well-formed and without a DOCTYPE."""
    if not path:
        return
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm") or not p.is_file():
        return  # shipped framework names, YAML files, missing files: the readers' own messages
    with open(p, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise DataError("the file is empty", file=str(path))
    if suffix == ".csv":
        if head.startswith(b"PK\x03\x04"):
            raise DataError("this is an Excel workbook (or another ZIP file) named .csv: rename it to .xlsx",
                            file=str(path))
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise DataError("this is an old Excel .xls or an encrypted file named .csv: save it as CSV UTF-8",
                            file=str(path))
        return
    if not head.startswith(b"PK\x03\x04"):
        raise DataError("not an Excel workbook (.xlsx): the content is another kind of file (a renamed CSV?)",
                        file=str(path))
    from innocounty.evaluation.packages import check_package

    found = check_package(str(p))
    if not found.accepted:
        raise DataError(WORKBOOK_PROBLEMS.get(found.code, "not an Excel workbook") +
                        (f" ({found.params['detail']})" if "detail" in found.params else ""), file=str(path))


WORKBOOK_PROBLEMS = {
    "corrupt": "the workbook is damaged or holds content that is not allowed",
    "macro_enabled": "the workbook contains macros",
    "suspicious_package": "the workbook is too large when unpacked or malformed",
    "not_recognised": "not an Excel workbook (.xlsx)",
}


def _frameworks() -> int:
    from .framework import load_framework, shipped_frameworks

    for name, path in shipped_frameworks().items():
        fw = load_framework(path)
        root = fw.nodes[fw.root]
        dims = len(fw.children[fw.root])
        print(f"{name}\t{len(fw.indicators)} indicators, {dims} dimensions\t{root.name}\t{path}")
    return 0


def _validate(ns: argparse.Namespace) -> int:
    from .framework import check_methods, load_framework
    from .method import load_method, resolve_method

    fw = load_framework(ns.framework)
    m = resolve_method(load_method(ns.method))
    problems = check_methods(fw, m["normalise"]["method"])
    if problems:
        from .errors import FrameworkError

        raise FrameworkError(problems, file=ns.framework)
    if ns.data:
        from .pipeline import prepare

        engine, _ = prepare(ns.data, fw, m)
        n = len(engine.data.frame)
        print(f"ok: {ns.data}: {n} rows, {len(fw.indicators)} indicators, years: "
              f"{', '.join('-' if y is None else str(y) for y in engine.years)}")
    else:
        print(f"ok: {ns.framework}: {len(fw.indicators)} indicators, {len(fw.aggregates)} aggregates")
    return 0


def _evaluate(ns: argparse.Namespace) -> int:
    from .method import load_method, resolve_method
    from .run import run_cli

    user = load_method(ns.method)
    if ns.uncertainty is not None:
        if ns.uncertainty < 1:
            raise _UsageError("innocounty evaluate: --uncertainty N must be >= 1")
        user.setdefault("uncertainty", {})
        user["uncertainty"] = {**(user["uncertainty"] or {}), "n": ns.uncertainty}
        if ns.seed is not None:
            user["uncertainty"]["seed"] = ns.seed
    if ns.sensitivity is not None:
        if ns.sensitivity < 1:
            raise _UsageError("innocounty evaluate: --sensitivity N must be >= 1")
        user.setdefault("sensitivity", {})
        user["sensitivity"] = {**(user["sensitivity"] or {}), "n": ns.sensitivity}
        if ns.seed is not None:
            user["sensitivity"]["seed"] = ns.seed
    try:
        m = resolve_method(user)
    except EvaluationError as e:
        if ns.method and not e.file:
            e.file = ns.method
        raise
    run_cli(Path(ns.data), ns.framework, m, Path(ns.out), method_path=ns.method, scenarios_path=ns.scenarios,
            run_uncertainty=ns.uncertainty is not None or "uncertainty" in m,
            run_sensitivity=ns.sensitivity is not None or "sensitivity" in m,
            save_replicates=ns.save_replicates, all_stages=ns.all_stages)
    return 0
