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
