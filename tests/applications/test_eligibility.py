"""Issue 8 items 24 and 30: an application is judged with its batch's monitoring run, and the batch's
eligibility rule decides what 不符合 means (gate, warning, off)."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application, make_batch
from innocounty.applications.models import ApplicationEvent
from innocounty.applications.workflow import context_for, run_transition
from innocounty.batches.models import Batch
from innocounty.common.states import seeding_states
from innocounty.programme import check
from innocounty.programme.guards import Refusal

from .conftest import publish_run

pytestmark = pytest.mark.django_db


def _rule(batch, rule):
    batch.eligibility_rule = rule
    batch.save(update_fields=["eligibility_rule"])


# 24 — the batch's run, not the newest data


def test_an_old_batch_is_judged_with_the_run_of_its_era(client, cast):
    old_run = publish_run(2018, {cast.zhengding: (True, "综合指数省内第2名")})
    publish_run(2025, {cast.zhengding: (False, "综合指数省内第80名")})
    batch = make_batch("2018年批次", status="closed")
    Batch.objects.filter(pk=batch.pk).update(year=2018)
    batch.refresh_from_db()
    assert batch.evaluation_run() == old_run
    app = make_application(batch, cast.zhengding, cast.county, state="formal_review_passed")
    client.force_login(cast.ministry)
    body = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "综合指数省内第2名" in body and "综合指数省内第80名" not in body


def test_a_batch_before_any_run_takes_the_earliest(cast):
    first = publish_run(2019, {})
    publish_run(2025, {})
    batch = make_batch("2018年批次")
    Batch.objects.filter(pk=batch.pk).update(year=2018)
    batch.refresh_from_db()
    assert batch.evaluation_run() == first


def test_the_position_panel_names_indicators(client, cast, batch, ineligible_run):
    app = make_application(batch, cast.zhengding, cast.county)
    app.targets = [{**t, "indicator_name": t["indicator_code"]} for t in app.targets]  # stored without names
    app.save()
    client.force_login(cast.county)
    body = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert (
        "全社会研发投入强度（I01）" in body and "全社会研发投入强度 <span" in body
    )  # top-quartile indicator by name
    assert "I01 I01" not in body and ">I01 <" not in body


# 30 — the eligibility rule


def test_gate_refuses_submission_of_an_ineligible_county(cast, batch, ineligible_run):
    _rule(batch, "gate")
    app = make_application(batch, cast.zhengding, cast.county)
    outcome = run_transition(cast.county, app, "submit", {"confirm": True})
    assert not outcome.allowed and Refusal.NOT_ELIGIBLE in outcome.decision.codes
    assert any("不能提交" in m for m in outcome.decision.messages)
    eligible = make_application(batch, cast.guan, cast.county_guan)
    assert run_transition(cast.county_guan, eligible, "submit", {"confirm": True}).allowed


def test_warning_lets_the_county_submit_and_asks_the_province_for_a_reason(
    client, cast, batch, ineligible_run
):
    _rule(batch, "warning")
    app = make_application(batch, cast.zhengding, cast.county)
    assert run_transition(cast.county, app, "submit", {"confirm": True}).allowed
    app.refresh_from_db()
    refused = run_transition(cast.province, app, "recommend")
    assert not refused.allowed and Refusal.MISSING_ELIGIBILITY_REASON in refused.decision.codes
    # The button stays available (the form asks for the reason).
    assert check("recommend", context_for(cast.province, app, {"eligibility_reason": "…"})).allowed
    client.force_login(cast.province)
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert 'name="eligibility_reason"' in page
    desk = client.get(reverse("reviews:province", args=[batch.pk, "13"])).content.decode()
    assert 'name="eligibility_reason"' in desk
    response = client.post(reverse("applications:transition", args=[app.pk, "recommend"]),
                           {"eligibility_reason": "该县主导产业创新能力突出，监测数据滞后一年"})  # fmt: skip
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "recommended"
    event = ApplicationEvent.objects.get(application=app, transition="recommend")
    assert event.details["eligibility_reason"].startswith("该县主导产业")
    # The ministry sees the reason in formal review.
    with seeding_states():  # the list's submission is not this test's subject
        app.state = "forwarded"
        app.save()
    client.force_login(cast.ministry)
    formal = client.get(reverse("reviews:formal_review", args=[app.pk])).content.decode()
    assert "该县主导产业创新能力突出" in formal
    with seeding_states():
        app.state = "formal_review_passed"
        app.save()
    evaluation = client.get(reverse("reviews:data_evaluation", args=[batch.pk])).content.decode()
    assert "省级推荐理由：该县主导产业创新能力突出" in evaluation


def test_off_has_no_consequence(cast, batch, ineligible_run):
    _rule(batch, "off")
    app = make_application(batch, cast.zhengding, cast.county)
    assert run_transition(cast.county, app, "submit", {"confirm": True}).allowed
    app.refresh_from_db()
    assert run_transition(cast.province, app, "recommend").allowed


@pytest.mark.parametrize(
    ("rule", "words"), [("gate", "不能提交申报"), ("warning", "须说明理由"), ("off", "仅供参考")]
)
def test_the_editor_says_which_rule_applies(client, cast, batch, ineligible_run, rule, words):
    _rule(batch, rule)
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    body = client.get(reverse("applications:edit", args=[app.pk])).content.decode()
    assert 'data-testid="eligibility-rule"' in body and words in body
    assert "综合指数省内第45名" in body and f"{ineligible_run.year}年度" in body


def test_the_rule_is_set_through_the_batch_api(client, cast):
    client.force_login(cast.ministry)
    payload = {"name": "规则批次", "year": 2026, "application_opens": "2026-03-01", "application_closes": "2026-05-01",
               "construction_start_year": 2027, "eligibility_rule": "gate"}  # fmt: skip
    created = client.post("/api/batches/", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["eligibility_rule"] == "gate"
    wrong = client.post(
        "/api/batches/", {**payload, "eligibility_rule": "maybe"}, content_type="application/json"
    )
    assert wrong.status_code == 422
