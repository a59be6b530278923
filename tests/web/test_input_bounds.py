"""Bad numbers are a clear error, never a 500 (issue 8 item 9): the reports, one by one, through the
API (422 naming the field), the pages (an ignored filter with a message, or 404) and the models."""

import datetime as dt
import json

import pytest
from django.db import DataError, IntegrityError, transaction

from innocounty.applications.factories import make_application, make_batch
from innocounty.batches.models import Batch
from innocounty.monitoring.models import DataRound, Framework
from innocounty.notifications.models import Notification

pytestmark = pytest.mark.django_db
HUGE = "9" * 25
BATCH = {
    "name": "API批次", "year": 2027, "application_opens": "2027-03-01", "application_closes": "2027-04-30",
    "construction_start_year": 2028, "quotas": {"13": 2},
}  # fmt: skip


def api(client, user, method, path, data=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(data)} if data is not None else {}
    return getattr(client, method)(f"/api{path}", **kwargs)


def rejected_field(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {str(e["loc"][-1]) for e in response.json()["errors"]}


def test_batch_bounds_are_422_naming_the_field(client, cast, batch):
    assert "construction_period_years" in rejected_field(
        api(
            client,
            cast.ministry,
            "put",
            f"/batches/{batch.pk}",
            {**BATCH, "construction_period_years": 549755813889},
        )
    )
    assert "year" in rejected_field(api(client, cast.ministry, "post", "/batches/", {**BATCH, "year": -1}))
    assert "construction_start_year" in rejected_field(
        api(client, cast.ministry, "post", "/batches/", {**BATCH, "construction_start_year": 99999})
    )
    assert "13" in rejected_field(
        api(client, cast.ministry, "post", "/batches/", {**BATCH, "quotas": {"13": 10**12}})
    )
    batch.refresh_from_db()
    assert batch.construction_period_years == 3
    # and the lists keep working
    assert api(client, cast.ministry, "get", "/batches/").status_code == 200
    assert api(client, cast.ministry, "get", f"/batches/{batch.pk}").status_code == 200


def test_a_batch_naming_a_run_that_does_not_exist_is_refused(client, cast):
    response = api(client, cast.ministry, "post", "/batches/", {**BATCH, "monitoring_run_id": 424242})
    assert response.status_code == 400 and response.json()["reasons"][0]["path"] == "monitoring_run_id"


def test_the_database_refuses_out_of_range_batches_and_stored_ones_are_clamped(cast, batch):
    for value in (0, 6, 549755813889):
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            Batch.objects.filter(pk=batch.pk).update(construction_period_years=value)
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Batch.objects.filter(pk=batch.pk).update(year=99999)
    # a row stored before the bounds existed (here: unsaved) does not make its pages allocate forever
    stale = Batch(name="旧", year=2020, construction_start_year=2021, construction_period_years=549755813889)
    assert stale.construction_years == (2021, 2022, 2023, 2024, 2025)


def test_monitoring_round_year_is_bounded_and_no_province_is_told(client, cast):
    framework = Framework.objects.get(code="provisional-23", version="1")
    for year in (-870, 99999):
        body = {"year": year, "framework_id": framework.pk, "deadline": "2025-06-30"}
        assert "year" in rejected_field(api(client, cast.ministry, "post", "/monitoring/rounds", body))
    assert not DataRound.objects.exists() and not Notification.objects.exists()


def test_open_round_refuses_a_year_out_of_range_whoever_calls_it(cast):
    from innocounty.monitoring.rounds import open_round
    from innocounty.monitoring.workflow import TransitionRefused

    framework = Framework.objects.get(code="provisional-23", version="1")
    with pytest.raises(TransitionRefused, match="2000"):
        open_round(cast.ministry, 99999, framework, dt.date(2025, 6, 30))
    assert not Notification.objects.exists()


def test_evaluation_run_seed_and_offsets(client, cast):
    framework = Framework.objects.get(code="provisional-23", version="1")
    body = {"year": 2024, "framework_id": framework.pk, "seed": 10000000000000000001}
    assert "seed" in rejected_field(api(client, cast.ministry, "post", "/evaluations/runs", body))
    assert "offset" in rejected_field(
        api(client, cast.ministry, "get", f"/evaluations/runs/1/results?offset={HUGE}")
    )
    assert "run_id" in rejected_field(api(client, cast.ministry, "get", f"/evaluations/runs/{HUGE}"))
    assert "offset" in rejected_field(api(client, cast.ministry, "get", f"/regions/counties?offset={HUGE}"))
    assert "page" in rejected_field(api(client, cast.ministry, "get", f"/rankings?page={HUGE}"))
    assert "page" in rejected_field(api(client, cast.ministry, "get", f"/audit/events?page={HUGE}"))
    assert "batch" in rejected_field(api(client, cast.ministry, "get", f"/applications/?batch={HUGE}"))
    assert "year" in rejected_field(api(client, cast.ministry, "get", "/evaluations/runs?year=%C2%B2"))


def test_priority_is_bounded_in_the_api(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="recommended", priority=1)
    response = api(
        client, cast.province, "post", f"/reviews/applications/{app.pk}/priority", {"priority": 10**20}
    )
    assert "priority" in rejected_field(response)


@pytest.mark.parametrize("query", ["year=%C2%B2", f"year={HUGE}", "year=1999", f"page={HUGE}", "page=%C2%B2"])
def test_run_list_ignores_a_bad_year_with_a_message(client, cast, query):
    client.force_login(cast.ministry)
    response = client.get(f"/evaluations/?{query}")
    assert response.status_code == 200
    if query.startswith("year"):
        assert "参数 year=" in response.content.decode()


@pytest.mark.parametrize("query", ["a=x&b=%C2%B2", f"a={HUGE}&b=1", "a=-1&b=0"])
def test_run_comparison_with_bad_ids(client, cast, query):
    client.force_login(cast.ministry)
    response = client.get(f"/evaluations/compare/?{query}")
    assert response.status_code == 200 and "参数 " in response.content.decode()


@pytest.mark.parametrize("query", ["batch=%C2%B2", f"batch={HUGE}", f"page={HUGE}", "page=%C2%B2"])
def test_application_list_with_bad_numbers(client, cast, batch, query):
    make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.ministry)
    response = client.get(f"/applications/?{query}")
    assert response.status_code == 200
    if query.startswith("batch"):
        assert "参数 batch=" in response.content.decode()


def test_version_comparison_with_a_bad_version_number_is_404(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    app.versions.create(number=1, submitted_by=cast.county, content=app.plan_json())
    client.force_login(cast.county)
    assert client.get(f"/applications/{app.pk}/compare/?a=%C2%B2").status_code == 404
    assert client.get(f"/applications/{app.pk}/compare/?a=1&b=%C2%B2").status_code == 404


def test_a_recommendation_priority_of_a_superscript_two_is_refused_by_name(client, cast):
    batch = make_batch(quotas={"13": 2})
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.province)
    response = client.post(f"/applications/{app.pk}/act/recommend/", {"priority": "²"}, follow=True)
    assert response.status_code == 200 and "推荐顺序" in response.content.decode()
    app.refresh_from_db()
    assert app.state == "submitted"
    moved = client.post(f"/reviews/applications/{app.pk}/priority/", {"priority": "²"}, follow=True)
    assert moved.status_code == 200
