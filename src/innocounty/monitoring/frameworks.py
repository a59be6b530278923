"""Importing indicator frameworks into the database, activating and superseding them.

Parsing and validation are the evaluation engine's (:mod:`innocounty.evaluation.framework`), so the
platform and the engine accept exactly the same files. On top of that the platform requires every
denominator to be a known unit-data column (the data templates must be able to collect it).

A framework version that is in use (a data round uses it, or a published run locked it) is never
changed: importing different content under its code and version is refused; import a new version and
activate it, which supersedes the old one.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from innocounty.audit.chain import record
from innocounty.evaluation.errors import FrameworkError
from innocounty.evaluation.framework import load_framework, read_framework_records, resolve_framework_path
from innocounty.monitoring.columns import RANGE_FIELDS, UNIT_DATA_COLUMNS, parse_bound
from innocounty.monitoring.models import Framework, FrameworkNode
from innocounty.monitoring.workflow import run

MODEL_COLUMNS = ("code", "name", "name_en", "level", "parent", "weight", "direction", "unit", "denominator", "type")


class FrameworkImportError(Exception):
    """The file cannot become a framework version; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedFramework:
    source_name: str
    sha256: str
    name: str
    nodes: list[dict]  # FrameworkNode field values in file order, ``parent`` as a code


def _plain(value) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _range_problems(code: str, raw: dict) -> list[str]:
    """The plausible range of an indicator (``plausible_min``/``plausible_max``): numbers, min ≤ max."""
    bounds = []
    for name in RANGE_FIELDS:
        try:
            bounds.append(parse_bound(raw.get(name)))
        except (TypeError, ValueError):
            return [_("指标 %(code)s 的 %(column)s“%(value)s”不是数值") % {"code": code, "column": name, "value": raw.get(name)}]
    low, high = bounds
    if low is not None and high is not None and low > high:
        return [_("指标 %(code)s 的合理范围下限 %(low)s 大于上限 %(high)s") % {"code": code, "low": low, "high": high}]
    return []


def parse_framework_file(path_or_name: str | Path, source_name: str | None = None) -> ParsedFramework:
    """Read and validate a framework file (CSV, XLSX or YAML) or a shipped framework by name."""
    try:
        path = resolve_framework_path(path_or_name)
        data = path.read_bytes()
        framework = load_framework(path)
        records, _first_row = read_framework_records(path)
    except FrameworkError as exc:
        raise FrameworkImportError(list(getattr(exc, "problems", None) or [str(exc)])) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        # A damaged or disguised workbook: the reader's own error, never a 500.
        raise FrameworkImportError([_("文件无法读取（%(error)s），请上传有效的 CSV、XLSX 或 YAML 文件。") % {
            "error": type(exc).__name__}]) from None
    raw_by_code = {str(r.get("code", "")).strip(): r for r in records}
    problems = [
        _("指标 %(code)s 的分母“%(column)s”不是已知的单位数据列（可用：%(known)s）") % {
            "code": code, "column": column, "known": "、".join(UNIT_DATA_COLUMNS),
        }
        for code, column in framework.denominators.items()
        if column not in UNIT_DATA_COLUMNS
    ]
    for node in framework.node_list:
        if node.level == 1:
            problems.extend(_range_problems(node.code, raw_by_code.get(node.code, {})))
    if problems:
        raise FrameworkImportError(problems)
    nodes = []
    for position, node in enumerate(framework.node_list, start=1):
        raw = raw_by_code.get(node.code, {})
        extra = {
            str(k).strip(): _plain(v) for k, v in raw.items()
            if k is not None and str(k).strip() not in MODEL_COLUMNS and v not in ("", None)
        }
        nodes.append({
            "position": position, "code": node.code, "name": node.name, "name_en": node.name_en,
            "level": node.level, "parent": node.parent, "weight": node.weight, "direction": node.direction,
            "unit": node.unit, "denominator": node.denominator or "",
            "node_type": "Indicator" if node.level == 1 else "Aggregate", "extra": extra,
        })
    root = framework.nodes[framework.root]
    return ParsedFramework(
        source_name=source_name or path.name, sha256=hashlib.sha256(data).hexdigest(),
        name=root.name or framework.root, nodes=nodes,
    )


