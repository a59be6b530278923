"""An upload that would clear stored values says how many, for which counties, and imports only after
explicit confirmation (issue 8, item 14: re-uploading the blank template emptied a province's data)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innocounty.monitoring.models import IndicatorValue, UploadStatus
from innocounty.monitoring.uploads import UploadedFile, receive_upload

API = "/api/monitoring"


def stored(data_round):
    return IndicatorValue.objects.filter(data_round=data_round, value__isnull=False).count()


def blank(make_workbook):
    return make_workbook([("970121", {}), ("970122", {}), ("970181", {})], fill=False)


def test_blank_template_needs_confirmation_naming_counts_and_counties(north_submission, north_officer,
                                                                      valid_north_workbook, make_workbook, columns):
    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    before = stored(north_submission.data_round)
    assert before == 3 * len(columns)
    upload = receive_upload(north_submission, north_officer, UploadedFile("blank.xlsx", blank(make_workbook)))
    assert upload.status == UploadStatus.NEEDS_CONFIRMATION
    assert stored(north_submission.data_round) == before  # nothing cleared yet
    clears = [i for i in upload.report["issues"] if i["rule"] == "clears_values"]
    summary = clears[0]["message"]
    assert f"{before} 个数值" in summary and "3 个县（市）" in summary and "甲县" in summary and "丙市" in summary
    assert {i["county"] for i in clears[1:]} == {"甲县（970121）", "乙县（970122）", "丙市（970181）"}
    assert all(i["row"] for i in clears[1:])


def test_partial_clear_on_the_page_then_confirmed(client, north_submission, north_officer, valid_north_workbook,
                                                  make_workbook, columns):
    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    client.force_login(north_officer)
    data = make_workbook([("970121", {"I01": None, "I02": None})])
    page = client.post(reverse("monitoring:upload_create", args=[north_submission.pk]),
                       {"file": SimpleUploadedFile("x.xlsx", data)}, follow=True).content.decode()
    assert "将清空已存储的 2 个数值" in page and "我已核实以上警告" in page
    upload = north_submission.uploads.order_by("-pk").first()
    assert upload.status == UploadStatus.NEEDS_CONFIRMATION and stored(north_submission.data_round) == 3 * len(columns)
    client.post(reverse("monitoring:upload_confirm", args=[upload.pk]), {"confirm": "yes"})
    upload.refresh_from_db()
    assert upload.status == UploadStatus.IMPORTED
    assert stored(north_submission.data_round) == 3 * len(columns) - 2


def test_clearing_through_the_api_needs_the_confirm_call(client, north_submission, north_officer,
                                                         valid_north_workbook, make_workbook, columns):
    receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", valid_north_workbook))
    client.force_login(north_officer)
    response = client.post(f"{API}/submissions/{north_submission.pk}/uploads",
                           {"file": SimpleUploadedFile("blank.xlsx", blank(make_workbook))})
    body = response.json()
    assert body["status"] == "needs_confirmation" and any(i["rule"] == "clears_values" for i in body["issues"])
    assert stored(north_submission.data_round) == 3 * len(columns)
    confirmed = client.post(f"{API}/uploads/{body['id']}/confirm", content_type="application/json")
    assert confirmed.json()["status"] == "imported" and stored(north_submission.data_round) == 0


def test_first_upload_with_empty_cells_needs_no_confirmation(north_submission, north_officer, make_workbook):
    upload = receive_upload(north_submission, north_officer, UploadedFile("a.xlsx", make_workbook(
        [("970121", {"I01": None})])))
    assert upload.status == UploadStatus.IMPORTED
