"""The county's side through the Django layer: create, edit (sections, tasks, milestones, targets),
submit with every missing part listed, withdraw, answer a return — and each refusal."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import complete_plan_json, make_application, make_batch
from innocounty.applications.models import Application, ApplicationEvent, PlanVersion
from innocounty.audit.models import AuditEvent
from innocounty.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _create(client, user, batch, county, theme="industry"):
    client.force_login(user)
    return client.post(reverse("applications:create", args=[batch.pk]), {"county": county.code, "theme": theme})


def test_county_officer_creates_a_draft(client, cast, batch):
    response = _create(client, cast.county, batch, cast.zhengding)
    app = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("applications:edit", args=[app.pk])
    assert app.state == "draft" and app.theme == "industry"
    assert app.events.get().transition == "create_draft"
    assert AuditEvent.objects.filter(action="application.create_draft").exists()


def test_create_refused_for_another_county(client, cast, batch):
    response = _create(client, cast.county, batch, cast.guan)
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_create_refused_for_a_province_officer(client, cast, batch):
    response = _create(client, cast.province, batch, cast.zhengding)
    assert response.status_code == 403


def test_create_refused_for_an_urban_district(client, cast, batch):
    response = _create(client, cast.county_district, batch, cast.district)
    assert response.status_code == 302 and not Application.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("市辖区" in m for m in messages)


def test_create_refused_when_the_window_is_closed(client, cast):
    closed = make_batch("已截止窗口", opens_in_days=-30, closes_in_days=-1)
    response = _create(client, cast.county, closed, cast.zhengding)
    assert not Application.objects.exists()
    assert any("截止" in str(m) for m in response.wsgi_request._messages)


def test_create_refused_twice_in_one_batch(client, cast, batch):
    _create(client, cast.county, batch, cast.zhengding)
    response = _create(client, cast.county, batch, cast.zhengding)
    assert Application.objects.count() == 1
    assert any("已有申报" in str(m) for m in response.wsgi_request._messages)


def test_section_autosave_sanitises_and_reports_length(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, complete=False)
    client.force_login(cast.county)
    html = '<p onclick="x()">建设<b style="color:red">基础</b></p><script>alert(1)</script><img src=x onerror=y>'
    response = client.post(reverse("applications:section", args=[app.pk, "basis"]), {"html": html}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "已自动保存" in response.content.decode()
    app.refresh_from_db()
    assert app.sections["basis"] == "<p>建设<b>基础</b></p>"


def test_edit_pages_save_tasks_milestones_and_targets(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, complete=False)
    client.force_login(cast.county)
    years = batch.construction_years
    client.post(reverse("applications:tasks", args=[app.pk]), {"theme": "ecology", "task_policy_implementation": "落实研发费用加计扣除等政策"})
    client.post(reverse("applications:milestones", args=[app.pk]), {f"milestones_{years[0]}": "节点一\n节点二", f"milestones_{years[1]}": "节点三"})
    client.post(reverse("applications:targets", args=[app.pk]), {
        "target_code": ["I01", ""], "target_baseline": ["2.5", ""],
        f"target_{years[0]}": ["3", ""], f"target_{years[1]}": ["3.5", ""], f"target_{years[2]}": ["4", ""],
    })
    app.refresh_from_db()
    assert app.theme == "ecology" and app.key_tasks["policy_implementation"].startswith("落实")
    assert [m["text"] for m in app.milestones] == ["节点一", "节点二", "节点三"]
    [target] = app.targets
    assert target["indicator_code"] == "I01" and target["baseline"] == 2.5 and target["baseline_source"] == "county"
    assert target["values"] == {str(years[0]): 3.0, str(years[1]): 3.5, str(years[2]): 4.0}
    page = client.get(reverse("applications:edit", args=[app.pk])).content.decode()
    assert "县（市）本级财政科学技术支出" in page  # indicator names from the shipped framework


def test_submit_lists_every_missing_part(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, complete=False)
    client.force_login(cast.county)
    response = client.post(reverse("applications:transition", args=[app.pk, "submit"]), follow=True)
    text = response.content.decode()
    for title in ("建设基础", "思路目标", "建设定位", "建设任务", "进度安排", "组织管理与运行机制", "配套政策与保障措施"):
        assert f"「{title}」未填写" in text
    assert "抓科技成果转移转化" in text and "量化目标不少于3项" in text
    app.refresh_from_db()
    assert app.state == "draft" and not PlanVersion.objects.exists()


def test_submit_complete_application_freezes_a_version_and_notifies_the_province(client, cast, batch, mailoutbox):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    client.post(reverse("applications:transition", args=[app.pk, "submit"]), {"confirm": "1"})
    app.refresh_from_db()
    assert app.state == "submitted" and app.submitted_at
    version = app.versions.get()
    assert version.number == 1 and version.content["sections"] == app.sections
    assert Notification.objects.filter(recipient=cast.province).exists()
    assert not Notification.objects.filter(recipient=cast.province_zj).exists()


def test_submit_without_confirmation_is_refused_and_changes_nothing(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    response = client.post(reverse("applications:transition", args=[app.pk, "submit"]), follow=True)
    assert "须确认后办理" in response.content.decode()
    app.refresh_from_db()
    assert app.state == "draft" and not app.submitted_at and not PlanVersion.objects.exists()
    assert not Notification.objects.exists() and not AuditEvent.objects.filter(action="application.submit").exists()


def test_after_submission_the_plan_cannot_be_edited(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county)
    client.post(reverse("applications:section", args=[app.pk, "basis"]), {"html": "<p>改</p>"})
    app.refresh_from_db()
    assert app.sections["basis"] != "<p>改</p>"


def test_submit_refused_after_the_window_closed(client, cast):
    batch = make_batch("已截止", opens_in_days=-30, closes_in_days=-1)
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    response = client.post(reverse("applications:transition", args=[app.pk, "submit"]), follow=True)
    assert "申报已于" in response.content.decode()
    app.refresh_from_db()
    assert app.state == "draft"


def test_withdraw_with_reason(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county)
    client.post(reverse("applications:transition", args=[app.pk, "withdraw"]), {"reason": "条件尚不成熟", "confirm": "1"})
    app.refresh_from_db()
    assert app.state == "withdrawn"
    assert ApplicationEvent.objects.get(application=app).reason == "条件尚不成熟"


def test_other_county_cannot_see_or_act(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    client.force_login(cast.county_guan)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 404
    assert client.post(reverse("applications:transition", args=[app.pk, "withdraw"])).status_code == 404


def test_answer_a_return_with_a_response_and_resubmit(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="returned_by_province")
    client.force_login(cast.county)
    client.post(reverse("applications:section", args=[app.pk, "basis"]), {"html": app.sections["basis"] + "<p>补充了近三年研发投入数据。</p>"})
    refused = client.post(reverse("applications:transition", args=[app.pk, "resubmit"]), {"confirm": "1"}, follow=True)
    assert "须填写修改说明" in refused.content.decode()
    client.post(reverse("applications:transition", args=[app.pk, "resubmit"]), {"response": "已按要求补充数据", "confirm": "1"})
    app.refresh_from_db()
    assert app.state == "submitted"
    assert app.versions.get().note == "已按要求补充数据"


def test_detail_page_shows_history_and_plan(client, cast, batch):
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    client.post(reverse("applications:transition", args=[app.pk, "submit"]), {"confirm": "1"})
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "提交申报" in page and "建设基础" in page and "已提交" in page


def test_complete_plan_factory_passes_the_core_check(cast, batch):
    from innocounty.applications.plan_data import plan_from_json
    from innocounty.programme import completeness

    plan = plan_from_json(complete_plan_json(batch.construction_years))
    assert [p for p in completeness(plan, construction_years=batch.construction_years) if p.is_error] == []
