"""Acceptance pages: scope (an expert sees only assigned projects), the county's summary, actions, the
document, the public list of 创新型县（市）, the work plan and its annual reports."""

import pytest
from django.urls import reverse

from innocounty.acceptance.services import Refused, start_work_plan
from innocounty.common import clock
from innocounty.workflow.adapter import apply_transition

from .conftest import C, scored


def published(cast, abatch, opened, experts):
    scored(cast, abatch, opened, experts)
    apply_transition(cast.ministry, opened, "pass", C).require()
    apply_transition(cast.ministry, abatch.acceptance_list, "publish", C).require()


def test_an_expert_sees_only_the_projects_assigned_to_them(client, cast, abatch, opened):
    from innocounty.experts.factories import make_expert

    # Conflicts make the panels certain: Zhengding {exp, e2}, Anji {e2, e3}.
    experts = [
        make_expert("exp", "11", user=cast.expert, conflicts=["330523"]),
        make_expert("e2", "31"),
        make_expert("e3", "44", conflicts=["130123"]),
    ]
    from innocounty.acceptance.services import open_batch
    from innocounty.applications.factories import make_application
    from innocounty.construction.services import project_for

    other = project_for(make_application(abatch, cast.anji, cast.county_anji, state="approved"))
    open_batch(cast.ministry, abatch)
    client.force_login(cast.expert)
    assert client.get(reverse("acceptance:project", args=[opened.pk])).status_code == 404  # not yet declared
    scored(cast, abatch, opened, experts)
    from innocounty.experts.models import Assignment

    mine = set(Assignment.objects.filter(expert__user=cast.expert, purpose="acceptance", state="declared")
               .values_list("subject_id", flat=True))  # fmt: skip
    assert mine == {opened.pk}  # the solver put the test's expert on Zhengding's panel (panel of 2 from 3)
    for acc in (opened, other.acceptance):
        expected = 200 if acc.pk in mine else 404
        assert client.get(reverse("acceptance:project", args=[acc.pk])).status_code == expected
    page = client.get(reverse("acceptance:project", args=[opened.pk])).content.decode()
    assert "各项指标完成情况" in page and "验收专家评分" not in page  # the panel's scores are the ministry's
    assert client.get(reverse("acceptance:batch", args=[abatch.pk])).status_code == 403


def test_other_counties_and_anonymous_users_are_kept_out(client, cast, opened):
    client.force_login(cast.county_guan)
    assert client.get(reverse("acceptance:project", args=[opened.pk])).status_code == 404
    assert client.post(reverse("acceptance:summary", args=[opened.pk]), {"summary": "x"}).status_code == 404
    client.logout()
    assert client.get(reverse("acceptance:project", args=[opened.pk])).status_code == 302


def test_the_county_writes_and_submits_its_summary_with_a_file(client, cast, opened, media):
    client.force_login(cast.county)
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    r = client.post(reverse("acceptance:summary", args=[opened.pk]), {"summary": "三年建设总结", "file": pdf})
    assert r.status_code == 302
    opened.refresh_from_db()
    assert opened.summary == "三年建设总结" and opened.attachments.count() == 1
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(reverse("acceptance:summary", args=[opened.pk]), {"summary": "三年建设总结", "file": fake})
    assert opened.attachments.count() == 1
    page = client.get(reverse("acceptance:project", args=[opened.pk])).content.decode()
    assert 'data-testid="do-submit_summary"' in page and "请确认" in page
    client.post(reverse("acceptance:act", args=[opened.pk, "submit_summary"]), {"confirm": "1"})
    opened.refresh_from_db()
    assert opened.state == "summary_submitted"
    assert (
        client.post(reverse("acceptance:act", args=[opened.pk, "pass"]), {"confirm": "1"}).status_code == 403
    )
    assert client.post(reverse("acceptance:act", args=[opened.pk, "nonsense"]), {}).status_code == 404


def test_ministry_pages_and_odd_input(client, cast, abatch, opened):
    client.force_login(cast.ministry)
    assert client.get(reverse("acceptance:index")).status_code == 200
    assert "第一批（验收测试）" in client.get(reverse("acceptance:batch", args=[abatch.pk])).content.decode()
    r = client.post(
        reverse("acceptance:list_act", args=[abatch.pk, "start_notice"]),
        {"notice_days": "1e9", "confirm": "1"},
    )
    assert r.status_code == 302
    abatch.acceptance_list.refresh_from_db()
    assert abatch.acceptance_list.state == "draft"
    r = client.post(reverse("acceptance:act", args=[opened.pk, "record_defence"]), {"defence_at": "x" * 5000})
    assert r.status_code == 302


