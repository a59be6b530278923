"""The pages: each role's desk, the report, the county's form, acts with confirmation, deadlines, realism."""

import datetime as dt

import pytest

from innocounty.common import clock

from .conftest import FILLED_AT

pytestmark = pytest.mark.django_db


def form_data(report) -> dict:
    from innocounty.programme import KeyTask

    data = {"revision": str(report.revision), "problems": "（演示）存在的问题是人才不足，投入不足，需要持续改进。",
            "next_steps": "（演示）下一步将加强平台建设，推动成果转化，完善政策体系。", "fund_central": "10",
            "ms_0_status": "done", "ms_0_note": "", "policy_0_title": "（演示）政策一", "policy_0_issued": "2024-03-01",
            "policy_0_note": ""}  # fmt: skip
    for t in KeyTask:
        data[f"task_{t.value}_status"] = "done"
        data[f"task_{t.value}_text"] = "（演示）本年度完成了该项任务的主要工作。"
    for code in ("I01", "I02", "I03"):
        data[f"target_{code}_actual"] = "2.5"
        data[f"target_{code}_reason"] = "统计年报"
    return data


def get(client, user, url):
    client.force_login(user)
    with clock.at(FILLED_AT):
        return client.get(url)


def post(client, user, url, data):
    client.force_login(user)
    with clock.at(FILLED_AT):
        return client.post(url, data)


def test_the_route_through_the_pages(client, cast, report):
    url = f"/construction/reports/{report.pk}/"
    assert get(client, cast.county, "/construction/").status_code == 200
    page = get(client, cast.county, f"{url}edit/")
    assert page.status_code == 200 and "重点任务进展" in page.content.decode()
    saved = post(client, cast.county, f"{url}edit/", form_data(report))
    assert saved.status_code == 302
    report.refresh_from_db()
    assert (
        report.content["funds"]["central"] == 10
        and report.content["policies"][0]["title"] == "（演示）政策一"
    )
    detail = get(client, cast.county, url).content.decode()
    assert 'data-testid="do-submit"' in detail and 'data-testid="confirm-submit"' in detail
    post(
        client, cast.county, f"{url}act/submit/", {}
    )  # without the confirmation: refused, shown as a message
    report.refresh_from_db()
    assert report.state == "draft"
    post(client, cast.county, f"{url}act/submit/", {"confirm": "1"})
    report.refresh_from_db()
    assert report.state == "submitted"
    assert get(client, cast.county, f"{url}edit/").status_code == 403
    review = get(client, cast.province, url).content.decode()
    assert 'name="reason_tasks"' in review and 'data-testid="do-pass"' in review
    post(client, cast.province, f"{url}act/return/", {"reason": "请修改", "reason_tasks": "进展说明过于简略"})
    report.refresh_from_db()
    assert report.state == "returned_by_province"
    edit = get(client, cast.county, f"{url}edit/").content.decode()
    assert "进展说明过于简略" in edit and 'data-testid="shown-reason-tasks"' in edit
    assert post(client, cast.province_zj, f"{url}act/pass/", {"confirm": "1"}).status_code == 404
    assert get(client, cast.ministry, url).status_code == 404  # not passed by the province
    assert "待审核的报告" in get(client, cast.province, "/construction/").content.decode()


def test_edit_errors_are_shown_and_nothing_stored(client, cast, report):
    data = form_data(report)
    data["fund_central"] = "-5"
    page = post(client, cast.county, f"/construction/reports/{report.pk}/edit/", data)
    assert page.status_code == 200 and 'data-testid="errors"' in page.content.decode()
    report.refresh_from_db()
    assert report.revision == 0


def test_desks_by_role(client, cast, report):
    for user in (cast.province, cast.ministry, cast.auditor):
        assert get(client, user, "/construction/").status_code == 200
    assert get(client, cast.expert, "/construction/").status_code == 403
    project = report.project
    assert get(client, cast.county, f"/construction/projects/{project.pk}/").status_code == 200
    assert get(client, cast.county_guan, f"/construction/projects/{project.pk}/").status_code == 404
    assert get(client, cast.ministry, f"/construction/projects/{project.pk}/").status_code == 200
    realism = get(client, cast.county, f"/construction/applications/{project.application_id}/realism/")
    assert realism.status_code == 200 and "目标合理性" in realism.content.decode()


def test_deadlines(client, cast, cbatch):
    url = f"/construction/batches/{cbatch.pk}/deadlines/"
    assert "2025-03-31" in get(client, cast.ministry, url).content.decode()
    assert post(client, cast.province, f"{url}set/", {"year": "2024", "due": "2025-04-30"}).status_code == 403
    post(client, cast.ministry, f"{url}set/", {"year": "2024", "due": "2025-04-30"})
    from innocounty.construction.models import due_date

    assert due_date(cbatch.pk, 2024) == dt.date(2025, 4, 30)
    for bad in ({"year": "2030", "due": "2031-01-01"}, {"year": "2024", "due": "2027-01-01"},
                {"year": "2024", "due": "soon"}, {"year": "x"}):  # fmt: skip
        post(client, cast.ministry, f"{url}set/", bad)
    assert due_date(cbatch.pk, 2024) == dt.date(2025, 4, 30)
    post(client, cast.ministry, f"{url}set/", {"year": "2024", "due": ""})
    assert due_date(cbatch.pk, 2024) == dt.date(2025, 3, 31)


def test_attachments(client, cast, report, media):
    url = f"/construction/reports/{report.pk}/attachments/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.county)
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    client.post(url, {"file": bad})
    assert not report.attachments.exists()
    pdf = SimpleUploadedFile(
        "证明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
    client.post(url, {"file": pdf, "title": "佐证"})
    attachment = report.attachments.get()
    assert get(client, cast.county, f"/construction/attachments/{attachment.pk}/").status_code == 200
    assert get(client, cast.county_guan, f"/construction/attachments/{attachment.pk}/").status_code == 404
    client.force_login(cast.county_guan)
    assert client.post(url, {"file": pdf}).status_code == 404
