"""Issue 8 item 3: every role sees only the states meant for it — pages, filters and API. Data evaluation is
the ministry's internal step: counties and provinces see 形式审查通过 where the ministry sees 进入专家评议."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def selected(cast, batch):
    return make_application(batch, cast.zhengding, cast.county, state="selected_for_consultation", priority=1)


def test_the_api_filter_by_an_internal_state_finds_nothing_for_a_province(client, cast, selected):
    client.force_login(cast.province)
    internal = client.get("/api/applications/?state=selected_for_consultation").json()
    shown = client.get("/api/applications/?state=formal_review_passed").json()
    items = lambda body: body["items"] if isinstance(body, dict) else body  # noqa: E731
    assert items(internal) == []
    assert [a["state"] for a in items(shown)] == ["formal_review_passed"]
    client.force_login(cast.ministry)
    assert [a["state"] for a in items(client.get("/api/applications/?state=selected_for_consultation").json())] == [
        "selected_for_consultation"]


@pytest.mark.parametrize("who", ["province", "county"])
def test_pages_show_the_state_meant_for_the_role(client, cast, batch, selected, who):
    client.force_login(getattr(cast, who))
    pages = [reverse("applications:detail", args=[selected.pk]), reverse("applications:list")]
    if who == "province":
        pages.append(reverse("reviews:province", args=[batch.pk, "13"]))
    else:
        pages.append(reverse("batches:detail", args=[batch.pk]))
    for url in pages:
        page = client.get(url).content.decode()
        assert "进入专家评议" not in page and "形式审查通过" in page, url
    listing = client.get(reverse("applications:list") + "?state=selected_for_consultation").content.decode()
    assert f'href="/applications/{selected.pk}/"' not in listing  # the filter by an internal state finds nothing
    assert 'value="selected_for_consultation"' not in listing  # and is not offered
    by_shown = client.get(reverse("applications:list") + "?state=formal_review_passed").content.decode()
    assert f'href="/applications/{selected.pk}/"' in by_shown
