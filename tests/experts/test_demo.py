"""The consultation demo: the pool, the 2018 batch's panels and reviews, expert_li's view; idempotent."""

import io

import pytest

from innocounty.accounts.models import Role
from innocounty.applications.factories import make_user
from innocounty.experts import demo
from innocounty.experts.access import assigned_application_ids
from innocounty.experts.models import Assignment, Review
from innocounty.experts.summaries import panel_summaries
from innocounty.reviews import demo as lifecycle

pytestmark = pytest.mark.django_db


def test_demo_plays_the_first_batch_consultation(client, cast):
    li = make_user("expert_li", Role.EXPERT)
    lifecycle.build(io.StringIO())
    out = io.StringIO()
    demo.build(out)
    demo.build(io.StringIO())  # again: nothing duplicated
    batch = Assignment.objects.first().batch
    assert batch.name == demo.FIRST_BATCH_NAME
    assert Assignment.objects.filter(state="declined").count() == 1
    declared = Assignment.objects.filter(state="declared")
    assert Review.objects.filter(state="submitted").count() == declared.count() > 0
    summaries = panel_summaries(batch)
    assert all(s.n_in == s.n_expected == 5 for s in summaries.values())
    assert any(s.disagreement for s in summaries.values())
    mine = assigned_application_ids(li)
    assert len(mine) >= 2 and mine == set(
        declared.filter(expert__user=li).values_list("application_id", flat=True)
    )
    client.force_login(li)
    assert client.get("/experts/mine/").status_code == 200
    for pk in batch.applications.values_list("pk", flat=True):
        assert client.get(f"/applications/{pk}/").status_code == (200 if pk in mine else 404)
    assert "评议意见" in out.getvalue()
