"""innocounty.evaluation: the county innovation capability index engine (pure Python: numpy, pandas, pyyaml,
openpyxl; never Django). The normative specification is docs/methodology.md.

Main entry points (imported lazily so that ``innocounty frameworks`` starts fast)::

    from innocounty.evaluation.pipeline import evaluate, prepare      # §2 pipeline → EvaluationResult
    from innocounty.evaluation.framework import load_framework, shipped_frameworks
    from innocounty.evaluation.uncertainty import run_uncertainty      # §8
    from innocounty.evaluation.scenarios import run_scenarios, load_scenarios   # §8.4
    from innocounty.evaluation.sensitivity import run_sensitivity      # §9
"""

SPEC_VERSION = "1.0"


def __getattr__(name: str):
    if name in ("evaluate", "prepare", "Engine"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("load_framework", "shipped_frameworks", "Framework"):
        from . import framework

        return getattr(framework, name)
    raise AttributeError(name)
