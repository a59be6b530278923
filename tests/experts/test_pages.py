"""The pages: the ministry's pool (filters, add, edit, deactivate, import with per-cell errors), the panel
page (propose, adjust, confirm), the expert's tasks (accept, declare, review) and the reviews page."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.experts import importing, services
from innocounty.experts.models import Assignment, Expert, Review
from innocounty.programme.scoring import DEFAULT_RUBRIC

pytestmark = pytest.mark.django_db


def _workbook(rows) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(importing.build_template()))
    sheet = book.active
    sheet.delete_rows(4, 10)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_pool_pages_are_the_ministrys(client, world):
    cast = world["cast"]
    for user in (cast.expert, cast.province, cast.county):
        client.force_login(user)
        assert client.get(reverse("experts:pool")).status_code == 403
        assert client.post(reverse("experts:toggle", args=[world["experts"]["wang"].pk])).status_code == 403
    client.force_login(cast.ministry)
    page = client.get(
        reverse("experts:pool"), {"province": "31", "field": "industry", "active": "1"}
    ).content.decode()
    assert "王专家" in page and "李专家" not in page
    assert client.get(reverse("experts:pool"), {"province": "９９", "page": "x" * 30}).status_code == 200


def test_ministry_adds_edits_and_deactivates_an_expert(client, world):
    client.force_login(world["cast"].ministry)
    data = {
        "username": "new_expert",
        "name": "周专家",
        "organisation": "某大学",
        "province": "32",
        "fields": ["ecology"],
        "keywords": "湿地 生态",
        "conflict_counties": "330523 9999",
        "conflict_orgs": "",
        "conflict_statement": "",
    }
    response = client.post(reverse("experts:add"), data)
    assert response.status_code == 200 and "6位数字" in response.content.decode()
    data["conflict_counties"] = "330523"
    assert client.post(reverse("experts:add"), data).status_code == 302
    expert = Expert.objects.get(user__username="new_expert")
    assert expert.keywords == ["湿地", "生态"] and list(
        expert.conflict_counties.values_list("code", flat=True)
    ) == ["330523"]
    assert (
        client.post(reverse("experts:edit", args=[expert.pk]), {**data, "name": "周教授"}).status_code == 302
    )
    client.post(reverse("experts:toggle", args=[expert.pk]))
    expert.refresh_from_db()
    assert expert.name == "周教授" and not expert.active


def test_import_is_all_or_nothing_with_per_cell_errors(client, world):
    client.force_login(world["cast"].ministry)
    assert client.get(reverse("experts:template")).status_code == 200
    bad = _workbook(
        [
            ["imp_a", "甲", "单位", "11", "", "industry", "", "", "", "", ""],
            ["imp_b", "", "单位", "77", "", "flying", "", "12345", "", "", "not-an-email"],
        ]
    )
    response = client.post(reverse("experts:import"), {"file": SimpleUploadedFile("e.xlsx", bad)})
    text = response.content.decode()
    assert response.status_code == 422
    for fragment in ("「姓名」必填", "未知的省份代码", "未知的专业领域", "6位数字", "电子邮箱格式不正确"):
        assert fragment in text
    assert not Expert.objects.filter(user__username__startswith="imp_").exists()
    good = _workbook(
        [
            [
                "imp_a",
                "甲",
                "单位",
                "11",
                "教授",
                "industry leading_industry",
                "农业",
                "330523",
                "某公司；某院",
                "",
                "",
            ]
        ]
    )
    assert (
        client.post(reverse("experts:import"), {"file": SimpleUploadedFile("e.xlsx", good)}).status_code
        == 302
    )
    e = Expert.objects.get(user__username="imp_a")
    assert e.fields == ["industry", "leading_industry"] and e.conflict_orgs == ["某公司", "某院"]
    refused = client.post(
        reverse("experts:import"), {"file": SimpleUploadedFile("e.xlsx", b"not a workbook")}
    )
    assert refused.status_code == 422


def test_panel_page_propose_adjust_confirm(client, world):
    cast, batch = world["cast"], world["batch"]
    client.force_login(cast.ministry)
    client.post(reverse("experts:settings", args=[batch.pk]), {"panel_size": 2, "max_load": 3})
    client.post(reverse("experts:propose", args=[batch.pk]), {"time_limit": 5})
    page = client.get(reverse("experts:batch", args=[batch.pk])).content.decode()
    assert 'data-testid="min-match"' in page and "贪心" in page
    response = client.post(
        reverse("experts:slot", args=[batch.pk]),
        {"application": world["apps"]["zhengding"].pk, "expert": world["experts"]["qian"].pk},
        follow=True,
    )
    assert "同属一个省份" in response.content.decode()  # the rule named
    client.post(reverse("experts:confirm", args=[batch.pk]), {"confirm": "1"})
    assert Assignment.objects.filter(state="invited").count() == 6
    assert (
        client.get(reverse("experts:replacements", args=[batch.pk, world["apps"]["anji"].pk])).status_code
        == 200
    )
    client.force_login(cast.province)
    assert client.get(reverse("experts:batch", args=[batch.pk])).status_code == 403


def test_expert_accepts_declares_scores_and_submits_on_the_pages(client, world):
    cast, batch = world["cast"], world["batch"]
    _, slot = services.assign_slot(cast.ministry, batch, world["apps"]["zhengding"], world["experts"]["li"])
    services.confirm_proposal(cast.ministry, batch)
    client.force_login(cast.expert)
    assert f'data-testid="accept-{slot.pk}"' in client.get(reverse("experts:mine")).content.decode()
    client.post(reverse("experts:act", args=[slot.pk, "accept"]))
    assert client.get(reverse("experts:review", args=[slot.pk])).status_code == 302  # not declared yet
    client.post(reverse("experts:act", args=[slot.pk, "declare"]), {"declaration": "1", "confirm": "1"})
    slot.refresh_from_db()
    assert slot.state == "declared"
    form = {f"score_{c.code}": "8" for c in DEFAULT_RUBRIC.criteria}
    response = client.post(
        reverse("experts:review", args=[slot.pk]), {**form, "score_section_basis": "abc", "submit": "0"}
    )
    assert response.status_code == 422
    client.post(
        reverse("experts:review", args=[slot.pk]), {**form, "recommendation": "approve", "submit": "0"}
    )
    assert Review.objects.get().state == "draft"
    client.post(
        reverse("experts:review", args=[slot.pk]),
        {**form, "recommendation": "approve", "submit": "1", "confirm": "1"},
    )
    review = Review.objects.get()
    assert review.state == "submitted" and review.total == 80.0
    assert (
        client.get(reverse("experts:panel", args=[slot.application_id])).status_code == 403
    )  # not the ministry's view
    client.force_login(cast.ministry)
    page = client.get(reverse("experts:panel", args=[slot.application_id])).content.decode()
    assert "80.00" in page
    client.post(reverse("experts:reopen", args=[review.pk]), {"reason": "请补充", "confirm": "1"})
    review.refresh_from_db()
    assert review.state == "reopened"
    assert client.get(reverse("experts:rubric", args=[batch.pk])).status_code == 200


def test_expert_edits_own_profile_and_conflicts(client, world):
    client.force_login(world["cast"].expert)
    data = {
        "name": "李专家",
        "organisation": "新单位",
        "province": "11",
        "fields": ["industry"],
        "keywords": "",
        "conflict_counties": "130123",
        "conflict_orgs": "正定县人民政府",
        "conflict_statement": "曾任顾问",
    }
    assert client.post(reverse("experts:profile"), data).status_code == 302
    e = world["experts"]["li"]
    e.refresh_from_db()
    assert e.organisation == "新单位" and e.conflict_orgs == ["正定县人民政府"]
    outcome, _ = services.assign_slot(world["cast"].ministry, world["batch"], world["apps"]["zhengding"], e)
    assert "expert_conflict_county" in outcome.decision.codes


def test_navigation_the_expert_has_an_entry_the_ministry_reaches_it_from_reviews(client, world):
    client.force_login(world["cast"].expert)
    assert 'href="/experts/"' in client.get("/").content.decode()
    client.force_login(world["cast"].ministry)
    assert 'data-testid="experts-link"' in client.get(reverse("reviews:index")).content.decode()
    client.force_login(world["cast"].province)
    assert 'data-testid="experts-link"' not in client.get(reverse("reviews:index")).content.decode()
