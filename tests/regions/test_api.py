"""The regions API: filters, pagination, errors, authentication, string codes."""

import pytest

from innocounty.regions.models import County, UnitTypeEligibility

pytestmark = pytest.mark.django_db

BASE = "/api/regions"


def get(client, path, **params):
    return client.get(BASE + path, params)


@pytest.mark.parametrize("path", ["/provinces", "/counties", "/counties/130123"])
def test_anonymous_gets_401(client, regions, path):
    assert client.get(BASE + path).status_code == 401


def test_provinces_with_belt_and_counts(user_client, regions):
    response = get(user_client, "/provinces")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 31
    by_code = {p["code"]: p for p in data}
    hebei_districts = County.objects.filter(province_id="13", unit_type="市辖区").count()
    assert by_code["13"] == {
        "code": "13", "name": "河北省", "short_name": "河北", "belt": "east",
        "county_count": 167, "eligible_county_count": 167 - hebei_districts,
    }
    assert by_code["31"]["eligible_county_count"] == 0  # 上海: only districts
    assert by_code["21"]["belt"] == "east" and by_code["23"]["belt"] == "central"
    assert sum(p["county_count"] for p in data) == 2845
    assert sum(p["eligible_county_count"] for p in data) == 2845 - 976


def test_counties_default_page(user_client, regions):
    data = get(user_client, "/counties").json()
    assert data["total"] == 2845 and data["limit"] == 50 and data["offset"] == 0
    assert len(data["items"]) == 50
    codes = [item["code"] for item in data["items"]]
    assert codes == sorted(codes) and codes[0] == "110101"
    assert all(isinstance(code, str) for code in codes)


def test_counties_pagination_walks_everything(user_client, regions):
    seen = []
    offset = 0
    while True:
        data = get(user_client, "/counties", limit=500, offset=offset).json()
        seen += [item["code"] for item in data["items"]]
        offset += 500
        if offset >= data["total"]:
            break
    assert len(seen) == len(set(seen)) == 2845
    assert get(user_client, "/counties", offset=5000).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({"province": "13"}, 167),
        ({"unit_type": "自治旗"}, 3),
        ({"unit_type": "市辖区"}, 976),
        ({"belt": "central", "unit_type": "林区"}, 1),
        ({"belt": "east"}, None),
        ({"prefecture": "429000"}, 4),
        ({"eligible": "true"}, 2845 - 976),
        ({"eligible": "false"}, 976),
        ({"eligible": "false", "province": "13"}, None),
        ({"q": "正定"}, 1),
        ({"q": "林区"}, None),
    ],
)
def test_counties_filters(user_client, regions, params, total):
    data = get(user_client, "/counties", limit=500, **params).json()
    if total is not None:
        assert data["total"] == total
    for item in data["items"]:
        if "province" in params:
            assert item["province"]["code"] == params["province"]
        if "unit_type" in params:
            assert item["unit_type"] == params["unit_type"]
        if "belt" in params:
            assert item["province"]["belt"] == params["belt"]
        if "prefecture" in params:
            assert item["prefecture"]["code"] == params["prefecture"]
        if "eligible" in params:
            assert item["eligible_type"] is (params["eligible"] == "true")
        if "q" in params:
            assert params["q"] in item["name"]


def test_eligible_filter_follows_admin_setting(user_client, regions):
    UnitTypeEligibility.objects.filter(unit_type="县级市").update(eligible=False)
    assert get(user_client, "/counties", eligible="true").json()["total"] == 2845 - 976 - 397
    assert get(user_client, "/counties/429004").json()["eligible_type"] is False


def test_county_detail(user_client, regions):
    response = get(user_client, "/counties/429004")
    assert response.status_code == 200
    assert response.json() == {
        "code": "429004", "name": "仙桃市", "unit_type": "县级市", "eligible_type": True,
        "prefecture": {"code": "429000", "name": "省直辖县级行政区划", "is_grouping": True},
        "province": {"code": "42", "name": "湖北省", "short_name": "湖北", "belt": "central"},
    }


def test_county_detail_404_and_422(user_client, regions):
    assert get(user_client, "/counties/999999").status_code == 404
    for bad in ["12345", "1234567", "abcdef", "13012x"]:
        assert get(user_client, f"/counties/{bad}").status_code == 422, bad


@pytest.mark.parametrize(
    "params",
    [{"province": "1"}, {"unit_type": "乡"}, {"belt": "northeast"}, {"limit": 0}, {"limit": 501},
     {"offset": -1}, {"prefecture": "4290"}, {"eligible": "maybe"}],
)
def test_counties_invalid_filters_422(user_client, regions, params):
    assert get(user_client, "/counties", **params).status_code == 422


def test_token_auth_works(client, regions, django_user_model):
    from innocounty.accounts import tokens

    if not hasattr(tokens, "create_token"):
        pytest.skip("accounts.tokens has no create_token helper")
    user = django_user_model.objects.create_user(username="bot", password="pw-for-tests")
    token, _api_token = tokens.create_token(user)
    response = client.get(BASE + "/counties/130123", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_openapi_declares_error_responses(user_client, regions):
    spec = user_client.get("/api/openapi.json").json()
    detail = spec["paths"]["/api/regions/counties/{code}"]["get"]["responses"]
    assert {"200", "401", "404", "422"} <= set(detail)
    assert {"200", "401", "422"} <= set(spec["paths"]["/api/regions/counties"]["get"]["responses"])
