"""The report's route through the adapter: county → province → ministry, with every refusal."""

import datetime as dt

import pytest

from innocounty.audit.models import AuditEvent
from innocounty.common import clock
from innocounty.construction.bindings import run_transition
from innocounty.construction.models import ReportDeadline
from innocounty.construction.permissions import reports_visible_to
from innocounty.construction.services import EditConflict, save_report
from innocounty.notifications.models import Notification
from innocounty.workflow.adapter import NotAllowed

from .conftest import FILLED_AT, filled_content

pytestmark = pytest.mark.django_db
OK = {"confirm": True}


def act(user, report, name, inputs=None, when=FILLED_AT):
    with clock.at(when):
        return run_transition(user, report, name, inputs or {})


def test_reports_open_for_each_construction_year(project):
    assert list(project.reports.values_list("year", "state")) == [
        (2024, "draft"),
        (2025, "draft"),
        (2026, "draft"),
    ]
    assert AuditEvent.objects.filter(action="annual_report.open").count() == 3


def test_the_whole_route(filled, cast):
    report = filled
    assert act(cast.county, report, "submit", OK).allowed
    assert report.state == "submitted" and not report.late
    assert Notification.objects.filter(recipient=cast.province).exists()
    out = act(cast.province, report, "return", {"reason": "请补充", "reason_targets": "实际值缺少来源"})
    assert out.allowed and report.state == "returned_by_province"
    report.refresh_from_db()
    assert report.return_reasons == {"targets": "实际值缺少来源", "general": "请补充"}
    assert report.returned_by == "province"
    assert act(cast.county, report, "submit", OK).allowed
    assert act(cast.province, report, "pass", OK).allowed
    report.refresh_from_db()
    assert report.return_reasons == {} and report.passed_at is not None
    assert act(cast.ministry, report, "receive").allowed
    assert report.state == "received"
    events = list(report.events.order_by("id").values_list("transition", flat=True))
    assert events == ["open", "submit", "return", "submit", "pass", "receive"]


def test_a_report_submitted_after_its_due_date_is_late(filled, cast):
    assert act(cast.county, filled, "submit", OK, when=dt.date(2025, 4, 1)).allowed
    filled.refresh_from_db()
    assert filled.late


def test_a_batch_sets_its_own_due_date(filled, cast, cbatch):
    ReportDeadline.objects.create(batch=cbatch, year=2024, due=dt.date(2025, 4, 30))
    assert act(cast.county, filled, "submit", OK, when=dt.date(2025, 4, 20)).allowed
    filled.refresh_from_db()
    assert not filled.late and filled.due == dt.date(2025, 4, 30)


def test_refusals_of_submit(report, filled, cast):
    with pytest.raises(NotAllowed):  # the province may not submit for the county
        act(cast.province, filled, "submit", OK)
    with pytest.raises(NotAllowed):  # another county's officer
        act(cast.county_guan, filled, "submit", OK)
    assert act(cast.county, filled, "submit").decision.codes[:1] == ("confirmation_required",)
    early = act(cast.county, filled, "submit", OK, when=dt.date(2024, 12, 31))
    assert "year_not_over" in early.decision.codes
    empty = filled.project.reports.get(year=2025)
    incomplete = act(cast.county, empty, "submit", OK, when=dt.date(2026, 2, 1))
    assert "report_incomplete" in incomplete.decision.codes
    assert {"task_status_missing", "funds_missing", "problems_short"} <= set(incomplete.decision.codes)
    assert act(cast.county, filled, "submit", OK).allowed
    assert act(cast.county, filled, "submit", OK).decision.codes == ("wrong_state",)


