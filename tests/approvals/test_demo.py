"""The approval demo continues the 2018 first batch: inspections, notice 2018-11-22 to 11-28, one anonymous
objection (dismissed), publication with a demo document number; idempotent."""

import io
from datetime import date

import pytest

from innocounty.accounts.models import Role
from innocounty.applications.factories import make_user
from innocounty.applications.models import Application
from innocounty.approvals import demo
from innocounty.approvals.models import ApprovalList, Inspection, Objection, Question
from innocounty.experts import demo as experts_demo
from innocounty.reviews import demo as reviews_demo

pytestmark = pytest.mark.django_db


def test_the_first_batch_is_published_and_the_demo_runs_twice(client, cast):
    make_user("expert_li", Role.EXPERT)
    reviews_demo.build(io.StringIO())
    experts_demo.build(io.StringIO())  # the consultation first (its scores order the list)
    demo.build(io.StringIO())
    reviews_demo.build(io.StringIO())  # the earlier steps reset their batch (the list goes with it)
    experts_demo.build(io.StringIO())
    out = io.StringIO()
    demo.build(out)
    lst = ApprovalList.objects.get(batch__name=reviews_demo.FIRST_BATCH_NAME)
    assert (lst.state, lst.notice_starts, lst.notice_ends) == ("final", date(2018, 11, 22), date(2018, 11, 28))
    assert lst.document_number == "国科演示〔2018〕1号" and lst.document_date == date(2018, 12, 4)
    assert lst.entries.filter(score__isnull=False).exists()  # the panels' scores
    first = Application.objects.filter(batch=lst.batch)
    approved = first.filter(state="approved")
    assert approved.exists() and first.filter(state="not_approved").count() == 1
    assert not first.filter(state="not_approved", county_id__in=reviews_demo.FIRST_BATCH_REAL).exists()
    [objection] = Objection.objects.all()
    assert objection.state == "dismissed" and objection.reason
    assert Inspection.objects.filter(state="completed").count() == first.filter(list_entry__isnull=False).count()
    assert Question.objects.get().state == "answered"
    assert "国科演示〔2018〕1号" in out.getvalue()
    assert "国科演示〔2018〕1号" in client.get("/public/approved/").content.decode()
    client.force_login(cast.ministry)
    assert client.get(f"/approvals/batches/{lst.batch_id}/").status_code == 200
