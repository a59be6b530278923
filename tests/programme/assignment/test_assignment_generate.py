"""Generated pools are shaped like the programme, and the core stays pure (no Django; OR-Tools only)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import innocounty.programme.assignment as assignment
from innocounty.programme.assignment.generate import EXPERT_WEIGHTS, PROVINCES, programme_pool

PACKAGE = Path(assignment.__file__).parent


def test_pool_shape():
    cands, exps = programme_pool(120, 300, seed=4)
    per_province = Counter(c.province for c in cands)
    assert len(cands) == 120 and set(per_province.values()) <= set(range(2, 7))
    assert len({c.county for c in cands}) == len(cands)
    homes = Counter(e.province for e in exps)
    assert homes["11"] == max(homes.values()) and homes["11"] > 0.15 * len(exps)
    conflicted = sum(1 for e in exps if e.conflict_counties or e.conflict_orgs)
    assert 0.03 * len(exps) <= conflicted <= 0.12 * len(exps)
    assert set(EXPERT_WEIGHTS) <= set(PROVINCES)
    assert programme_pool(120, 300, seed=4) == (cands, exps)


def test_a_national_batch_covers_every_province():
    cands, _ = programme_pool(200, 10, seed=0)
    counts = Counter(c.province for c in cands)
    assert len(counts) == 31 and max(counts.values()) <= 7


def test_only_the_standard_library_and_ortools():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        assert names <= set(sys.stdlib_module_names) | {"__future__", "ortools"}, path.name
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


def test_the_programme_core_does_not_load_ortools_and_the_assignment_no_django():
    src = str(PACKAGE.parents[2])
    code = "import sys, innocounty.programme; assert 'ortools' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": src})
    code = "import sys, innocounty.programme.assignment; assert not [m for m in sys.modules if m.startswith('django')]"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": src})