def store_nodes(node_model, framework, nodes: list[dict]) -> None:
    """Create the nodes of ``framework`` (model classes passed in, so a data migration can use it too)."""
    created = node_model.objects.bulk_create(
        [node_model(framework=framework, **{k: v for k, v in n.items() if k != "parent"}) for n in nodes]
    )
    by_code = {n.code: n for n in created}
    children = []
    for node, spec in zip(created, nodes, strict=True):
        if spec["parent"]:
            node.parent_id = by_code[spec["parent"]].pk
            children.append(node)
    node_model.objects.bulk_update(children, ["parent"])


def _next_version(code: str) -> str:
    numbers = [int(v) for v in Framework.objects.filter(code=code).values_list("version", flat=True) if v.isdigit()]
    return str(max(numbers, default=0) + 1)


@dataclass(frozen=True)
class ImportOutcome:
    framework: Framework
    created: bool
    message: str


def import_framework(parsed: ParsedFramework, code: str, version: str | None, user) -> ImportOutcome:
    """Store ``parsed`` as ``code`` v``version`` (the next number when omitted), as a draft.

    Same content again is a no-op; different content under an existing version replaces its nodes only
    while that version is not in use.
    """
    with transaction.atomic():
        same = Framework.objects.filter(code=code, source_sha256=parsed.sha256)
        if version:
            same = same.filter(version=version)
        existing_same = same.first()
        if existing_same is not None:
            return ImportOutcome(existing_same, False,
                                 _("内容相同的 %(framework)s 已存在，未重复导入。") % {"framework": existing_same})
        version = version or _next_version(code)
        existing = Framework.objects.select_for_update().filter(code=code, version=version).first()
        if existing is not None:
            if existing.is_in_use():
                raise FrameworkImportError([
                    _("%(framework)s 已被使用（%(reason)s），不能修改；请以新版本号导入后启用。") % {
                        "framework": existing, "reason": existing.locked_reason or _("数据填报轮次引用"),
                    }
                ])
            before = {"sha256": existing.source_sha256, "nodes": existing.nodes.count()}
            existing.nodes.all().delete()
            existing.name, existing.source_name, existing.source_sha256 = parsed.name, parsed.source_name, parsed.sha256
            existing.save()
            store_nodes(FrameworkNode, existing, parsed.nodes)
            record(user, "monitoring.framework.replaced", existing, before=before,
                   after={"sha256": parsed.sha256, "nodes": len(parsed.nodes)}, summary=f"重新导入{existing}")
            return ImportOutcome(existing, False, _("已用新文件替换 %(framework)s 的内容。") % {"framework": existing})
        framework = Framework.objects.create(
            code=code, version=version, name=parsed.name, source_name=parsed.source_name,
            source_sha256=parsed.sha256, imported_by=user,
        )
        store_nodes(FrameworkNode, framework, parsed.nodes)
        _install_rules(framework)
        record(user, "monitoring.framework.imported", framework,
               after={"sha256": parsed.sha256, "nodes": len(parsed.nodes)}, summary=f"导入{framework}")
        return ImportOutcome(framework, True,
                             _("已导入 %(framework)s（草稿），启用后可用于数据填报。") % {"framework": framework})


def _install_rules(framework: Framework) -> None:
    from innocounty.monitoring.columns import columns_for_framework
    from innocounty.monitoring.models import ValidationRule
    from innocounty.monitoring.rules import install_shipped_rules

    install_shipped_rules(framework, ValidationRule, [c.code for c in columns_for_framework(framework)])


def activate_framework(framework: Framework, user, confirm: bool = False) -> Framework:
    """Make this version the active one of its code (the ``framework`` workflow's ``activate``,
    consequential: refused unless ``confirm``); the previously active version is superseded by its effect.
    ``user`` None is the platform itself (the ``import_framework --activate`` command). Raises
    :class:`~innocounty.monitoring.workflow.TransitionRefused` when refused."""
    run(user, framework, "activate", {"confirm": bool(confirm)}, kind="framework")
    return framework
