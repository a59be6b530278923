"""Editing a batch's rubric from the page's rows: code, label, weight, minimum, maximum per criterion."""

from __future__ import annotations

from innocounty.audit.chain import record
from innocounty.experts.models import BatchRubric
from innocounty.programme.scoring import MAX_CRITERIA, Criterion, Rubric, rubric_problems


def _number(raw: str) -> float:
    try:
        return float(str(raw).strip()[:20])
    except ValueError:
        return float("nan")


def _pick(values, i: int, default: str = "") -> str:
    return values[i] if i < len(values) else default


def criteria_from_post(post) -> tuple[Rubric, list]:
    codes = post.getlist("code")[: MAX_CRITERIA + 1]
    labels, weights = post.getlist("label"), post.getlist("weight")
    lows, highs, refs = post.getlist("min_score"), post.getlist("max_score"), post.getlist("ref")
    criteria = []
    for i, code in enumerate(codes):
        code = code.strip()[:41]
        if not code:
            continue
        criteria.append(Criterion(code, _pick(labels, i).strip()[:101], _number(_pick(weights, i, "0")),
                                  _number(_pick(lows, i, "0")), _number(_pick(highs, i, "10")),
                                  _pick(refs, i).strip()[:60]))  # fmt: skip
    rubric = Rubric(tuple(criteria))
    return rubric, rubric_problems(rubric)


def save_rubric(actor, batch, rubric: Rubric, thresholds: dict) -> None:
    row, _ = BatchRubric.objects.get_or_create(batch=batch)
    row.criteria, row.max_range, row.max_sd = rubric.as_json(), thresholds["max_range"], thresholds["max_sd"]
    row.save()
    record(actor, "expert.rubric", obj=batch, after={"criteria": len(rubric.criteria), **thresholds},
           summary=f"修改咨询评议评分标准：{batch}")  # fmt: skip
