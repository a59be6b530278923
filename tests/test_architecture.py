"""The house holds: the contracts of pyproject.toml's [tool.importlinter] (the pure core imports no Django and
no app; apps depend downward only, so there are no cycles), and no app imports another app's private names."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "innocounty"
PRIVATE_IMPORT = re.compile(r"^\s*from innocounty\.(\w+)[\w.]* import (?:\(([^)]*)\)|([^\n(]+)$)", re.M)


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_no_app_imports_another_apps_private_names():
    offenders = []
    for path in SRC.rglob("*.py"):
        app = path.relative_to(SRC).parts[0]
        for match in PRIVATE_IMPORT.finditer(path.read_text(encoding="utf-8")):
            source, names = match.group(1), match.group(2) or match.group(3)
            if source == app:
                continue
            private = [n.strip() for n in names.replace("\n", ",").split(",") if n.strip().startswith("_")]
            if private:
                offenders.append(f"{path.relative_to(SRC)} imports {private} from innocounty.{source}")
    assert not offenders, offenders


def test_the_contracts_forbid_what_the_house_forbids(tmp_path):
    """The layers contract really fails on an upward import (a check that could not fail would prove nothing)."""
    probe = SRC / "common" / "_probe_upward.py"
    probe.write_text("from innocounty.applications import models  # noqa: F401\n", encoding="utf-8")
    try:
        lint = Path(sys.executable).with_name("lint-imports")
        result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        probe.unlink()
    assert result.returncode != 0 and "innocounty.common is not allowed to import innocounty.applications" in result.stdout
