"""Quotas where no county-level unit may apply (issue 8 item 28): 北京, 天津 and 上海 (districts only) get
quota 0 in the demo, the form says why, and a quota above 0 for them is refused with the province named."""

import io

import pytest
from django.urls import reverse

from innocounty.batches.forms import eligible_counts, parse_quotas
from innocounty.batches.models import BatchProvince
from innocounty.reviews import demo

pytestmark = pytest.mark.django_db


def test_provinces_without_eligible_units_have_no_quota_in_the_demo(cast):
    demo.build(io.StringIO())
    quotas = dict(
        BatchProvince.objects.filter(batch__name=demo.OPEN_BATCH_NAME).values_list("province_id", "quota")
    )
    assert eligible_counts().get("11", 0) == 0
    assert quotas["11"] == quotas["12"] == quotas["31"] == 0
    assert quotas["13"] == 3


def test_a_quota_for_a_province_without_eligible_units_is_refused():
    quotas, errors = parse_quotas({"quota_11": "3", "quota_13": "2"})
    assert errors == ["北京市没有可申报类型的县级单位，名额须为 0"]
    assert quotas["13"] == 2 and "11" not in quotas


def test_the_quota_form_shows_the_units_that_may_apply(client, cast):
    client.force_login(cast.ministry)
    page = client.get(reverse("batches:create")).content.decode()
    assert "可申报的县级单位" in page and 'name="quota_11" value="0">' in page
    assert 'max="0" id="quota_11"' in page and "无可申报类型的县级单位" in page