def test_publication_document_and_public_list(client, cast, abatch, opened, experts):
    published(cast, abatch, opened, experts)
    client.force_login(cast.ministry)
    docx = client.get(reverse("acceptance:document", args=[abatch.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from innocounty.acceptance.services import document_context

    context = document_context(abatch)
    assert context["values"]["count"] == 1 and context["tables"][0].rows[0][2] == "正定县"
    client.logout()
    page = client.get(reverse("innovative:counties")).content.decode()
    assert "正定县" in page and 'data-testid="innovative-map"' in page
    data = client.get(reverse("innovative:map_data")).json()
    assert next(a for a in data["areas"] if a["code"] == "13")["counties"] == 1


def test_a_failed_county_is_not_listed(client, cast, abatch, opened, experts):
    scored(cast, abatch, opened, experts)
    apply_transition(cast.ministry, opened, "fail", {"reason": "未完成", **C}).require()
    apply_transition(cast.ministry, abatch.acceptance_list, "publish", C).require()
    assert "正定县" not in client.get(reverse("innovative:counties")).content.decode()


def test_work_plan_starts_after_publication_with_three_annual_reports(client, cast, abatch, opened, experts):
    with pytest.raises(Refused):  # not yet passed
        start_work_plan(cast.county, opened.project, "目标", clock.today())
    published(cast, abatch, opened, experts)
    from innocounty.common.refusals import Forbidden

    with pytest.raises(Forbidden):
        start_work_plan(cast.county_guan, opened.project, "目标", clock.today())
    with pytest.raises(Refused):
        start_work_plan(cast.county, opened.project, "  ", clock.today())
    client.force_login(cast.county)
    page = client.get(reverse("acceptance:project", args=[opened.pk])).content.decode()
    assert 'data-testid="start-plan"' in page
    client.post(reverse("acceptance:start_plan", args=[opened.pk]), {"goals": "巩固提升创新能力"})
    plan = opened.project.work_plan
    this = clock.today().year
    assert plan.years == (max(2025, this), max(2025, this) + 1, max(2025, this) + 2)
    reports = list(opened.project.reports.filter(year__in=plan.years))
    assert len(reports) == 3 and all(r.state == "draft" for r in reports)
    assert opened.project.reports.count() == 6  # the three construction years' and the plan's three
    with pytest.raises(Refused):
        start_work_plan(cast.county, opened.project, "再来一次", clock.today())
    page = client.get(reverse("acceptance:project", args=[opened.pk])).content.decode()
    assert f'data-testid="plan-report-{plan.first_year}"' in page
    # the plan's reports follow the annual report route (county → province)
    r = client.get(reverse("construction:report", args=[reports[0].pk]))
    assert r.status_code == 200


def test_dashboard_panels_against_hand_counts(client, cast, abatch, opened, experts):
    from innocounty.acceptance.panels import built_by_2025, outcome_counts, report_counts
    from innocounty.common.panels import build_panels

    rows = report_counts()
    assert [r[:3] for r in rows] == [[abatch.name, 2022, 1], [abatch.name, 2023, 1], [abatch.name, 2024, 1]]
    assert all(r[4] == 1 and r[3] == 0 for r in rows)  # none submitted: all late
    assert outcome_counts(published_only=False) == [[abatch.name, 1, 0, 0, 0, 1, "待发布"]]
    assert outcome_counts(published_only=True) == [] and built_by_2025() is None
    keys = [p.key for p in build_panels(cast.ministry)]
    assert "annual_reports" in keys and "acceptance" in keys
    assert "annual_reports" not in [p.key for p in build_panels(cast.county)]
    scored(cast, abatch, opened, experts)
    apply_transition(cast.ministry, opened, "pass", C).require()
    apply_transition(cast.ministry, abatch.acceptance_list, "publish", C).require()
    assert outcome_counts(published_only=True) == [[abatch.name, 1, 1, 0, 0, 0, "已发文公布"]]
    assert built_by_2025() is None  # published after 2025 (today)
