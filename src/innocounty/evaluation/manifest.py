"""The run manifest ``run.json`` (methodology §10): identity, versions, the fully resolved configuration and its
SHA-256 over canonical JSON, input checksums, seeds and RNG scheme, warnings, failures and output checksums."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import platform
import sys
import uuid
from pathlib import Path
from typing import Any

from . import SPEC_VERSION
from .method import config_sha256, public_config

RNG_SCHEME = ("numpy.random.SeedSequence(seed).spawn(3) -> rng_design, rng_weights, rng_boot "
              "(each numpy.random.default_rng(child)); weight pool drawn set by set, level by level ascending, "
              "one rng_weights.random(n_level) per level over that level's nodes in framework order; "
              "design U = rng_design.random((N, d)) (Saltelli: rng_design.random((N, 2d)))")


def git_revision() -> str | None:
    """The source revision (git commit) of the package checkout, read from .git without running git."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        g = parent / ".git"
        if g.is_dir():
            try:
                head = (g / "HEAD").read_text().strip()
                if head.startswith("ref: "):
                    ref = head[5:]
                    p = g / ref
                    if p.exists():
                        return p.read_text().strip()
                    packed = g / "packed-refs"
                    if packed.exists():
                        for line in packed.read_text().splitlines():
                            if line.endswith(" " + ref):
                                return line.split()[0]
                    return None
                return head
            except OSError:
                return None
    return None


def _clean(obj: Any) -> Any:
    """Make a structure JSON-safe: NaN/inf → None, numpy scalars → Python, tuples → lists."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str | bytes):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def input_record(role: str, path: str, sha256: str | None, rows: int | None, columns: int | None,
                 table_sha256: str | None = None) -> dict[str, Any]:
    if sha256 is None and path and Path(path).is_file():
        sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return {"role": role, "path": path, "sha256": sha256, "rows": rows, "columns": columns,
            "table_sha256": table_sha256}


def build_manifest(method: dict[str, Any], inputs: list[dict[str, Any]], framework_info: dict[str, Any],
                   warnings: list[str], outputs: dict[str, str], extra: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    from innocounty import __version__

    config = _clean(public_config(method))
    return _clean({
        "run_id": str(uuid.uuid4()),
        "timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "engine": "innocounty.evaluation",
        "engine_version": __version__,
        "source_revision": git_revision(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "platform": f"{platform.system()}-{platform.release()}-{platform.machine()}",  # no subprocess (uname -p)
        "method_spec_version": SPEC_VERSION,
        "config": config,
        "config_sha256": config_sha256(config),
        "framework": framework_info,
        "inputs": inputs,
        "rng_scheme": RNG_SCHEME,
        **extra,
        "warnings": warnings,
        "outputs": outputs,
    })


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2, allow_nan=False)
        fh.write("\n")
