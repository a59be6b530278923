"""Batches: the ministry creates, edits and opens/closes/archives them; everyone else reads."""

from datetime import date

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application, make_batch
from innocounty.audit.models import AuditEvent
from innocounty.batches.models import Batch, BatchProvince
from innocounty.programme import BatchStatus
from innocounty.programme.batch_lifecycle import BATCH, BatchDraft
from innocounty.programme.context import Actor, Role, RoleGrant
from innocounty.programme.machine import SubjectContext

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "2027年创新型县（市）申报", "year": 2027, "call_text": "通知正文",
        "application_opens": "2027-03-01", "application_closes": "2027-04-30", "recommendation_closes": "2027-05-31",
        "themes": ["industry", "ecology", "livelihood"],
        "stages": ["application", "recommendation", "formal_review", "data_evaluation", "expert_questioning",
                   "public_notice", "publication", "construction", "annual_progress_report", "acceptance",
                   "acceptance_publication"],
        "construction_start_year": 2028, "construction_period_years": 3, "quota_13": "3", "quota_33": "2",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_ministry_creates_and_opens_a_batch(client, cast):
    client.force_login(cast.ministry)
    response = client.post(reverse("batches:create"), form_data())
    batch = Batch.objects.get()
    assert response.status_code == 302 and batch.status == "draft"
    assert batch.quotas() == {"13": 3, "33": 2}
    client.post(reverse("batches:transition", args=[batch.pk, "open"]), {"confirm": "1"})
    batch.refresh_from_db()
    assert batch.status == "open"
    assert AuditEvent.objects.filter(action="batch.open").exists()
    client.post(reverse("batches:transition", args=[batch.pk, "close"]), {"confirm": "1"})
    client.post(reverse("batches:transition", args=[batch.pk, "archive"]), {"confirm": "1"})
    batch.refresh_from_db()
    assert batch.status == "archived"
    assert client.get(reverse("batches:edit", args=[batch.pk])).status_code == 302


def test_opening_lists_every_gap(client, cast):
    batch = make_batch("空批次", status="draft", quotas={}, stages=["application", "formal_review"], themes=[])
    client.force_login(cast.ministry)
    page = client.post(reverse("batches:transition", args=[batch.pk, "open"]), {"confirm": "1"}, follow=True).content.decode()
    assert "至少开放一个建设主题" in page and "至少给一个省分配推荐名额" in page and "缺少必需阶段" in page
    batch.refresh_from_db()
    assert batch.status == "draft"


@pytest.mark.parametrize("name, status", [("open", "draft"), ("close", "open"), ("archive", "closed")])
def test_batch_acts_are_refused_without_confirmation(client, cast, name, status):
    batch = make_batch("待确认批次", status=status)
    client.force_login(cast.ministry)
    page = client.post(reverse("batches:transition", args=[batch.pk, name]), follow=True).content.decode()
    assert "须确认后办理" in page
    batch.refresh_from_db()
    assert batch.status == status and not AuditEvent.objects.filter(action=f"batch.{name}").exists()


def test_wrong_transition_order_is_refused():
    draft = BatchDraft(BatchStatus.DRAFT, [], [], None, None)
    ministry = Actor((RoleGrant(Role.MINISTRY_OFFICER),), user_id=1)
    ctx = SubjectContext(ministry, date(2026, 1, 1), BatchStatus.DRAFT, facts=draft, inputs={"confirm": True})
    assert BATCH.check("archive", ctx).codes == ("wrong_state",)


def test_only_the_ministry_manages_batches(client, cast, batch):
    for user in (cast.county, cast.province, cast.auditor):
        client.force_login(user)
        assert client.get(reverse("batches:create")).status_code == 403
        assert client.post(reverse("batches:transition", args=[batch.pk, "close"])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == "open"


def test_draft_batches_are_hidden_from_counties(client, cast):
    draft = make_batch("筹备中批次", status="draft")
    client.force_login(cast.county)
    assert client.get(reverse("batches:detail", args=[draft.pk])).status_code == 404
    client.force_login(cast.ministry)
    assert client.get(reverse("batches:detail", args=[draft.pk])).status_code == 200


def test_quota_cannot_drop_below_recommendations(client, cast, batch):
    make_application(batch, cast.zhengding, cast.county, state="recommended", priority=1)
    make_application(batch, cast.guan, cast.county_guan, state="recommended", priority=2)
    client.force_login(cast.ministry)
    data = form_data(name=batch.name, quota_13="1", application_opens=str(batch.application_opens),
                     application_closes=str(batch.application_closes), recommendation_closes=str(batch.recommendation_closes))  # fmt: skip
    page = client.post(reverse("batches:edit", args=[batch.pk]), data).content.decode()
    assert "不能少于此数" in page
    assert BatchProvince.objects.get(batch=batch, province_id="13").quota == 2


def test_county_sees_the_call_and_the_create_button(client, cast, batch):
    client.force_login(cast.county)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "创建申报" in page and "申报通知" in page
