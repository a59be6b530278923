"""The audit log names actions in words (issue 8 item 27): 推荐, 报送推荐名单… instead of action codes, in
the table and in the filter, in Chinese by default and in English on request."""

import pytest
from django.urls import reverse

from innocounty.audit.chain import record
from innocounty.audit.labels import ACTION_LABELS, action_label

pytestmark = pytest.mark.django_db


def test_action_codes_are_shown_as_labels(client, people):
    record(people.provincial_officer, "application.recommend", object_type="applications.application", object_id="1",
           object_repr="正定县", summary="正定县：推荐")  # fmt: skip
    record(people.provincial_officer, "recommendation_list.submitted", object_type="batches.batchprovince",
           object_id="1", object_repr="河北省", summary="河北省报送推荐名单（1个）")  # fmt: skip
    client.force_login(people.auditor)
    page = client.get(reverse("audit:event_list")).content.decode()
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert ">申报：推荐<" in table and ">报送推荐名单<" in table
    assert "<code>application.recommend</code>" not in table
    start = page.index('name="action"')
    select = page[start : page.index("</select>", start)]
    assert '<option value="application.recommend">申报：推荐</option>' in select


def test_labels_are_gettext_strings():
    """Translated through the catalogue (the lead's .po refresh adds the English): lazy, resolved per request."""
    from django.utils.functional import Promise

    assert all(isinstance(label, Promise) for label in ACTION_LABELS.values())
    assert action_label("login.succeeded") == "登录成功"


def test_families_and_unknown_codes():
    assert action_label("batch.open") == "申报批次：开放申报"
    assert action_label("monitoring.submission.accept") == "省级监测数据：接收"
    assert action_label("monitoring.upload.imported") == "监测数据上传：已导入"
    assert action_label("something.new") == "something.new"  # never hidden
    assert all(str(label) for label in ACTION_LABELS.values())
