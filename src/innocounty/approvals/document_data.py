"""The contexts of the four documents, from the database: the public notice and the publication notice
of a batch's list, a province's recommendation letter, a county's application form (申报书)."""

from __future__ import annotations

import re
from html import unescape

from innocounty.applications.models import Application
from innocounty.approvals.documents import Table, chinese_date
from innocounty.approvals.models import ApprovalList, DocumentKind
from innocounty.common.labels import belt_label, key_task_label, section_title, theme_label
from innocounty.evaluations.queries import county_position
from innocounty.programme import ApplicationState, Theme
from innocounty.programme.approval_rules import ListDecision
from innocounty.programme.balance import THREE_BELTS, Belt
from innocounty.programme.plans import KeyTask, PlanSection

S = ApplicationState
TAGS = re.compile(r"<[^>]{0,2000}>")


def _theme(value) -> str:
    return theme_label(Theme(value)) if value else "—"


def _list_rows(apps) -> list[list[str]]:
    """序号, 区域, 省份, 县（市）, 建设主题 — by belt, then theme, then code (as the notices are laid out)."""
    order = {b: i for i, b in enumerate(Belt)}
    themes = {t.value: i for i, t in enumerate(Theme)}
    apps = sorted(apps, key=lambda a: (order[THREE_BELTS[a.county.province_id]], themes.get(a.theme, 9), a.county_id))
    return [[str(n), belt_label(THREE_BELTS[a.county.province_id]), a.county.province.name, a.county.name, _theme(a.theme)]
            for n, a in enumerate(apps, 1)]  # fmt: skip


COLUMNS = ("序号", "区域", "省份", "县（市）", "建设主题")


def list_context(lst: ApprovalList, kind: str) -> dict:
    approved = lst.entries.filter(decision=ListDecision.APPROVE.value).values("application_id")
    apps = list(Application.objects.filter(pk__in=approved).select_related("county__province"))
    values = {"batch": lst.batch.name, "year": lst.batch.year, "count": len(apps),
              "notice_starts": chinese_date(lst.notice_starts), "notice_ends": chinese_date(lst.notice_ends),
              "document_number": lst.document_number, "document_date": chinese_date(lst.document_date)}  # fmt: skip
    heading = ("创新型县（市）建设名单（公示）" if kind == DocumentKind.PUBLIC_NOTICE else "创新型县（市）建设名单")
    date = lst.notice_starts if kind == DocumentKind.PUBLIC_NOTICE else lst.document_date
    return {"values": values, "number": lst.document_number if kind == DocumentKind.PUBLICATION else "",
            "date_text": chinese_date(date), "tables": [Table(heading, COLUMNS, _list_rows(apps))]}  # fmt: skip


LETTER_STATES = (S.RECOMMENDED, S.FORWARDED, S.FORMAL_REVIEW_PASSED, S.FORMAL_REVIEW_FAILED,
                 S.SELECTED_FOR_CONSULTATION, S.NOT_SELECTED, S.APPROVED, S.NOT_APPROVED, S.HELD)  # fmt: skip


def letter_context(batch, province) -> dict:
    apps = list(Application.objects.filter(batch=batch, county__province=province, state__in=[s.value for s in LETTER_STATES])
                .select_related("county").order_by("recommendation_priority", "county_id"))  # fmt: skip
    rows = [[str(a.recommendation_priority or n), a.county.name, _theme(a.theme)] for n, a in enumerate(apps, 1)]
    submitted = batch.provinces.filter(province=province).values_list("list_submitted_at", flat=True).first()
    values = {"batch": batch.name, "year": batch.year, "count": len(apps), "province": province.name}
    return {"values": values, "date_text": chinese_date(submitted.date()) if submitted else "",
            "tables": [Table(f"{province.name}推荐创新型县（市）名单（按推荐顺序）", ("推荐顺序", "县（市）", "建设主题"), rows)]}  # fmt: skip


def _text(html: str) -> list[str]:
    text = unescape(TAGS.sub("\n", html or ""))
    return [line.strip() for line in text.splitlines() if line.strip()]


def form_context(app: Application) -> dict:
    plan = app.plan()
    years = app.batch.construction_years
    sections = [(f"{n}、{section_title(s)}", _text((app.sections or {}).get(s.value, ""))) for n, s in
                enumerate(PlanSection, 1)]  # fmt: skip
    sections.append(("重点任务", [f"{key_task_label(k)}：{(app.key_tasks or {}).get(k.value, '—')}" for k in KeyTask]))
    run = app.batch.evaluation_run()
    position = county_position(run, app.county_id) if run else None
    if position is not None and position.national_rank:
        monitoring = [f"{run.year}年度监测评价：综合指数{(position.index_score or 0):.2f}，全国排名第{position.national_rank}位"
                      f"（共{position.national_n}个）。"]  # fmt: skip
    else:
        monitoring = ["尚无该县（市）的监测评价结果。"]
    sections.append(("县（市）监测评价情况", monitoring))
    targets = Table("量化目标", ("指标", "基期值", *[f"{y}年" for y in years]),
                    [[t.indicator_name or t.indicator_code, "—" if t.baseline is None else f"{t.baseline:g}",
                      *[("—" if t.values.get(y) is None else f"{t.values[y]:g}") for y in years]] for t in plan.targets])  # fmt: skip
    milestones = Table("进度安排", ("年度", "节点任务"), [[str(m.year), m.text] for m in plan.milestones])
    values = {"county": app.county.name, "province": app.county.province.name, "batch": app.batch.name,
              "theme": _theme(app.theme), "years": f"{years[0]}—{years[-1]}年" if years else "—"}  # fmt: skip
    return {"values": values, "sections": sections, "tables": [targets, milestones], "attach_tables": False,
            "date_text": "　　年　　月　　日",
            "seal_blocks": ("县（市）人民政府（盖章）", "主要负责人（签字）：＿＿＿＿＿＿",
                            "省级科技管理部门意见：＿＿＿＿＿＿（盖章）")}  # fmt: skip
