"""Admin pages for provinces, prefectures and counties: read-only, filterable, in Chinese."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("province", "", ["河北省", "省级行政区", "东部"]),
        ("province", "?belt__exact=central", ["黑龙江省"]),
        ("prefecture", "?is_grouping__exact=1", ["省直辖县级行政区划"]),
        ("county", "?q=4290", ["仙桃市", "神农架林区"]),
        ("county", "?q=正定", ["130123", "石家庄市"]),
        ("county", "?province__belt__exact=west&unit_type__exact=特区", ["六枝特区"]),
        ("county", "?eligible=no&province__code__exact=31", ["崇明区"]),
        ("county", "?province__code__exact=21&eligible=yes", ["法库县"]),
    ],
)
def test_changelists(regions, staff_client, model, query, expected):
    response = staff_client.get(reverse(f"admin:regions_{model}_changelist") + query)
    assert response.status_code == 200
    content = response.content.decode()
    for text in expected:
        assert text in content


def test_county_count_column_on_provinces(regions, staff_client):
    content = staff_client.get(reverse("admin:regions_province_changelist")).content.decode()
    assert "县级单位数" in content and "167" in content  # 河北


def test_divisions_are_read_only(regions, staff_client):
    assert staff_client.get(reverse("admin:regions_county_add")).status_code == 403
    change = staff_client.get(reverse("admin:regions_county_change", args=["130123"]))
    assert change.status_code == 200
    assert 'name="name"' not in change.content.decode()
    assert staff_client.post(reverse("admin:regions_county_delete", args=["130123"])).status_code == 403
