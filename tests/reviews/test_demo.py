"""The lifecycle demo step: the 2018-style batch (52, 36/11/5) and the open batch, idempotent."""

import io
from collections import Counter

import pytest

from innocounty.applications.models import Application
from innocounty.reviews import demo

pytestmark = pytest.mark.django_db


def test_demo_builds_both_batches_and_can_run_twice(cast):
    demo.build(io.StringIO())
    out = io.StringIO()
    demo.build(out)
    first = Application.objects.filter(batch__name=demo.FIRST_BATCH_NAME)
    assert first.count() == 52
    assert Counter(first.values_list("theme", flat=True)) == {"industry": 36, "ecology": 11, "livelihood": 5}
    states = Counter(first.values_list("state", flat=True))
    assert states["selected_for_consultation"] and states["formal_review_passed"] and states["recommended"]
    assert not first.filter(state__in=["formal_review_failed", "rejected_by_province", "not_selected"]).exists()
    for code, theme in demo.FIRST_BATCH_REAL.items():
        app = first.get(county_id=code)
        assert app.state in ("formal_review_passed", "selected_for_consultation")
        assert not theme or app.theme == theme
    assert first.filter(county__province_id="33").count() >= 4
    assert all("演示" in a.sections["basis"] for a in first)
    current = Application.objects.filter(batch__name=demo.OPEN_BATCH_NAME)
    assert current.get(county_id="130123").state == "draft"
    assert current.filter(county__province_id="13", state="submitted").count() == 3
    assert "52个县（市）" in out.getvalue()


def test_demo_pages_render_for_each_role(client, cast):
    demo.build(io.StringIO())
    first = Application.objects.filter(batch__name=demo.FIRST_BATCH_NAME).first().batch
    client.force_login(cast.ministry)
    assert client.get(f"/reviews/batches/{first.pk}/data-evaluation/").status_code == 200
    assert client.get(f"/reviews/batches/{first.pk}/formal/").status_code == 200
    assert client.get(f"/reviews/batches/{first.pk}/").status_code == 200
    client.force_login(cast.province)
    current = Application.objects.filter(batch__name=demo.OPEN_BATCH_NAME).first().batch
    page = client.get(f"/reviews/batches/{current.pk}/provinces/13/").content.decode()
    assert page.count("data-action=\"recommend\"") == 3
    client.force_login(cast.county)
    app = Application.objects.get(batch=current, county_id="130123")
    page = client.get(f"/applications/{app.pk}/edit/").content.decode()
    assert "「组织管理与运行机制」未填写" in page


def test_demo_replays_its_story_through_the_workflow_on_the_storys_dates(cast):
    """Issue 8 item 24 / issue 9: demo rows carry the dates of the story they tell, and every step is in the
    audit log (the demo acts through the workflow adapter, not by writing states)."""
    from innocounty.applications.models import ApplicationEvent
    from innocounty.audit.chain import verify_chain
    from innocounty.audit.models import AuditEvent

    demo.build(io.StringIO())
    first = Application.objects.filter(batch__name=demo.FIRST_BATCH_NAME)
    assert {a.created_at.year for a in first} == {2018} and {a.submitted_at.year for a in first} == {2018}
    events = ApplicationEvent.objects.filter(application__in=first)
    assert events.exists() and {e.at.year for e in events} == {2018}
    for app in first:
        steps = list(app.events.order_by("at", "id").values_list("transition", flat=True))
        assert steps[:3] == ["create_draft", "submit", "recommend"], steps
        assert all(app.versions.filter(submitted_at__year=2018))
    submitted = AuditEvent.objects.filter(action="application.submit", object_id__in=[str(a.pk) for a in first])
    assert submitted.count() == 52 and {e.created_at.year for e in submitted} == {2018}
    assert AuditEvent.objects.filter(action="province_list.submit").exists()
    assert AuditEvent.objects.filter(action="batch.open", object_repr__contains="2018").exists()
    assert verify_chain().ok
