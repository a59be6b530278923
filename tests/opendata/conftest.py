"""The open-data tests use the evaluation-run fixtures (tests/evaluations/conftest.py: six counties, a
three-indicator framework, a real engine run)."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("_evaluations_conftest",
                                               Path(__file__).parents[1] / "evaluations" / "conftest.py")
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

provinces = _fixtures.provinces
framework = _fixtures.framework
make_round = _fixtures.make_round
data_round = _fixtures.data_round
run_factory = _fixtures.run_factory
run = _fixtures.run
published_run = _fixtures.published_run
