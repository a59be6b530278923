"""Each indicator of a framework carries a plausible range; values outside it are errors, never confirmable
warnings (issue 8, item 10: 1e308 passed after confirming a "large change" warning)."""

import pytest

from innocounty.monitoring.columns import DEFAULT_MAXIMUM, columns_for_nodes
from innocounty.monitoring.frameworks import FrameworkImportError, parse_framework_file
from innocounty.monitoring.models import IndicatorValue, Upload, UploadStatus
from innocounty.monitoring.uploads import UploadedFile, receive_upload

from .conftest import previous_round


def test_every_shipped_indicator_has_a_range(columns):
    indicators = [c for c in columns if c.kind == "indicator"]
    assert len(indicators) == 23
    assert all(c.maximum < DEFAULT_MAXIMUM and c.minimum <= c.maximum for c in indicators)
    assert next(c for c in columns if c.code == "I01").maximum == 2_000_000


@pytest.mark.parametrize(("code", "value"), [("I01", 1e308), ("I01", 2_000_001), ("I04", 25), ("population_10k", 1e6)])
def test_a_value_outside_the_range_is_an_error(north_submission, north_officer, make_workbook, framework, ministry,
                                               code, value):
    old = previous_round(framework, ministry)
    from innocounty.regions.models import County

    IndicatorValue.objects.create(data_round=old, county=County.objects.get(code="970121"), code=code, value=10.0,
                                  upload=Upload.objects.create(data_round=old, uploaded_by=ministry, original_name="x",
                                                               size=1, sha256="x", status="imported"),
                                  updated_by=ministry, updated_at=old.opened_at)
    data = make_workbook([("970121", {code: value}), ("970122", {})])
    upload = receive_upload(north_submission, north_officer, UploadedFile("x.xlsx", data))
    assert upload.status == UploadStatus.REJECTED  # not NEEDS_CONFIRMATION: nothing to confirm
    issue = next(i for i in upload.report["issues"] if i["rule"] == "out_of_range")
    assert issue["severity"] == "error" and issue["row"] == 4 and "合理范围" in issue["message"]
    assert not any(i["rule"] == "large_change" for i in upload.report["issues"])
    assert not IndicatorValue.objects.filter(data_round=north_submission.data_round).exists()


def test_a_framework_without_ranges_still_bounds_every_value():
    percent, count = columns_for_nodes([{"code": "X1", "name": "a", "unit": "%"}, {"code": "X2", "name": "b"}])[-2:]
    assert (percent.minimum, percent.maximum) == (0, 100) and count.maximum == DEFAULT_MAXIMUM < 1e308


@pytest.mark.parametrize(("low", "high", "expected"), [("x", "5", "不是数值"), ("9", "5", "大于上限")])
def test_framework_import_checks_the_ranges(db, tmp_path, low, high, expected):
    source = parse_framework_file.__globals__["resolve_framework_path"]("provisional-23")
    lines = source.read_text(encoding="utf-8").splitlines()
    lines = [line.rsplit(",", 2)[0] + f",{low},{high}" if line.startswith("I01,") else line for line in lines]
    path = tmp_path / "ranges.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FrameworkImportError) as failure:
        parse_framework_file(path)
    assert any("I01" in p and expected in p for p in failure.value.problems)
