"""A province's workbook meets what its counties entered: rule and outlier checks of the file's values, and
the conflicts with county-entered values, which the uploader must resolve one by one (or all at once).

A value a county entered (its source upload is a ``county_entry``) is never silently overwritten: each
(county, column) where the file differs is a conflict; confirming the upload needs a resolution for every
conflict — ``keep`` (the county's value stays) or ``take`` (the workbook's value replaces it, with a
revision). All or nothing: an unresolved conflict refuses the whole import.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innocounty.monitoring.issues import ERROR, WARNING, Issue, ValidationReport
from innocounty.monitoring.models import DataRound, IndicatorValue, UploadSource
from innocounty.monitoring.quality import check_round
from innocounty.monitoring.workflow import TransitionRefused
from innocounty.regions.models import County

KEEP, TAKE = "keep", "take"
MAX_CONFLICTS = 2000


def conflict_key(county: str, code: str) -> str:
    return f"{county}:{code}"


def find_conflicts(data_round: DataRound, rows: dict[str, dict]) -> list[dict]:
    """Each stored county-entered value the file would change (a blank over a value counts)."""
    stored = IndicatorValue.objects.filter(
        data_round=data_round, county_id__in=list(rows), upload__source=UploadSource.COUNTY_ENTRY
    )
    names = dict(County.objects.filter(code__in=list(rows)).values_list("code", "name"))
    conflicts = []
    for county, code, value, by, at in stored.values_list(
        "county_id", "code", "value", "updated_by__display_name", "updated_at"
    ).order_by("county_id", "code"):
        if code not in rows.get(county, {}):
            continue
        new = rows[county][code]
        if new == value or (new is None and value is None):
            continue
        conflicts.append(
            {
                "key": conflict_key(county, code),
                "county": county,
                "county_name": names.get(county, ""),
                "code": code,
                "county_value": value,
                "workbook_value": new,
                "entered_by": by or "",
                "entered_at": at.isoformat() if at else "",
            }
        )
    return conflicts[:MAX_CONFLICTS]


def _where(report: ValidationReport, county: str, names: dict) -> dict:
    return {
        "sheet": report.sheet,
        "row": report.row_numbers.get(county),
        "county": f"{names.get(county, '')}（{county}）",
    }


def quality_issues(data_round: DataRound, report: ValidationReport) -> list[Issue]:
    """The round's validation rules (an error blocks, a warning needs confirmation) and outlier flags for
    the file's counties, checked with the file's values in place of the stored ones."""
    if not report.rows:
        return []
    result = check_round(data_round, overrides=report.rows, only=set(report.rows))
    names = dict(County.objects.filter(code__in=list(report.rows)).values_list("code", "name"))
    issues = []
    for v in result.violations:
        shown = "、".join(f"{c} = {x:g}" for c, x in v.values.items())
        issues.append(
            Issue(
                ERROR if v.importance == "error" else WARNING,
                "validation_rule",
                f"{v.rule.message_zh or v.rule.text}（{v.rule.text}；{shown}）",
                header=v.rule.code,
                value=f"{v.left:g} / {v.right:g}",
                **_where(report, v.county, names),
            )
        )
    for f in result.flags:
        issues.append(
            Issue(
                WARNING,
                "outlier",
                f.message_zh,
                header=f.code,
                value=f"{f.value:g}",
                **_where(report, f.county, names),
            )
        )
    return issues


def conflict_issues(report: ValidationReport) -> list[Issue]:
    if not report.conflicts:
        return []
    return [
        Issue.build(
            WARNING,
            "county_conflict",
            gettext_noop(
                "本文件有 %(count)d 个数值与县级在线填报的数值不同：确认导入时须逐项选择保留县级数值或采用本文件数值。"
            ),
            {"count": len(report.conflicts)},
            sheet=report.sheet,
        )
    ]


def apply_resolutions(report: ValidationReport, resolutions: dict[str, str] | None) -> dict[str, dict]:
    """The rows to import: a ``keep`` drops the workbook's value. Refused unless every conflict is resolved."""
    resolutions = resolutions or {}
    missing = [c for c in report.conflicts if resolutions.get(c["key"]) not in (KEEP, TAKE)]
    if missing:
        first = missing[0]
        raise TransitionRefused(
            _(
                "还有 %(count)d 处与县级填报的冲突未处理（如 %(county)s %(code)s）：请逐项选择保留县级数值或采用本文件数值。"
            )
            % {
                "count": len(missing),
                "county": first["county_name"] or first["county"],
                "code": first["code"],
            }
        )
    rows = {county: dict(values) for county, values in report.rows.items()}
    for c in report.conflicts:
        if resolutions[c["key"]] == KEEP:
            rows[c["county"]].pop(c["code"], None)
    return rows
