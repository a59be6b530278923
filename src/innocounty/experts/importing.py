"""Import experts from a workbook (the downloadable template): every cell checked, all or nothing.

The file goes through the platform's file checker (type and size) and the monitoring app's bounded reader
(:func:`innocounty.monitoring.workbook.read_workbook`: formulas, merged cells and content beyond the bounds
are refused). Layout: sheet 数据, row 1 the column keys, row 2 the names, row 3 notes, experts from row 4.
A new login name creates the account (no password: the expert sets one through the password reset) with the
expert role; an existing expert's profile is updated. Any error in any cell: nothing is imported, and every
error is listed with its row and column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import openpyxl
from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from innocounty.accounts.models import Role, User
from innocounty.accounts.permissions import has_role
from innocounty.accounts.services import grant_role
from innocounty.audit.chain import record
from innocounty.common.filecheck import check_file, max_bytes, problem_text
from innocounty.experts.forms import FIELD_CHOICES, MAX_CONFLICTS, MAX_KEYWORDS, counties_from, split_words
from innocounty.experts.models import Expert
from innocounty.monitoring.workbook import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    ReadBounds,
    column_letter,
    read_workbook,
)
from innocounty.regions.models import Province

MAX_ROWS = 2000
COLUMNS = [  # key, Chinese name, note, required
    ("username", "登录名", "字母、数字或 . @ + - _", True),
    ("name", "姓名", "", True),
    ("organisation", "工作单位", "", True),
    ("province", "所在省份代码", "2位，如 11", True),
    ("title", "职称/职务", "", False),
    ("fields", "专业领域", "industry ecology livelihood 及六项重点任务代码，空格分隔", False),
    ("keywords", "关键词", "空格或逗号分隔", False),
    ("conflict_counties", "须回避的县（市）", "6位代码，空格分隔", False),
    ("conflict_orgs", "须回避的单位", "以；分隔", False),
    ("conflict_statement", "利益关系说明", "", False),
    ("email", "电子邮箱", "", False),
]
KEYS = [c[0] for c in COLUMNS]
FIELD_BY_LABEL = {str(label): v for v, label in FIELD_CHOICES}


@dataclass
class CellError:
    row: int | None
    column: str
    message: str


def build_template() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    for i, (key, name, note, required) in enumerate(COLUMNS, start=1):
        sheet.cell(1, i, key)
        sheet.cell(2, i, name + ("（必填）" if required else ""))
        sheet.cell(3, i, note)
        sheet.column_dimensions[column_letter(i - 1)].width = 22
    sheet.append(["expert_demo", "张三（示例，导入前删除）", "某某大学", "11", "教授", "industry leading_industry",
                  "农业科技 成果转化", "", "", "", ""])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _row_values(keys: list[str], values: list) -> dict[str, str]:
    return {k: _text(values[i]) if i < len(values) else "" for i, k in enumerate(keys) if k in KEYS}


def parse(data: bytes) -> tuple[list[dict], list[CellError]]:
    content = read_workbook(data, ReadBounds(columns=len(COLUMNS) + 20, rows=FIRST_DATA_ROW + MAX_ROWS))
    errors = [CellError(i.row, i.column, i.message) for i in content.issues if i.severity == "error"]
    if errors:
        return [], errors
    missing = [k for k, *_ in COLUMNS if k not in content.keys]
    if missing:
        return [], [CellError(1, "", _("缺少列：%(keys)s") % {"keys": "、".join(missing)})]
    column_of = {k: column_letter(i) for i, k in enumerate(content.keys)}
    provinces = set(Province.objects.values_list("code", flat=True))
    rows, seen = [], {}
    for row in content.rows:
        values = _row_values(content.keys, row.values)
        if not any(values.values()):
            continue

        def err(key, message, row=row):
            errors.append(CellError(row.number, column_of.get(key, ""), message))

        for key, name, _note, required in COLUMNS:
            if required and not values[key]:
                err(key, _("「%(name)s」必填") % {"name": name})
        if values["username"] and not re.fullmatch(r"[\w.@+-]{1,150}", values["username"]):
            err("username", _("登录名只能含字母、数字和 . @ + - _"))
        elif values["username"] in seen:
            err("username", _("登录名与第%(row)d行重复") % {"row": seen[values["username"]]})
        seen.setdefault(values["username"], row.number)
        for key, limit in (("name", 64), ("organisation", 200), ("title", 100), ("conflict_statement", 2000)):
            if len(values[key]) > limit:
                err(key, _("最多%(n)d字") % {"n": limit})
        if values["province"] and values["province"].zfill(2) not in provinces:
            err("province", _("未知的省份代码：%(code)s") % {"code": values["province"][:12]})
        fields = (
            [FIELD_BY_LABEL.get(w, w) for w in split_words(values["fields"], 20, 60)]
            if values["fields"]
            else []
        )
        unknown = [w for w in fields if w not in {v for v, _ in FIELD_CHOICES}]
        if unknown:
            err("fields", _("未知的专业领域：%(v)s") % {"v": "、".join(unknown[:5])})
        parsed = {"fields": fields}
        for key, fn in (("keywords", lambda t: split_words(t, MAX_KEYWORDS)),
                        ("conflict_counties", counties_from)):  # fmt: skip
            try:
                parsed[key] = fn(values[key])
            except forms.ValidationError as e:
                err(key, "；".join(e.messages))
        orgs = [o.strip() for o in re.split(r"[；;\n]", values["conflict_orgs"]) if o.strip()]
        if len(orgs) > MAX_CONFLICTS or any(len(o) > 200 for o in orgs):
            err("conflict_orgs", _("须回避的单位最多%(n)d个，每个最多200字") % {"n": MAX_CONFLICTS})
        if values["email"]:
            try:
                forms.EmailField(max_length=254).clean(values["email"])
            except forms.ValidationError:
                err("email", _("电子邮箱格式不正确"))
        existing = User.objects.filter(username=values["username"]).first() if values["username"] else None
        if existing is not None and not has_role(existing, Role.EXPERT):
            err("username", _("该登录名已被非专家账户使用"))
        rows.append(
            {
                **values,
                **parsed,
                "conflict_orgs": orgs,
                "province": values["province"].zfill(2),
                "row": row.number,
            }
        )
    if not rows and not errors:
        errors.append(
            CellError(None, "", _("没有专家数据行（从第%(row)d行起填写）") % {"row": FIRST_DATA_ROW})
        )
    return rows, errors


def check_upload(upload) -> tuple[bytes | None, str]:
    data = upload.read(max_bytes("monitoring") + 1)
    found = check_file(
        upload.name or "experts.xlsx", data, ("xlsx",), max_bytes("monitoring"), size=upload.size
    )
    return (data, "") if not found.code else (None, problem_text(found))


def import_rows(actor, rows: list[dict]) -> tuple[int, int]:
    """Create or update every row (one transaction, audited). Returns (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        for r in rows:
            user = User.objects.filter(username=r["username"]).first()
            if user is None:
                user = User.objects.create_user(
                    username=r["username"], email=r["email"], display_name=r["name"]
                )
                user.set_unusable_password()
                user.save(update_fields=["password"])
            if not has_role(user, Role.EXPERT):
                grant_role(actor, user, Role.EXPERT)
            expert = Expert.objects.filter(user=user).first()
            is_new = expert is None
            expert = expert or Expert(user=user)
            expert.name, expert.organisation, expert.province_id = r["name"], r["organisation"], r["province"]
            expert.title, expert.fields, expert.keywords = r["title"], r["fields"], r["keywords"]
            expert.conflict_orgs, expert.conflict_statement = r["conflict_orgs"], r["conflict_statement"]
            expert.save()
            expert.conflict_counties.set(r["conflict_counties"])
            created, updated = created + is_new, updated + (not is_new)
        record(actor, "expert.import", summary=f"导入专家库：新增{created}人，更新{updated}人")
    return created, updated
