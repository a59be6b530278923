"""A code change followed through a county profile: the trend continues across the change, the profile links to
the predecessor and successor, and the old code's profile follows the unit to its new code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from innocounty.regions.models import County, Succession
from innocounty.regions.successions import continuing_successor, lineage, record

from .conftest import RESULTS_2025, make_run

CHANGE = dt.date(2025, 1, 1)


@pytest.fixture
def changed(db):
    """正定县 (130123) was 旧安县 (130190, a made-up old code) until 2024; its 2024 values are under the old code."""
    record("130190", "130123", CHANGE, "code_change", source="测试：民政部区划表", predecessor_name="旧安县",
           predecessor_type="县")
    old = make_run(2024, {"130190": (50.0, 4, 2, True), "330523": (65.0, 1, 1, True), "130125": (42.0, 5, 3, False)})
    new = make_run(2025, RESULTS_2025)
    return old, new


def test_the_old_unit_keeps_its_values_and_validity(changed):
    old_unit = County.objects.get(code="130190")
    assert old_unit.valid_to == dt.date(2024, 12, 31) and old_unit.prefecture_id == "130100"
    assert County.objects.get(code="130123").valid_from == CHANGE
    assert County.objects.valid_in(2024).filter(code="130190").exists()
    assert not County.objects.valid_in(2025).filter(code="130190").exists()
    assert County.objects.valid_in(2025).filter(code="130123").exists()
    assert lineage("130123") == ["130190", "130123"] == lineage("130190")
    assert continuing_successor(old_unit).code == "130123"
    assert Succession.objects.get().get_kind_display() == "代码变更"


def test_the_profile_follows_the_unit_across_the_code_change(client, changed):
    old, new = changed
    page = client.get(reverse("rankings:county", args=["130123"]) + f"?run={new.pk}").content.decode()
    assert 'data-testid="successions"' in page and "130190" in page and "旧安县" in page
    history = page.split("历年趋势")[1].split("</table>")[0]
    assert "2024" in history and "130190" in history and "2025" in history     # the trend continues
    # the old code: under the latest run it follows the unit to its new code …
    response = client.get(reverse("rankings:county", args=["130190"]))
    assert response.status_code == 302 and response["Location"].startswith("/rankings/county/130123/")
    # … and under its own year's run it is the old unit, linking to its successor
    page = client.get(reverse("rankings:county", args=["130190"]) + f"?run={old.pk}").content.decode()
    assert response.status_code == 302 and "此后" in page and "/rankings/county/130123/" in page


def test_a_unit_without_a_succession_is_not_redirected(client, changed):
    assert County.objects.filter(code="130121").exists()   # 井陉县: a real county, not evaluated here
    response = client.get(reverse("rankings:county", args=["130121"]))
    assert response.status_code == 404
