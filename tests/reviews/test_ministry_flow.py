"""The ministry's formal review (checklist, pass / fail with reason) and data evaluation (marking for
expert consultation, ranks, regional balance, closing) through the Django layer."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application, make_batch
from innocounty.programme import FIRST_BATCH_2018
from innocounty.reviews.models import FormalReview

pytestmark = pytest.mark.django_db


def state(app):
    app.refresh_from_db()
    return app.state


@pytest.fixture
def forwarded(cast, batch):
    return make_application(batch, cast.zhengding, cast.county, state="forwarded", priority=1)


def test_checklist_page_lists_the_five_checks(client, cast, forwarded):
    client.force_login(cast.ministry)
    page = client.get(reverse("reviews:formal_review", args=[forwarded.pk])).content.decode()
    for label in ("申报材料完整", "申报单位类型符合要求", "已选择本批次开放的建设主题", "建设方案七个部分齐全", "有省级推荐"):
        assert label in page


def test_pass_formal_review_stores_the_checklist(client, cast, forwarded):
    client.force_login(cast.ministry)
    client.post(reverse("reviews:formal_review", args=[forwarded.pk]), {"decision": "pass", "confirm": "1"})
    assert state(forwarded) == "formal_review_passed"
    review = FormalReview.objects.get(application=forwarded)
    assert review.decision == "passed" and all(item["passed"] for item in review.checklist)


def test_pass_refused_when_the_checklist_fails(client, cast, batch):
    incomplete = make_application(batch, cast.guan, cast.county_guan, state="forwarded", priority=1, complete=False)
    client.force_login(cast.ministry)
    page = client.post(reverse("reviews:formal_review", args=[incomplete.pk]), {"decision": "pass", "confirm": "1"}, follow=True)
    assert "形式审查清单未通过" in page.content.decode() and state(incomplete) == "forwarded"


def test_fail_needs_a_reason(client, cast, forwarded):
    client.force_login(cast.ministry)
    page = client.post(reverse("reviews:formal_review", args=[forwarded.pk]), {"decision": "fail", "confirm": "1"},
                       follow=True).content.decode()  # fmt: skip
    assert "须填写理由" in page and state(forwarded) == "forwarded"
    client.post(reverse("reviews:formal_review", args=[forwarded.pk]),
                {"decision": "fail", "reason": "附件无法打开", "failed_items": ["complete"], "confirm": "1"})
    assert state(forwarded) == "formal_review_failed"
    review = FormalReview.objects.get(application=forwarded)
    assert review.reason == "附件无法打开" and not review.checklist[0]["passed"]


@pytest.mark.parametrize("data", [{"decision": "pass"}, {"decision": "fail", "reason": "附件无法打开"}])
def test_formal_review_decision_refused_without_confirmation(client, cast, forwarded, data):
    client.force_login(cast.ministry)
    page = client.post(reverse("reviews:formal_review", args=[forwarded.pk]), data, follow=True).content.decode()
    assert "须确认后办理" in page and state(forwarded) == "forwarded"
    assert not FormalReview.objects.filter(application=forwarded).exists()


def test_formal_review_refused_for_province_and_auditor(client, cast, forwarded):
    for user in (cast.province, cast.auditor):
        client.force_login(user)
        assert client.post(reverse("reviews:formal_review", args=[forwarded.pk]),
                           {"decision": "pass", "confirm": "1"}).status_code == 403  # fmt: skip
    assert state(forwarded) == "forwarded"


def test_data_evaluation_marks_and_balance(client, cast, batch):
    passed = make_application(batch, cast.zhengding, cast.county, state="formal_review_passed", priority=1)
    other = make_application(batch, cast.anji, cast.county_anji, state="formal_review_passed", priority=1, theme="ecology")
    client.force_login(cast.ministry)
    page = client.get(reverse("reviews:data_evaluation", args=[batch.pk])).content.decode()
    assert "东部" in page and "科技支撑生态文明" in page and "河北省" in page
    client.post(reverse("reviews:mark", args=[passed.pk]), {"selected": "1"})
    client.post(reverse("reviews:mark", args=[other.pk]), {"selected": "0", "reason": "区域布局"})
    assert state(passed) == "selected_for_consultation" and state(other) == "not_selected"
    page = client.post(reverse("reviews:close_evaluation", args=[batch.pk]), follow=True).content.decode()
    assert "须确认后办理" in page
    batch.refresh_from_db()
    assert not batch.data_evaluation_closed
    client.post(reverse("reviews:close_evaluation", args=[batch.pk]), {"confirm": "1"})
    batch.refresh_from_db()
    assert batch.data_evaluation_closed
    page = client.post(reverse("reviews:mark", args=[other.pk]), {"selected": "1"}, follow=True).content.decode()
    assert "数据评价已结束" in page and state(other) == "not_selected"


def test_data_evaluation_results_stay_inside_the_ministry(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="selected_for_consultation", priority=1)
    client.force_login(cast.county)
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "形式审查通过" in page and "进入专家评议" not in page
    client.force_login(cast.province)
    assert client.get(reverse("reviews:data_evaluation", args=[batch.pk])).status_code == 403


def test_data_evaluation_refused_in_a_batch_without_that_stage(client, cast):
    batch = make_batch("2018式批次", stages=[s.value for s in FIRST_BATCH_2018])
    app = make_application(batch, cast.zhengding, cast.county, state="formal_review_passed", priority=1)
    client.force_login(cast.ministry)
    page = client.post(reverse("reviews:mark", args=[app.pk]), {"selected": "1"}, follow=True).content.decode()
    assert "不设「数据评价」环节" in page and state(app) == "formal_review_passed"


def test_to_dos_per_role_with_deadlines(client, cast, batch):
    make_application(batch, cast.zhengding, cast.county, state="submitted")
    make_application(batch, cast.guan, cast.county_guan, state="forwarded", priority=1)
    client.force_login(cast.province)
    assert "份申报等待本省处理" in client.get("/").content.decode()
    client.force_login(cast.ministry)
    assert "等待形式审查" in client.get("/").content.decode()
    client.force_login(cast.county_anji)
    page = client.get("/").content.decode()
    assert "正在接受申报" in page and "剩余" in page
