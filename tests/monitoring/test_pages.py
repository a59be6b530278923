"""The pages: permission scopes on every page, and the upload → report → confirm → submit → accept flow."""

import pytest
from django.urls import reverse

from innocounty.monitoring.models import DataComment, IndicatorValue, Upload, UploadStatus
from innocounty.monitoring.uploads import UploadedFile, receive_upload
from innocounty.monitoring.workflow import perform

USERS = ["ministry", "auditor", "north_officer", "south_officer", "county_officer", "other_county_officer", "expert"]


@pytest.fixture
def world(north_submission, north_officer, valid_north_workbook, framework):
    upload = receive_upload(north_submission, north_officer, UploadedFile("北测.xlsx", valid_north_workbook))
    return {
        "round": north_submission.data_round, "submission": north_submission, "upload": upload,
        "framework": framework,
    }


def page_urls(world):
    r, s, u, f = world["round"].pk, world["submission"].pk, world["upload"].pk, world["framework"].pk
    return {
        "rounds": reverse("monitoring:rounds"),
        "round_create": reverse("monitoring:round_create"),
        "round": reverse("monitoring:round", args=[r]),
        "round_export": reverse("monitoring:round_export", args=[r]),
        "county": reverse("monitoring:county", args=[r, "970121"]),
        "submission": reverse("monitoring:submission", args=[s]),
        "template": reverse("monitoring:template", args=[s]),
        "submission_export": reverse("monitoring:submission_export", args=[s]),
        "upload": reverse("monitoring:upload", args=[u]),
        "upload_file": reverse("monitoring:upload_file", args=[u]),
        "frameworks": reverse("monitoring:frameworks"),
        "framework": reverse("monitoring:framework", args=[f]),
        "framework_import": reverse("monitoring:framework_import"),
    }


# page → users allowed (everyone else gets 403); "round" redirects provincial officers to their submission.
ALLOWED = {
    "rounds": set(USERS),
    "round_create": {"ministry"},
    "round": {"ministry", "auditor"},
    "round_export": {"ministry", "auditor"},
    "county": {"ministry", "auditor", "north_officer", "county_officer"},
    "submission": {"ministry", "auditor", "north_officer"},
    "template": {"north_officer"},
    "submission_export": {"ministry", "auditor", "north_officer"},
    "upload": {"ministry", "auditor", "north_officer"},
    "upload_file": {"ministry", "auditor", "north_officer"},
    "frameworks": set(USERS),
    "framework": set(USERS),
    "framework_import": {"ministry"},
}


@pytest.mark.parametrize("who", USERS)
def test_every_page_scope(client, world, who, request):
    client.force_login(request.getfixturevalue(who))
    for name, url in page_urls(world).items():
        response = client.get(url)
        if name == "round" and who in ("north_officer", "south_officer"):  # sent to their own submission
            assert response.status_code == 302 and response.url.startswith("/monitoring/submissions/")
            continue
        expected = 200 if who in ALLOWED[name] else 403
        assert response.status_code == expected, (name, who, response.status_code)


def test_anonymous_is_sent_to_login(client, world):
    for url in page_urls(world).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response.url


def test_missing_objects_are_404(client, ministry, world):
    client.force_login(ministry)
    for url in (reverse("monitoring:submission", args=[9999]), reverse("monitoring:upload", args=[9999]),
                reverse("monitoring:county", args=[world["round"].pk, "999999"])):
        assert client.get(url).status_code == 404


def test_upload_with_errors_lists_every_problem(client, north_officer, north_submission, make_workbook):
    client.force_login(north_officer)
    data = make_workbook([("970121", {"I01": "很多", "I02": 101}), ("970199", {})])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                           {"file": SimpleUploadedFile("北测.xlsx", data)}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "文件有错误，未导入任何数据" in html
    for expected in ("工作表", "单元格值", "很多", "非数值", "百分比超出 0–100", "未知的行政区划代码", "970199"):
        assert expected in html
    assert not IndicatorValue.objects.exists()


def test_spoofed_upload_is_refused_on_the_page(client, north_officer, north_submission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(north_officer)
    response = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                           {"file": SimpleUploadedFile("data.xlsx", b"a,b\n1,2\n")}, follow=True)
    assert "内容不是 Excel 工作簿" in response.content.decode()
    assert Upload.objects.get().status == UploadStatus.REFUSED


