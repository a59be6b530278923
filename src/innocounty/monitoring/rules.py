"""The ministry's validation rules of a framework: installing the shipped set, adding, editing, deleting
(each checked by the core's expression parser and audited) and exporting them (CSV, XLSX, JSON)."""

from __future__ import annotations

import io
import json

from django.db import transaction
from django.utils.translation import gettext as _

from innocounty.audit.chain import record
from innocounty.common import clock
from innocounty.evaluation.validation_rules import RULE_FIELDS, Rule, shipped_rules
from innocounty.monitoring.export import csv_lines
from innocounty.monitoring.permissions import can_manage_rules
from innocounty.monitoring.workflow import TransitionRefused


def install_shipped_rules(framework, rule_model, known: list[str]) -> int:
    """Create the shipped rules of the framework's code that fit its columns (a migration passes its model)."""
    rules = shipped_rules(framework.code, known)
    existing = set(rule_model.objects.filter(framework=framework).values_list("code", flat=True))
    new = [rule_model(framework=framework, position=i, code=r.code, left=r.left, operator=r.operator, right=r.right,
                      importance=r.importance, tolerance=r.tolerance, message_zh=r.message_zh[:300],
                      message_en=r.message_en[:300])
           for i, r in enumerate(rules, start=1) if r.code not in existing]  # fmt: skip
    rule_model.objects.bulk_create(new)
    return len(new)


def rule_problems(rule: Rule, known: list[str]) -> dict[str, str]:
    """Field → what is wrong, in the reader's language."""
    return {
        name: (_(exc.template) % exc.params if exc.params else _(exc.template))
        for name, exc in rule.problems(known).items()
    }


def _facts(obj) -> dict:
    return {f: getattr(obj, f) for f in RULE_FIELDS}


def save_rule(user, framework, data: dict, instance=None):
    """Create or update a rule from cleaned form data; raises TransitionRefused when not allowed."""
    from innocounty.monitoring.models import ValidationRule

    decision = can_manage_rules(user)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    with transaction.atomic():
        before = _facts(instance) if instance is not None else None
        rule = instance or ValidationRule(framework=framework)
        for name in (
            "code",
            "left",
            "operator",
            "right",
            "importance",
            "tolerance",
            "message_zh",
            "message_en",
        ):
            setattr(rule, name, data[name])
        if instance is None:
            rule.position = (framework.rules.count() or 0) + 1
        rule.updated_by, rule.updated_at = user, clock.now()
        rule.save()
        record(
            user,
            "monitoring.rule.changed" if before else "monitoring.rule.added",
            rule,
            before=before,
            after=_facts(rule),
            summary=f"{'修改' if before else '新增'}校验规则 {rule.code}：{framework}",
        )
    return rule


def delete_rule(user, rule) -> None:
    decision = can_manage_rules(user)
    if not decision:
        raise TransitionRefused(str(decision.reason), forbidden=True)
    with transaction.atomic():
        record(
            user, "monitoring.rule.deleted", rule, before=_facts(rule), summary=f"删除校验规则 {rule.code}"
        )
        rule.delete()


def export_rows(framework) -> tuple[list[str], list[list]]:
    rows = [[getattr(r, f) for f in RULE_FIELDS] for r in framework.rules.order_by("position", "code")]
    return list(RULE_FIELDS), rows


def export_csv(framework):
    header, rows = export_rows(framework)
    return csv_lines(header, rows)


def export_json(framework) -> str:
    header, rows = export_rows(framework)
    return json.dumps(
        {
            "framework": framework.code,
            "version": framework.version,
            "rules": [dict(zip(header, r, strict=True)) for r in rows],
        },
        ensure_ascii=False,
        indent=2,
    )


def export_xlsx(framework) -> bytes:
    import openpyxl

    header, rows = export_rows(framework)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "rules"
    sheet.append(header)
    for row in rows:
        sheet.append([str(v) if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
