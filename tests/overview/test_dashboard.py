"""The programme dashboard (/overview/): figures against hand counts, who sees which states, the panel
registry, the map data and the exports."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from innocounty.common import panels as registry
from innocounty.common.panels import Panel, register_figure, register_panel, unregister_panel
from innocounty.overview.programme_data import HELD, NOT_APPROVED, stage_counts, used_states, workflow_states

from .conftest import approve, make_batch

pytestmark = pytest.mark.django_db
URL = reverse("overview:dashboard")


@pytest.fixture
def lifecycle(db, users):
    """Hand-counted: 2018 batch: 3 approved (2 Hebei, 1 Zhejiang; industry, industry, ecology), 1 not approved;
    2023 batch: 2 approved (Zhejiang, livelihood), 1 held, 2 drafts, 1 submitted."""
    author = users["ministry"]
    first, second = make_batch("2018年第一批（测试）", 2018), make_batch("2023年第二批（测试）", 2023)
    approve(first, ["130123", "131022"], author)
    approve(first, ["330523"], author, theme="ecology")
    approve(first, ["130125"], author, state=NOT_APPROVED)
    approve(second, ["330421", "330521"], author, theme="livelihood")
    approve(second, ["330483"], author, state=HELD)
    approve(second, ["130126", "130127"], author, state="draft")
    approve(second, ["130181"], author, state="submitted")
    return first, second


def panel(response, key):
    return next(p for p in response.context["panels"] if p.key == key)


def test_stage_counts_by_batch_for_the_ministry(client_for, users, lifecycle):
    response = client_for(users["ministry"]).get(URL)
    assert response.status_code == 200
    stages = panel(response, "stages")
    # Columns: the workflow table's states that hold an application, in the table's order.
    assert stages.columns == ["批次", "年度", "草稿", "已提交", "批准建设", "未获批准", "暂缓", "合计"]
    assert stages.rows == [["2018年第一批（测试）", 2018, 0, 0, 3, 1, 0, 4],
                           ["2023年第二批（测试）", 2023, 2, 1, 2, 0, 1, 6]]  # fmt: skip
    assert stages.footer == ["合计", "", 2, 1, 5, 1, 1, 10]
    assert response.context["approved_total"] == 5


@pytest.mark.parametrize("who", ["anonymous", "norole", "hebei", "zhengding"])
def test_everyone_else_sees_only_the_published_stage(client, client_for, users, lifecycle, who):
    c = client if who == "anonymous" else client_for(users[who])
    response = c.get(URL)
    assert response.status_code == 200
    stages = panel(response, "stages")
    assert stages.columns == ["批次", "年度", "批准建设", "合计"]
    assert stages.rows == [["2018年第一批（测试）", 2018, 3, 3], ["2023年第二批（测试）", 2023, 2, 2]]
    html = response.content.decode()
    assert "草稿" not in html and "暂缓" not in html and "公开数据" in html


def test_auditors_see_every_stage(client_for, users, lifecycle):
    assert "草稿" in panel(client_for(users["auditor"]).get(URL), "stages").columns


def test_targets_belts_provinces_themes(client, lifecycle):
    response = client.get(URL)
    targets = panel(response, "targets")
    assert targets.rows == [["2018 年启动建设的县（市）", 50, 3, 6.0]]  # 3 of about 50
    belts = panel(response, "belts")
    assert belts.columns == ["区域", "2018年第一批（测试）", "2023年第二批（测试）", "合计"]
    assert belts.rows == [["东部", 3, 2, 5]] and belts.footer == ["合计", 3, 2, 5]
    assert panel(response, "provinces").rows == [["河北省", 2, 0, 2], ["浙江省", 1, 2, 3]]
    assert panel(response, "themes").rows == [["科技支撑产业发展", 2, 0, 2], ["科技支撑生态文明", 1, 0, 1],
                                             ["科技支撑民生改善", 0, 2, 2]]  # fmt: skip


def test_the_2025_target_row_appears_when_the_acceptance_figure_is_registered(client, lifecycle):
    register_figure("built_by_2025", lambda: 47)
    try:
        rows = panel(client.get(URL), "targets").rows
    finally:
        registry._FIGURES.pop("built_by_2025")
    assert rows[1] == ["到 2025 年建成（通过验收）的县（市）", 100, 47, 47.0]


def test_nothing_but_the_targets_without_applications(client, db):
    response = client.get(URL)
    assert [p.key for p in response.context["panels"]] == ["targets"]
    assert panel(response, "targets").rows[0][2] == 0


def test_a_registered_panel_is_shown_and_exported_and_none_is_left_out(client, lifecycle):
    register_panel(
        "late_reports", lambda user: Panel("逾期报告", ["县（市）", "天数"], [["=1+1", 3]]), order=60
    )
    register_panel("nothing", lambda user: None, order=70)
    try:
        response = client.get(URL)
        assert [p.key for p in response.context["panels"]][-1] == "late_reports"
        assert "nothing" not in response.content.decode()
        body = client.get(reverse("overview:panel_export", args=["late_reports", "csv"])).content.decode(
            "utf-8-sig"
        )
        assert list(csv.reader(io.StringIO(body))) == [["县（市）", "天数"], ["'=1+1", "3"]]
        assert client.get(reverse("overview:panel_export", args=["nothing", "csv"])).status_code == 404
    finally:
        unregister_panel("late_reports")
        unregister_panel("nothing")


def test_exports(client, client_for, users, lifecycle):
    body = client.get(reverse("overview:panel_export", args=["provinces", "csv"])).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1:] == [["河北省", "2", "0", "2"], ["浙江省", "1", "2", "3"],
                                                     ["合计", "3", "2", "5"]]  # fmt: skip
    response = client_for(users["ministry"]).get(reverse("overview:export", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 5
    stages = book[book.sheetnames[0]]
    assert [c.value for c in stages[2]][:3] == ["批次", "年度", "草稿"]
    public = openpyxl.load_workbook(io.BytesIO(client.get(reverse("overview:export", args=["xlsx"])).content))
    assert "草稿" not in [c.value for c in public[public.sheetnames[0]][3]]
    assert client.get(reverse("overview:export", args=["csv"])).status_code == 404
    assert client.get(reverse("overview:export", args=["exe"])).status_code == 404
    assert client.get(reverse("overview:panel_export", args=["nope", "csv"])).status_code == 404


def test_map_data_counts_approved_counties_per_province(client, lifecycle):
    data = client.get(reverse("overview:map_data")).json()
    by_code = {a["code"]: a["value"] for a in data["areas"]}
    assert by_code["13"] == 2 and by_code["33"] == 1 + 2 and by_code["11"] == 0 and data["total"] == 5
    assert len(data["areas"]) == 31 and {a["name"] for a in data["areas"]} >= {"河北", "浙江"}


def test_states_come_from_the_workflow_table(lifecycle):
    assert workflow_states()[:2] == ["draft", "submitted"]
    # The table's order; the approval states (added to the table by the approval branch) in the same order either way.
    assert used_states(stage_counts()) == ["draft", "submitted", "approved", "not_approved", "held"]


def test_a_state_the_table_does_not_know_is_counted_last(users, lifecycle):
    approve(make_batch("2024（测试）", 2024), ["130121"], users["ministry"], state="some_later_stage")
    assert used_states(stage_counts())[-1] == "some_later_stage"


def test_navigation_entry_for_everyone(client):
    assert reverse("overview:dashboard") in client.get(reverse("rankings:list")).content.decode()
