"""The ministry's list page in each state, its acts through the page (confirmation, reasons), and the
refusals other roles get."""

from datetime import timedelta

import pytest
from django.urls import reverse

from innocounty.approvals.models import ApprovalList

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


def test_other_roles_are_refused(client, story):
    url = reverse("approvals:list", args=[story.batch.pk])
    for user in (story.cast.county, story.cast.province, story.cast.expert):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(reverse("approvals:list_act", args=[story.batch.pk, "draft"])).status_code == 403
        assert client.get(reverse("approvals:index")).status_code == 403
    client.force_login(story.cast.auditor)
    page = client.get(url).content.decode()
    assert "正定县" in page and 'data-testid="draft-list"' not in page  # reads, does not act
    assert client.post(reverse("approvals:list_act", args=[story.batch.pk, "draft"])).status_code == 403
    assert not ApprovalList.objects.exists()


def test_the_ministry_walks_the_list_through_the_page(client, story):
    client.force_login(story.cast.ministry)
    url = reverse("approvals:list", args=[story.batch.pk])
    act = lambda name: reverse("approvals:list_act", args=[story.batch.pk, name])  # noqa: E731
    assert 'data-testid="draft-list"' in client.get(url).content.decode()
    with at(DAY - timedelta(days=1)):
        client.post(act("draft"), {"places": "2"})
    lst = ApprovalList.objects.get()
    page = client.get(url).content.decode()
    assert 'data-testid="entries"' in page and "区域布局" in page
    assert lst.entries.filter(decision="approve").count() == 2
    with at(DAY):
        page = client.post(act("publish_notice"), {"notice_days": "7"}, follow=True).content.decode()
        assert "须确认后办理" in page
        page = client.post(act("publish_notice"), {"notice_days": "99", "confirm": "1"}, follow=True).content.decode()
        assert "公示天数须在1至30之间" in page
        client.post(act("publish_notice"), {"notice_days": "7", "confirm": "1"})
    lst.refresh_from_db()
    assert lst.state == "on_notice"
    with at(DAY + timedelta(days=3)):
        page = client.get(url).content.decode()
        assert 'data-testid="blockers"' in page and "之后方可发文公布" in page
        page = client.post(act("finalise"), {"document_number": "x" * 500, "document_date": "bad", "confirm": "1"},
                           follow=True).content.decode()  # fmt: skip
        assert "发文字号不能超过40字" in page
    with at(DAY + timedelta(days=8)):
        client.post(act("finalise"), {"document_number": "国科发农〔2026〕76号", "document_date": (DAY + timedelta(days=8)).isoformat(),
                                      "confirm": "1"})  # fmt: skip
    lst.refresh_from_db()
    assert lst.state == "final"
    assert "国科发农〔2026〕76号" in client.get(url).content.decode()
    assert client.post(reverse("approvals:list_act", args=[story.batch.pk, "nonsense"])).status_code == 404


def test_the_ministry_reaches_the_list_from_the_review_index(client, story):
    client.force_login(story.cast.ministry)
    page = client.get(reverse("reviews:index")).content.decode()
    assert reverse("approvals:index") in page and reverse("approvals:templates") in page
    client.force_login(story.cast.province)
    assert reverse("approvals:index") not in client.get(reverse("reviews:index")).content.decode()
