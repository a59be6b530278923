"""The county's plan editor (issue 8 items 16, 20, 21, 22): conflicting saves, read-only after
submission, failed saves shown with the text kept, unique element ids, baselines with reasons."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from innocounty.applications.factories import complete_plan_json, make_application
from innocounty.applications.models import Application

from .conftest import publish_run

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _section(client, app, html, revision=None, key="basis", **extra):
    data = {"html": html}
    if revision is not None:
        data["revision"] = str(revision)
    return client.post(reverse("applications:section", args=[app.pk, key]), data, **extra)


# 16 — two sessions editing one section


def test_a_stale_section_save_is_refused_and_shows_both_texts(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    first = _section(client, app, "<p>甲窗口写的建设基础</p>", revision=0, **HX)
    assert first.status_code == 200 and 'data-revision="1"' in first.content.decode()
    stale = _section(client, app, "<p>乙窗口写的建设基础</p>", revision=0, **HX)
    body = stale.content.decode()
    assert stale.status_code == 409
    assert 'data-save-status="conflict"' in body and 'data-revision="1"' in body
    assert "甲窗口写的建设基础" in body  # the stored text, shown next to the user's own (kept in the editor)
    app.refresh_from_db()
    assert app.sections["basis"] == "<p>甲窗口写的建设基础</p>" and app.revision("sections.basis") == 1
    # Keeping one's own text: save again with the token the conflict named.
    mine = _section(client, app, "<p>乙窗口写的建设基础</p>", revision=1, **HX)
    assert mine.status_code == 200
    app.refresh_from_db()
    assert app.sections["basis"] == "<p>乙窗口写的建设基础</p>" and app.revision("sections.basis") == 2


def test_tokens_are_per_part(client, cast, batch):
    """Saving one section does not make another section's token stale."""
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    assert _section(client, app, "<p>基础</p>", revision=0, **HX).status_code == 200
    assert _section(client, app, "<p>定位</p>", revision=0, key="positioning", **HX).status_code == 200


