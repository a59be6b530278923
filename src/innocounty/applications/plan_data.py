"""The stored JSON of a plan ↔ the core's :class:`~innocounty.programme.ConstructionPlan`.

Stored shape (working copy and every version)::

    {"theme": "industry" | None,
     "sections": {"basis": "<p>…</p>", …},                  # sanitised HTML
     "key_tasks": {"policy_implementation": "…", …},       # plain text
     "milestones": [{"year": 2024, "text": "…"}, …],
     "targets": [{"indicator_code": "I01", "indicator_name": "…", "baseline": 1.5, "baseline_year": 2023,
                  "baseline_source": "monitoring" | "county", "direction": "higher",
                  "values": {"2024": 2.0, …}}, …]}
"""

from __future__ import annotations

from innocounty.programme import ConstructionPlan, Direction, Milestone, QuantitativeTarget, Theme


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def target_from_json(row: dict) -> QuantitativeTarget:
    values = {}
    for year, value in (row.get("values") or {}).items():
        number = _number(value)
        if number is not None and str(year).isdigit():
            values[int(year)] = number
    direction = row.get("direction") or Direction.HIGHER_IS_BETTER.value
    return QuantitativeTarget(
        indicator_code=str(row.get("indicator_code") or ""),
        baseline=_number(row.get("baseline")),
        values=values,
        direction=Direction(direction) if direction in Direction._value2member_map_ else Direction.HIGHER_IS_BETTER,
        baseline_year=row.get("baseline_year"),
        indicator_name=str(row.get("indicator_name") or ""),
    )


def plan_from_json(data: dict) -> ConstructionPlan:
    theme = data.get("theme")
    return ConstructionPlan(
        theme=Theme(theme) if theme in Theme._value2member_map_ else None,
        sections=dict(data.get("sections") or {}),
        key_tasks=dict(data.get("key_tasks") or {}),
        milestones=tuple(
            Milestone(int(m["year"]), str(m.get("text") or ""))
            for m in data.get("milestones") or []
            if str(m.get("year", "")).isdigit()
        ),
        targets=tuple(target_from_json(t) for t in data.get("targets") or []),
    )


def milestones_by_year(milestones: list[dict], years) -> dict[int, str]:
    """One text per construction year (several milestones of a year are joined by line breaks)."""
    out = {year: [] for year in years}
    for m in milestones:
        year = int(m["year"]) if str(m.get("year", "")).isdigit() else None
        if year in out and m.get("text"):
            out[year].append(m["text"])
    return {year: "\n".join(texts) for year, texts in out.items()}


def milestones_from_texts(texts: dict[int, str]) -> list[dict]:
    """Each non-empty line of a year's text is one milestone of that year."""
    rows = []
    for year, text in sorted(texts.items()):
        for line in (text or "").splitlines():
            if line.strip():
                rows.append({"year": year, "text": line.strip()})
    return rows