def test_full_flow_through_the_pages(client, north_officer, ministry, north_submission, valid_north_workbook):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(north_officer)
    template = client.get(reverse("monitoring:template", args=[north_submission.pk]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                {"file": SimpleUploadedFile("北测.xlsx", valid_north_workbook)})
    assert Upload.objects.get().status == UploadStatus.IMPORTED
    page = client.get(reverse("monitoring:submission", args=[north_submission.pk])).content.decode()
    assert 'data-testid="confirm-submit"' in page and "报送科技部审核" in page  # the consequence, a checkbox
    client.post(reverse("monitoring:transition", args=[north_submission.pk, "submit"]))  # not confirmed
    north_submission.refresh_from_db()
    assert north_submission.state == "draft" and not north_submission.transitions.exists()
    client.post(reverse("monitoring:transition", args=[north_submission.pk, "submit"]), {"confirm": "1"})
    north_submission.refresh_from_db()
    assert north_submission.state == "submitted"
    client.force_login(ministry)
    page = client.get(reverse("monitoring:submission", args=[north_submission.pk])).content.decode()
    assert "退回" in page and "接收" in page
    client.post(reverse("monitoring:transition", args=[north_submission.pk, "return"]), {"reason": "请核实 I03"})
    north_submission.refresh_from_db()
    assert north_submission.state == "returned" and north_submission.return_reason == "请核实 I03"


def test_warning_confirmation_on_the_page(client, north_officer, north_submission, make_workbook):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(north_officer)
    data = make_workbook([("970121", {})], edit=lambda sheet: sheet.cell(1, 40, "备注"))
    response = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                           {"file": SimpleUploadedFile("北测.xlsx", data)}, follow=True)
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.NEEDS_CONFIRMATION and "我已核实以上警告" in response.content.decode()
    url = reverse("monitoring:upload_confirm", args=[upload.pk])
    client.post(url)  # without ticking the box: nothing happens
    upload.refresh_from_db()
    assert upload.status == UploadStatus.NEEDS_CONFIRMATION
    client.post(url, {"confirm": "yes"})
    upload.refresh_from_db()
    assert upload.status == UploadStatus.IMPORTED and IndicatorValue.objects.exists()


def test_foreign_province_cannot_post(client, south_officer, north_submission, valid_north_workbook, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(south_officer)
    response = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                           {"file": SimpleUploadedFile("x.xlsx", valid_north_workbook)})
    assert response.status_code == 403
    assert client.post(reverse("monitoring:transition", args=[north_submission.pk, "submit"])).status_code == 403


def test_county_officer_comments_on_own_row_only(client, county_officer, north_officer, world):
    client.force_login(county_officer)
    url = reverse("monitoring:county", args=[world["round"].pk, "970121"])
    page = client.get(url).content.decode()
    assert "县（市）本级财政科学技术支出" in page and "北测.xlsx" in page
    client.post(url, {"text": "I01 应为 12 万元", "indicator_code": "I01"})
    comment = DataComment.objects.get()
    assert comment.author == county_officer and comment.indicator_code == "I01"
    other = reverse("monitoring:county", args=[world["round"].pk, "970122"])
    assert client.post(other, {"text": "x"}).status_code == 403


def test_round_can_be_opened_and_closed(client, ministry, framework, provinces):
    client.force_login(ministry)
    response = client.post(reverse("monitoring:round_create"),
                           {"year": 2030, "framework": framework.pk, "deadline": "2031-03-31", "notes": ""})
    from innocounty.monitoring.models import DataRound

    data_round = DataRound.objects.get(year=2030)
    assert response.status_code == 302 and data_round.submissions.filter(province__code__in=["97", "98"]).count() == 2
    again = client.post(reverse("monitoring:round_create"),
                        {"year": 2030, "framework": framework.pk, "deadline": "2031-03-31"})
    assert "已存在" in again.content.decode()
    page = client.get(reverse("monitoring:round", args=[data_round.pk])).content.decode()
    assert 'data-testid="confirm-close-round"' in page and "尚有" in page
    refused = client.post(reverse("monitoring:round_close", args=[data_round.pk]), follow=True)  # not confirmed
    data_round.refresh_from_db()
    assert data_round.status == "open" and "须确认" in refused.content.decode()
    client.post(reverse("monitoring:round_close", args=[data_round.pk]), {"confirm": "1"})
    data_round.refresh_from_db()
    assert data_round.status == "closed"


