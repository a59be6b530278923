"""The run service: results on the hand-made dataset, reproducibility, failure, publishing, immutability."""

from __future__ import annotations

import pytest

from innocounty.audit.models import AuditEvent
from innocounty.evaluations.inputs import RunInputError, build_input
from innocounty.evaluations.models import (
    CountyResult,
    DataScope,
    EvaluationRun,
    ImmutableRunError,
    IndicatorResult,
    RunNodeWeight,
    RunStatus,
)
from innocounty.evaluations.runs import RunRefused, compare_runs, publish_run, start_run
from innocounty.evaluations.storage import stored_checksums
from innocounty.notifications.models import Notification

YEAR = 2024  # the year of the conftest data round


def rows(run):
    return {r.county_id: r for r in CountyResult.objects.filter(run=run)}


def test_run_succeeds_with_the_expected_scores_and_ranks(run):
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 100 and run.unit_count == 6 and run.started_at and run.finished_at
    r = rows(run)
    assert {c: r[c].index_score for c in r} == pytest.approx(
        {"970121": 80, "970122": 55, "970123": 65, "970124": 50, "980121": 50, "980122": 0})
    assert {c: r[c].national_rank for c in r} == {
        "970121": 1, "970123": 2, "970122": 3, "970124": 4, "980121": 4, "980122": 6}
    assert (r["970123"].province_rank, r["970123"].province_n) == (2, 4)
    assert (r["980121"].province_rank, r["980121"].province_n) == (1, 2)
    assert r["970121"].dimension_scores == pytest.approx({"D1": 60, "D2": 100})
    assert r["970121"].national_n == 6
    assert r["970121"].belt == "east" and r["970123"].unit_type == "县级市"


def test_eligibility_and_groups_are_stored_with_their_reason(run):
    r = rows(run)
    assert [c for c in sorted(r) if r[c].eligible] == ["970121", "980121"]
    assert r["970121"].eligibility_reason == "综合指数省内排名第1/4（前25%线为第1名）；2项指标位居省内前25%（要求≥2项）"
    assert r["970121"].top_quartile_indicators == ["I02", "I03"]
    assert r["980121"].top_quartile_indicators == ["I01", "I02", "I03"]
    assert r["970123"].composite_pass is False and r["970123"].indicator_pass is False
    assert {c: r[c].performance_group for c in r} == {
        "970121": "创新领先", "970123": "创新领先", "970122": "创新强劲", "970124": "创新强劲", "980121": "创新强劲",
        "980122": "创新起步"}
    assert r["970121"].performance_ratio == pytest.approx(160)


def test_indicator_rows_and_node_weights(run):
    ind = {(i.county_id, i.indicator_code): i for i in IndicatorResult.objects.filter(run=run)}
    assert len(ind) == 18
    a = ind[("970121", "I03")]
    assert (a.raw_value, a.denominated_value, a.normalised_score) == (1, 1, pytest.approx(100))
    assert a.province_rank == 1 and a.top_quartile and not a.imputed and not a.treated
    assert ind[("970124", "I01")].province_rank == 1
    weights = {w.code: w.effective_weight for w in RunNodeWeight.objects.filter(run=run)}
    assert weights == pytest.approx({"INDEX": 1, "D1": 0.5, "D2": 0.5, "I01": 0.25, "I02": 0.25, "I03": 0.5})


def test_uncertainty_intervals_are_stored(run):
    for row in CountyResult.objects.filter(run=run):
        assert 1 <= row.national_rank_q05 <= row.national_rank_q95 <= 6
        assert 1 <= row.province_rank_q05 <= row.province_rank_q95 <= row.province_n
        assert 0 <= row.eligible_share <= 1
    assert run.method["uncertainty"]["n"] == 20 and run.method["uncertainty"]["seed"] == 7


def test_same_inputs_and_seed_give_identical_results_and_checksums(run_factory):
    first, second = run_factory(seed=11), run_factory(seed=11)
    assert first.result_checksums == second.result_checksums
    assert (first.input_sha256, first.config_sha256) == (second.input_sha256, second.config_sha256)
    fields = ["county_id", "index_score", "national_rank_q05", "national_rank_q95", "province_rank_q05",
              "eligible_share", "eligibility_reason"]
    a = list(CountyResult.objects.filter(run=first).order_by("county_id").values_list(*fields))
    b = list(CountyResult.objects.filter(run=second).order_by("county_id").values_list(*fields))
    assert a == b
    assert stored_checksums(first) == first.result_checksums


def test_another_seed_changes_the_configuration_checksum_only_for_the_seed(run_factory):
    a, b = run_factory(seed=1), run_factory(seed=2)
    assert a.input_sha256 == b.input_sha256 and a.config_sha256 != b.config_sha256