def test_a_stale_save_without_javascript_shows_both_texts(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    _section(client, app, "<p>已保存的文字</p>", revision=0)
    response = _section(client, app, "<p>我刚输入的文字</p><script>alert(1)</script>", revision=0)
    body = response.content.decode()
    assert response.status_code == 409
    assert "已保存的文字" in body and "<p>我刚输入的文字</p>" in body
    assert "alert(1)" not in body  # the user's copy is shown sanitised


def test_a_stale_milestone_save_names_the_stored_text(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    year = batch.construction_years[0]
    client.force_login(cast.county)
    url = reverse("applications:milestones", args=[app.pk])
    assert (
        client.post(url, {f"milestones_{year}": "第一窗口的节点", "revision": "0"}, **HX).status_code == 200
    )
    stale = client.post(url, {f"milestones_{year}": "第二窗口的节点", "revision": "0"}, **HX)
    assert stale.status_code == 409 and "第一窗口的节点" in stale.content.decode()


def test_api_refuses_a_stale_token_with_both_texts(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    url = f"/api/applications/{app.pk}/sections/basis"
    token = client.get(f"/api/applications/{app.pk}").json()["revisions"]["sections.basis"]
    assert (
        client.put(
            url, {"text": "第一次保存", "revision": token}, content_type="application/json"
        ).status_code
        == 200
    )
    stale = client.put(url, {"text": "第二个会话", "revision": token}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["part"] == "sections.basis" and body["revision"] == token + 1
    assert "第一次保存" in body["stored"] and "第二个会话" in body["yours"]
    plan = client.patch(f"/api/applications/{app.pk}/plan", {"key_tasks": {"public_benefit": "新的安排说明文字"},
                        "revisions": {"key_tasks": 5}}, content_type="application/json")  # fmt: skip
    assert plan.status_code == 409 and plan.json()["part"] == "key_tasks"


# 20 — after submission


def test_a_submitted_application_opens_read_only(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    response = client.post(reverse("applications:transition", args=[app.pk, "submit"]),
                           {"next": reverse("applications:edit", args=[app.pk]), "confirm": "1"})  # fmt: skip
    app.refresh_from_db()
    assert app.state == "submitted"
    assert response.status_code == 302 and response.url == reverse("applications:detail", args=[app.pk])
    editor = client.get(reverse("applications:edit", args=[app.pk]))
    assert editor.status_code == 302 and editor.url == reverse("applications:detail", args=[app.pk])


def test_a_refused_autosave_is_shown_at_once(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county)
    response = _section(client, app, "<p>提交后继续输入的文字</p>", revision=0, **HX)
    body = response.content.decode()
    assert response.status_code == 409
    assert 'role="alert"' in body and 'data-save-status="error"' in body and "未保存" in body
    app.refresh_from_db()
    assert "提交后继续输入的文字" not in app.sections["basis"]


def test_a_refused_save_without_javascript_keeps_the_text(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county)
    response = _section(client, app, "<p>提交后继续输入的文字</p>")
    assert response.status_code == 409 and "提交后继续输入的文字" in response.content.decode()


def test_the_editor_loads_its_script_and_tokens(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    body = client.get(reverse("applications:edit", args=[app.pk])).content.decode()
    assert "applications/editor.js" in body and 'data-part="sections.basis"' in body
    assert 'name="revision" value="0"' in body


# 21 — unique ids


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]


@pytest.mark.parametrize("with_comments", [False, True])
def test_every_id_of_the_editor_is_unique(client, cast, batch, with_comments):
    app = make_application(batch, cast.zhengding, cast.county)
    if with_comments:
        app.shared_with_province = True
        app.save()
        client.force_login(cast.province)
        for part in ("tasks", "key_tasks", "general"):
            client.post(reverse("applications:comment", args=[app.pk]), {"part": part, "text": "请补充"})
    client.force_login(cast.county)
    parser = _Ids()
    parser.feed(client.get(reverse("applications:edit", args=[app.pk])).content.decode())
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    assert parser.ids and duplicates == []
    assert "status-section-tasks" in parser.ids and "status-key-tasks" in parser.ids


# 22 — baselines typed by the county


@pytest.fixture
def monitored(cast, batch):
    run = publish_run(
        batch.year - 1, {cast.zhengding: (True, "")}, {cast.zhengding: {"I01": 3235.0, "I02": 2.1}}
    )
    batch.monitoring_run = run
    batch.save(update_fields=["monitoring_run"])
    return run


def _targets(client, app, baseline, reason="", years=None):
    app.refresh_from_db()
    data = {"target_code": ["I01"], "target_baseline": [baseline], "target_reason": [reason],
            "revision": str(app.revision("targets"))}  # fmt: skip
    for y in years:
        data[f"target_{y}"] = ["4000"]
    return client.post(reverse("applications:targets", args=[app.pk]), data)


def test_a_differing_baseline_without_reason_is_refused_and_kept_on_the_page(client, cast, batch, monitored):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    response = _targets(client, app, "647", years=batch.construction_years)
    body = response.content.decode()
    assert response.status_code == 400
    assert "647" in body and "3235" in body and "须填写理由" in body  # both values shown, the rule named
    app.refresh_from_db()
    assert app.targets == complete_plan_json(batch.construction_years, cast.zhengding.name)["targets"]


def test_a_differing_baseline_with_reason_keeps_both_values(client, cast, batch, monitored):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    response = _targets(
        client, app, "647", "统计口径为规上企业，采用县统计局2023年快报", batch.construction_years
    )
    assert response.status_code == 302
    app.refresh_from_db()
    target = app.targets[0]
    assert target["baseline"] == 647 and target["baseline_source"] == "county"
    assert target["monitoring_baseline"] == 3235.0 and target["baseline_reason"].startswith("统计口径")
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "647" in detail and "3235" in detail and "统计口径为规上企业" in detail


def test_an_empty_or_equal_baseline_takes_the_monitoring_value(client, cast, batch, monitored):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    assert _targets(client, app, "", years=batch.construction_years).status_code == 302
    app.refresh_from_db()
    assert app.targets[0]["baseline"] == 3235.0 and app.targets[0]["baseline_source"] == "monitoring"
    assert _targets(client, app, "3235", years=batch.construction_years).status_code == 302


def test_api_names_the_row_of_a_baseline_without_reason(client, cast, batch, monitored):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    response = client.patch(f"/api/applications/{app.pk}/plan", {"targets": [
        {"indicator_code": "I02", "baseline": 2.1}, {"indicator_code": "I01", "baseline": 647}]},
        content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    reason = response.json()["reasons"][0]
    assert reason["path"] == "targets[1].baseline_reason" and "第2行" in reason["message"]
    assert Application.objects.get(pk=app.pk).targets[0]["indicator_code"] == "I01"  # unchanged


def test_each_row_shows_the_monitoring_value_and_keeps_unlisted_indicators(client, cast, batch, monitored):
    app = make_application(batch, cast.zhengding, cast.county)  # targets I01, I02, I03; the run lists I01, I02
    client.force_login(cast.county)
    body = client.get(reverse("applications:edit", args=[app.pk])).content.decode()
    assert "3235" in body  # I01's monitoring value beside the county's baseline
    assert '<option value="I03" selected>' in body


def test_api_writes_nothing_when_one_token_of_a_plan_patch_is_stale(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    year = batch.construction_years[0]
    client.force_login(cast.county)
    response = client.patch(f"/api/applications/{app.pk}/plan", {
        "key_tasks": {"public_benefit": "这一段不应被写入，因为进度安排的版本号已过期"},
        "milestones": {str(year): "新的节点"}, "revisions": {"key_tasks": 0, "milestones": 3},
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 409 and response.json()["part"] == "milestones"
    app.refresh_from_db()
    assert "不应被写入" not in app.key_tasks["public_benefit"] and app.revisions == {}
