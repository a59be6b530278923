"""Plain dicts the application templates and the API share: the plan laid out in the guideline's order."""

from __future__ import annotations

from innocounty.applications.monitoring_data import indicator_names, position_for
from innocounty.applications.plan_data import milestones_by_year
from innocounty.common.labels import key_task_label, section_title
from innocounty.common.labels import theme_label as _theme_label
from innocounty.programme import KeyTask, PlanSection, Theme, completeness, text_length
from innocounty.programme.problems import errors_in, warnings_in


def plan_sections(data: dict) -> list[dict]:
    sections = data.get("sections") or {}
    return [
        {"key": s.value, "title": section_title(s), "html": sections.get(s.value, ""), "length": text_length(sections.get(s.value))}
        for s in PlanSection
    ]


def plan_key_tasks(data: dict) -> list[dict]:
    tasks = data.get("key_tasks") or {}
    return [{"key": t.value, "label": key_task_label(t), "text": tasks.get(t.value, "")} for t in KeyTask]


def theme_label(value) -> str:
    """The theme's label in the user's language ("" when none or unknown)."""
    return _theme_label(value) if value in Theme._value2member_map_ else ""


def _target_row(t: dict, years, names: dict[str, str]) -> dict:
    code = str(t.get("indicator_code") or "")
    name = t.get("indicator_name") or ""
    if not name or name == code:
        name = names.get(code, "")
    return {**t, "indicator_name": name,
            "year_values": [{"year": y, "value": (t.get("values") or {}).get(str(y))} for y in years]}  # fmt: skip


def plan_view(data: dict, years, names: dict[str, str] | None = None) -> dict:
    """Everything a page shows of one plan (working copy or version); ``names`` (code → indicator name)
    fills in targets stored without a name."""
    names = names if names is not None else indicator_names()
    return {
        "theme": data.get("theme"),
        "theme_label": theme_label(data.get("theme")),
        "sections": plan_sections(data),
        "key_tasks": plan_key_tasks(data),
        "milestones": [{"year": y, "text": t} for y, t in milestones_by_year(data.get("milestones") or [], years).items()],
        "targets": [_target_row(t, years, names) for t in data.get("targets") or []],
        "years": list(years),
    }


def completeness_report(app) -> dict:
    found = completeness(app.plan(), construction_years=app.batch.construction_years)
    return {"errors": errors_in(found), "warnings": warnings_in(found)}


def monitoring_panel(app) -> dict | None:
    """The county's own monitoring position in the batch's run, or None without published results."""
    run, position = position_for(app.batch, app.county_id)
    if run is None:
        return None
    names = indicator_names(run)
    return {
        "run": run,
        "position": position,
        "top_indicators": [f"{names.get(c, c)}（{c}）" for c in (position.top_quartile_indicators if position else [])],
    }