def test_refusals_of_the_review(filled, cast):
    act(cast.county, filled, "submit", OK)
    with pytest.raises(NotAllowed):
        act(cast.province_zj, filled, "pass", OK)  # another province
    with pytest.raises(NotAllowed):
        act(cast.county, filled, "pass", OK)
    assert act(cast.ministry, filled, "receive").decision.codes == (
        "wrong_state",
    )  # not passed (and not seen: 404)
    assert act(cast.province, filled, "pass").decision.codes[:1] == ("confirmation_required",)
    assert act(cast.province, filled, "return", {"reason_tasks": "x"}).decision.codes == ("missing_reason",)
    too_long = act(cast.province, filled, "return", {"reason": "x", "reason_funds": "长" * 2001})
    assert too_long.decision.codes == ("input_too_long",)
    assert act(cast.province, filled, "pass", OK).allowed
    assert act(cast.province, filled, "return", {"reason": "x"}).decision.codes == ("wrong_state",)
    assert act(cast.ministry, filled, "ministry_return", {"reason": "x"}).decision.codes[:1] == (
        "confirmation_required",
    )
    back = act(
        cast.ministry, filled, "ministry_return", {"reason": "资金数据有误", "reason_funds": "核对", **OK}
    )
    assert back.allowed and filled.state == "returned_by_ministry"
    assert act(cast.ministry, filled, "receive").decision.codes == ("wrong_state",)


def test_who_sees_what(filled, cast):
    def seen(user):
        return reports_visible_to(user).filter(pk=filled.pk).exists()

    assert seen(cast.county) and not seen(cast.county_guan)
    assert not seen(cast.province)  # a draft stays the county's
    assert not seen(cast.ministry) and not seen(cast.auditor) and not seen(cast.expert)
    act(cast.county, filled, "submit", OK)
    assert seen(cast.province) and not seen(cast.province_zj) and not seen(cast.ministry)
    act(cast.province, filled, "pass", OK)
    assert seen(cast.ministry) and seen(cast.auditor)


def test_saving_is_the_countys_while_it_may_edit(report, cast):
    with clock.at(FILLED_AT):
        save_report(cast.county, report, filled_content())
        with pytest.raises(EditConflict):
            save_report(cast.county, report, filled_content(), revision=0)
        from innocounty.common.refusals import Forbidden

        with pytest.raises(Forbidden):
            save_report(cast.province, report, filled_content())
        run_transition(cast.county, report, "submit", OK)
        with pytest.raises(Forbidden):
            save_report(cast.county, report, filled_content())


def test_content_is_bounded(report, cast):
    from innocounty.construction.services import EditRefused

    content = filled_content()
    content["problems"] = "长" * 20_001
    content["funds"]["central"] = float("inf")
    content["policies"] = [{"title": "x", "issued": "not a date"}]
    with pytest.raises(EditRefused) as refused:
        save_report(cast.county, report, content)
    assert len(refused.value.messages) == 3
    report.refresh_from_db()
    assert report.revision == 0


def test_a_different_actual_value_needs_a_reason(report, cast, monkeypatch):
    from innocounty.construction import services

    monkeypatch.setattr(services, "monitoring_values", lambda county, year: {"I01": 1.8})
    content = filled_content()
    content["targets"]["I01"] = {"actual": 2.0, "reason": ""}
    with clock.at(FILLED_AT):
        save_report(cast.county, report, content)
    codes = [p.code for p in services.form_problems(report)]
    assert "target_differs_without_reason" in codes
    content["targets"]["I01"] = {
        "actual": None,
        "reason": "",
    }  # left empty: the monitoring value is prefilled
    with clock.at(FILLED_AT):
        save_report(cast.county, report, content)
    assert services.form_content(report)["targets"]["I01"]["actual"] == 1.8
    assert "target_differs_without_reason" not in [p.code for p in services.form_problems(report)]


def test_report_rows_start_unopened_and_states_move_only_through_the_adapter(project, report):
    from innocounty.common.states import StateWriteRefused
    from innocounty.construction.models import AnnualReport

    with pytest.raises(StateWriteRefused):
        AnnualReport.objects.create(project=project, year=2027, state="passed")
    with pytest.raises(StateWriteRefused):
        AnnualReport.objects.filter(pk=report.pk).update(state="received")
