"""Issue 8 item 28 on the monitoring pages: the new-round form's defaults and errors, last year's values
rounded in the template, the submission page naming the national import instead of "尚未上传", and the
county page's measured values with two decimals."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from tests.monitoring.conftest import previous_round

from innocounty.monitoring.models import DataRound, IndicatorValue, Upload
from innocounty.monitoring.queries import template_spec
from innocounty.monitoring.template import build_template, reference_value

pytestmark = pytest.mark.django_db


def test_new_round_form_defaults_to_a_year_without_a_round(client, ministry, framework):
    today = dt.date.today()
    DataRound.objects.create(year=today.year - 1, framework=framework, deadline=today, opened_by=ministry)
    client.force_login(ministry)
    page = client.get(reverse("monitoring:round_create")).content.decode()
    assert f'name="year" value="{today.year}"' in page
    assert "- Select an option -" not in page and "请选择指标体系" in page
    assert f'<option value="{framework.pk}" selected>' in page  # the only active framework is preselected


def test_a_refused_round_shows_its_error_once(client, ministry, framework, data_round):
    client.force_login(ministry)
    page = client.post(reverse("monitoring:round_create"), {
        "year": data_round.year, "framework": framework.pk, "deadline": "2026-06-30",
    }).content.decode()  # fmt: skip
    errors = page.count('class="errorlist nonfield"')
    assert errors == 1


def test_last_years_values_are_rounded_in_the_template(north_submission, framework, ministry):
    last = previous_round(framework, ministry)
    upload = Upload.objects.create(data_round=last, uploaded_by=ministry, original_name="x.xlsx", size=1,
                                   sha256="0" * 64, status="imported")  # fmt: skip
    IndicatorValue.objects.create(data_round=last, county_id="970121", code="I01", value=78.3791946561628,
                                  upload=upload, updated_by=ministry, updated_at=upload.uploaded_at)  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(build_template(template_spec(north_submission))))
    row = next(r for r in book["上年数据"].iter_rows(min_row=3) if r[0].value == "970121")
    assert 78.3792 in [c.value for c in row]
    assert reference_value(3235.0) == 3235 and reference_value(0.000123456789) == 0.000123457


def test_submission_without_own_upload_names_the_national_import(client, ministry, north_submission):
    upload = Upload.objects.create(data_round=north_submission.data_round, uploaded_by=ministry,
                                   original_name="全国导入.xlsx", size=1, sha256="0" * 64, status="imported")  # fmt: skip
    IndicatorValue.objects.create(data_round=north_submission.data_round, county_id="970121", code="I01", value=1,
                                  upload=upload, updated_by=ministry, updated_at=upload.uploaded_at)  # fmt: skip
    client.force_login(ministry)
    page = client.get(reverse("monitoring:submission", args=[north_submission.pk])).content.decode()
    assert "本省数据来自全国导入" in page and "全国导入.xlsx" in page and "尚未上传" not in page


def test_submission_without_any_data_still_says_not_uploaded(client, ministry, north_submission):
    client.force_login(ministry)
    page = client.get(reverse("monitoring:submission", args=[north_submission.pk])).content.decode()
    assert "尚未上传" in page


def test_county_values_show_two_decimals(client, ministry, north_submission):
    upload = Upload.objects.create(data_round=north_submission.data_round, uploaded_by=ministry,
                                   original_name="x.xlsx", size=1, sha256="0" * 64, status="imported")  # fmt: skip
    IndicatorValue.objects.create(data_round=north_submission.data_round, county_id="970121", code="I01",
                                  value=78.3791946561628, upload=upload, updated_by=ministry,
                                  updated_at=upload.uploaded_at)  # fmt: skip
    client.force_login(ministry)
    url = reverse("monitoring:county", args=[north_submission.data_round.pk, "970121"])
    page = client.get(url).content.decode()
    assert ">78.38<" in page and "78.3791946561628" not in page
