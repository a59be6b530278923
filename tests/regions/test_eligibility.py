"""Which unit types may apply: settings default, admin edits, queryset and property."""

import pytest
from django.urls import reverse

from innocounty.regions.models import County, UnitType, UnitTypeEligibility, eligible_unit_types

pytestmark = pytest.mark.django_db

ALL_BUT_DISTRICTS = set(UnitType.values) - {"市辖区"}


def test_default_excludes_urban_districts(regions):
    assert eligible_unit_types() == ALL_BUT_DISTRICTS
    assert UnitTypeEligibility.objects.count() == 8
    assert County.objects.eligible().count() == 2845 - 976
    assert County.objects.get(code="130123").is_eligible_type
    assert not County.objects.get(code="310151").is_eligible_type


def test_settings_default_applies_when_no_rows(regions, settings):
    UnitTypeEligibility.objects.all().delete()
    assert eligible_unit_types() == ALL_BUT_DISTRICTS
    settings.DEFAULT_ELIGIBLE_UNIT_TYPES = ["县"]
    assert eligible_unit_types() == {"县"}
    assert County.objects.eligible().count() == 1301


def test_no_eligible_type_gives_empty_results(regions):
    UnitTypeEligibility.objects.update(eligible=False)
    assert County.objects.eligible().count() == 0
    assert not County.objects.with_eligibility().filter(eligible_type=True).exists()


def test_admin_edit_changes_eligible(regions, staff_client):
    url = reverse("admin:regions_unittypeeligibility_change", args=["市辖区"])
    response = staff_client.post(url, {"eligible": "on"})
    assert response.status_code == 302, response.content[:500]
    assert "市辖区" in eligible_unit_types()
    assert County.objects.eligible().count() == 2845

    url = reverse("admin:regions_unittypeeligibility_change", args=["县级市"])
    staff_client.post(url, {})  # unchecked box
    assert "县级市" not in eligible_unit_types()
    assert County.objects.eligible().count() == 2845 - 397
    assert not County.objects.get(code="429004").is_eligible_type


def test_admin_list_editable_changelist(regions, staff_client):
    url = reverse("admin:regions_unittypeeligibility_changelist")
    page = staff_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "可申报的县级单位类型" in content and "976" in content
    rows = list(UnitTypeEligibility.objects.order_by("unit_type"))
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows)), "_save": "保存"}
    for index, row in enumerate(rows):
        data[f"form-{index}-unit_type"] = row.unit_type
        if row.unit_type not in {"旗", "市辖区"}:
            data[f"form-{index}-eligible"] = "on"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content[:800]
    assert eligible_unit_types() == ALL_BUT_DISTRICTS - {"旗"}