def test_activating_a_framework_on_its_page_needs_confirmation(client, ministry, world):
    from innocounty.audit.models import AuditEvent
    from innocounty.monitoring.models import Framework

    draft = Framework.objects.create(code=world["framework"].code, version="99", name="新版", source_name="x.csv",
                                     source_sha256="1" * 64)  # fmt: skip
    client.force_login(ministry)
    url = reverse("monitoring:framework", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="confirm-activate-framework"' in page and "上一版本被取代" in page
    refused = client.post(reverse("monitoring:framework_activate", args=[draft.pk]), follow=True)
    assert "须确认" in refused.content.decode()
    assert Framework.objects.get(pk=draft.pk).status == "draft"
    assert Framework.objects.get(pk=world["framework"].pk).status == "active"
    client.post(reverse("monitoring:framework_activate", args=[draft.pk]), {"confirm": "1"})
    assert Framework.objects.get(pk=draft.pk).status == "active"
    assert Framework.objects.get(pk=world["framework"].pk).status == "superseded"
    actions = set(AuditEvent.objects.filter(action__startswith="framework.").values_list("action", flat=True))
    assert actions == {"framework.activate", "framework.supersede"}


def test_accepted_submission_shows_locked(client, north_officer, ministry, world):
    perform(world["submission"], "submit", north_officer, confirm=True)
    perform(world["submission"], "accept", ministry, confirm=True)
    client.force_login(north_officer)
    page = client.get(reverse("monitoring:submission", args=[world["submission"].pk])).content.decode()
    assert "数据已锁定" in page and "上传并校验" not in page


def test_home_page_todos(client, north_officer, ministry, county_officer, world):
    client.force_login(north_officer)
    assert "2024 年度监测数据待填报提交" in client.get("/").content.decode()
    perform(world["submission"], "submit", north_officer, confirm=True)
    client.force_login(ministry)
    assert "1 个省份已提交 2024 年度监测数据，待审核" in client.get("/").content.decode()
    client.force_login(county_officer)
    assert "核对本县 2024 年度监测数据" in client.get("/").content.decode()


def test_navigation_entry(client, north_officer, expert, world):
    client.force_login(north_officer)
    assert 'href="/monitoring/"' in client.get("/").content.decode()
    client.force_login(expert)
    assert 'href="/monitoring/"' not in client.get("/").content.decode()


def test_oversize_page_upload_reports_the_real_size(client, settings, north_officer, north_submission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MONITORING_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(north_officer)
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024))
    response = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]), {"file": big}, follow=True)
    assert "文件大小 3.0 MiB，超过上限 1.0 MiB" in response.content.decode()
    assert Upload.objects.get().size == 3 * 1024 * 1024 + 4


@pytest.mark.parametrize("who", ["auditor", "north_officer", "south_officer", "county_officer", "expert"])
def test_ministry_only_posts_are_refused(client, world, who, request):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(request.getfixturevalue(who))
    r, f = world["round"].pk, world["framework"].pk
    assert client.post(reverse("monitoring:round_close", args=[r])).status_code == 403
    assert client.post(reverse("monitoring:framework_activate", args=[f])).status_code == 403
    assert client.post(reverse("monitoring:round_create"), {"year": 2040}).status_code == 403
    assert client.post(reverse("monitoring:framework_import"),
                       {"code": "x", "file": SimpleUploadedFile("x.csv", b"code\n")}).status_code == 403
    for action in ("accept", "return"):
        response = client.post(reverse("monitoring:transition", args=[world["submission"].pk, action]),
                               {"reason": "理由"})
        assert response.status_code == 403


@pytest.mark.parametrize("who", ["ministry", "auditor", "south_officer", "county_officer"])
def test_province_only_posts_are_refused(client, world, make_workbook, who, request):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(request.getfixturevalue(who))
    s = world["submission"].pk
    data = make_workbook([("970121", {})])
    assert client.post(reverse("monitoring:upload_create", args=[s]),
                       {"file": SimpleUploadedFile("x.xlsx", data)}).status_code == 403
    assert client.post(reverse("monitoring:upload_confirm", args=[world["upload"].pk]),
                       {"confirm": "yes"}).status_code == 403
    response = client.post(reverse("monitoring:transition", args=[s, "submit"]))
    assert response.status_code == 403
