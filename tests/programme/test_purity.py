"""The programme core imports nothing from Django and nothing outside the standard library."""

import ast
import subprocess
import sys
from pathlib import Path

import innocounty.programme

PACKAGE = Path(innocounty.programme.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_standard_library_imports():
    for path in PACKAGE.glob("*.py"):
        outside = {
            m for m in imported_modules(path) if m not in sys.stdlib_module_names and m != "__future__"
        }
        assert not outside, f"{path.name} imports {outside}"


def test_importing_the_core_does_not_load_django():
    code = "import sys, innocounty.programme; assert not [m for m in sys.modules if m.startswith('django')]"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(PACKAGE.parents[1])})


def test_files_stay_small():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name