def test_a_constant_indicator_fails_the_run_with_a_chinese_message(make_round, framework, ministry, simple_method,
                                                                   values_table):
    EvaluationRun.objects.all().delete()
    constant = {code: (7, row[1], row[2]) for code, row in values_table.items()}
    make_round(constant, year=YEAR + 1)
    run = start_run(ministry, YEAR + 1, framework, {**simple_method, "normalise": {"method": "minmax",
                                                                                "degenerate": "error"}}, 5, 1)
    assert run.status == RunStatus.FAILED
    assert "标准化" in run.error and "I01" in run.error
    assert not CountyResult.objects.filter(run=run).exists()
    assert AuditEvent.objects.filter(action="evaluation_run.fail", object_id=str(run.pk)).exists()
    assert Notification.objects.filter(recipient=ministry, title__contains="失败").exists()


def test_the_same_data_with_degenerate_exclude_succeeds(make_round, framework, ministry, simple_method,
                                                        values_table):
    make_round({code: (7, row[1], row[2]) for code, row in values_table.items()}, year=YEAR + 1)
    run = start_run(ministry, YEAR + 1, framework, {**simple_method, "normalise": {
        "method": "minmax", "degenerate": "exclude"}}, 0, 1)
    assert run.status == RunStatus.SUCCEEDED and any("I01" in w for w in run.warnings)


def test_only_accepted_provinces_enter_unless_all_data_is_asked_for(make_round, framework):
    make_round(year=YEAR + 2, accepted=("97",))
    assert sorted(build_input(YEAR + 2, framework).counties) == ["970121", "970122", "970123", "970124"]
    assert len(build_input(YEAR + 2, framework, DataScope.ALL).counties) == 6
    with pytest.raises(RunInputError, match="尚未发起数据填报"):
        build_input(1999, framework)


def test_a_year_without_data_fails_with_a_reason(ministry, framework, data_round, simple_method):
    run = start_run(ministry, 1999, framework, simple_method, 0, 1)
    assert run.status == RunStatus.FAILED and "1999" in run.error


def test_only_ministry_officers_start_runs(north_officer, framework, data_round, simple_method):
    with pytest.raises(RunRefused) as exc:
        start_run(north_officer, YEAR, framework, simple_method, 0, 1)
    assert exc.value.forbidden


def test_an_invalid_method_is_refused_before_queueing(ministry, framework, data_round):
    with pytest.raises(RunRefused, match="impute"):
        start_run(ministry, YEAR, framework, {"impute": {"method": "magic"}}, 0, 1)
    assert not EvaluationRun.objects.exists()


def test_publishing_locks_the_framework_audits_and_notifies(run, ministry, north_officer, framework):
    published = publish_run(ministry, run, public_visible=True, confirm=True)
    assert published.published and published.public_visible and published.published_by == ministry
    framework.refresh_from_db()
    assert framework.locked and str(run.pk) in framework.locked_reason
    assert AuditEvent.objects.filter(action="run_publication.publish", object_id=str(run.pk)).exists()
    assert Notification.objects.filter(recipient=north_officer, title__contains="已发布").exists()
    with pytest.raises(RunRefused, match="已发布"):
        publish_run(ministry, published, confirm=True)


def test_only_ministry_officers_publish(run, north_officer, auditor):
    for user in (north_officer, auditor):
        with pytest.raises(RunRefused) as exc:
            publish_run(user, run, confirm=True)
        assert exc.value.forbidden
    assert not EvaluationRun.objects.get(pk=run.pk).published


def test_a_failed_run_cannot_be_published(framework, ministry, simple_method):
    run = start_run(ministry, 1999, framework, simple_method, 0, 1)
    with pytest.raises(RunRefused, match="已完成"):
        publish_run(ministry, run, confirm=True)


def test_a_succeeded_run_and_its_results_are_immutable(published_run):
    run = EvaluationRun.objects.get(pk=published_run.pk)
    run.label = "改过"
    with pytest.raises(ImmutableRunError):
        run.save()
    row = CountyResult.objects.filter(run=run).first()
    row.index_score = 99
    with pytest.raises(ImmutableRunError):
        row.save()
    with pytest.raises(ImmutableRunError):
        run.delete()
    run = EvaluationRun.objects.get(pk=published_run.pk)
    run.public_visible = False
    run.save(update_fields=["public_visible"])  # publication fields may still change


def test_compare_runs_reports_rank_changes(run_factory, simple_method):
    equal = run_factory(replicates=0)
    tilted = run_factory(replicates=0, method={**simple_method, "weights": {"source": "tilt", "sets": {
        "tilt": {"D1": 3, "D2": 1}}}})
    changes = {c.county_code: c for c in compare_runs(equal, tilted)}
    # With D1 three times D2: 970121 75, 970122 42.5, 970123 67.5, 970124 55, 980121 65, 980122 0.
    assert (changes["980121"].rank_a, changes["980121"].rank_b, changes["980121"].change) == (4, 3, 1)
    assert changes["970122"].change == -2
    assert changes["980122"].change == 0
    ordered = compare_runs(equal, tilted)
    assert ordered[0].abs_change == max(c.abs_change for c in ordered)
