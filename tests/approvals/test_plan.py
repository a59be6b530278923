"""The ministry's plan counts on the list page (bounded, audited, draft only) and the programme's targets."""

from datetime import timedelta

import pytest
from django.urls import reverse

from innocounty.approvals import services
from innocounty.approvals.models import ApprovalList
from innocounty.audit.models import AuditEvent
from innocounty.programme.approval_rules import check_plan

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


def _draft(story):
    with at(DAY - timedelta(days=1)):
        services.draft_list(story.cast.ministry, story.batch, 2)
    return ApprovalList.objects.get()


def test_the_ministry_sets_the_plan_and_the_balance_shows_it(client, story):
    lst = _draft(story)
    client.force_login(story.cast.ministry)
    url = reverse("approvals:list", args=[story.batch.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="plan-form"' in page and 'data-testid="programme-targets"' in page
    response = client.post(reverse("approvals:plan", args=[story.batch.pk]),
                           {"total": "2", "belt:east": "2", "belt:west": "", "theme:industry": "1"})  # fmt: skip
    assert response.status_code == 302
    lst.refresh_from_db()
    assert lst.plan == {"total": 2, "belt:east": 2, "theme:industry": 1}
    event = AuditEvent.objects.filter(action="approval_list.plan").get()
    assert event.after == {"plan": lst.plan}
    page = client.get(url).content.decode()
    assert 'value="2"' in page


@pytest.mark.parametrize("value", ["-1", "1001", "abc", "1e3", "9" * 40])
def test_out_of_range_counts_are_errors_per_field(client, story, value):
    lst = _draft(story)
    client.force_login(story.cast.ministry)
    response = client.post(
        reverse("approvals:plan", args=[story.batch.pk]), {"total": "3", "belt:central": value}
    )
    assert response.status_code == 422
    assert 'data-testid="plan-error-belt:central"' in response.content.decode()
    lst.refresh_from_db()
    assert lst.plan == {}
    assert not AuditEvent.objects.filter(action="approval_list.plan").exists()


def test_other_roles_cannot_set_the_plan(client, story):
    lst = _draft(story)
    for user in (story.cast.auditor, story.cast.county, story.cast.province, story.cast.expert):
        client.force_login(user)
        assert (
            client.post(reverse("approvals:plan", args=[story.batch.pk]), {"total": "1"}).status_code == 403
        )
    client.force_login(story.cast.auditor)
    assert (
        'data-testid="plan-form"'
        not in client.get(reverse("approvals:list", args=[story.batch.pk])).content.decode()
    )
    lst.refresh_from_db()
    assert lst.plan == {}


def test_the_plan_is_closed_once_on_notice(story):
    lst = _draft(story)
    with at(DAY):
        assert services.apply_transition(story.cast.ministry, lst, "publish_notice",
                                         {"notice_days": 7, "confirm": True}, kind="approval_list").allowed  # fmt: skip
    lst.refresh_from_db()
    decision = services.set_plan(story.cast.ministry, lst, {"total": 1})
    assert not decision.allowed and decision.reasons[0].code == "plan_closed"


def test_check_plan_bounds_and_keys():
    assert check_plan({"total": 0, "belt:east": 1000}) == ({"total": 0, "belt:east": 1000}, ())
    for bad in ({"total": -1}, {"total": 1001}, {"total": True}, {"total": "3"}, {"region:x": 1}):
        clean, problems = check_plan(bad)
        assert clean == {} and problems


def test_the_targets_count_published_lists(client, story):
    lst = _draft(story)
    client.force_login(story.cast.ministry)
    page = client.get(reverse("approvals:list", args=[story.batch.pk])).content.decode()
    row = page.split('data-testid="target-2025"')[1].split("</tr>")[0]
    year = story.batch.year
    assert ">100<" in row
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    assert cells[2] == "0"  # nothing published yet
    assert cells[3] == ("2" if year <= 2025 else "—")
    lst.refresh_from_db()
