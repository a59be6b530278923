"""Fixtures for the evaluation-run tests: a hand-made three-indicator framework, six counties in two
made-up provinces (97 with four counties, 98 with two; codes never used by real units) and a data round
of one year whose values give round numbers:

    county  I01  I02  I03(dir −1) │ normalised I01 I02 I03 │ D1  D2  INDEX │ nat  prov
    970121   10    5    1        │            20  100 100 │ 60  100  80   │  1   1/4
    970122   20    1    2        │            40   20  80 │ 30   80  55   │  3   3/4
    970123   30    4    3        │            60   80  60 │ 70   60  65   │  2   2/4
    970124   40    2    4        │            80   40  40 │ 60   40  50   │  4   4/4
    980121   50    3    5        │           100   60  20 │ 80   20  50   │  4   1/2
    980122    0    0    6        │             0    0   0 │  0    0   0   │  6   2/2
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from innocounty.common.states import seeding_states
from innocounty.monitoring.frameworks import store_nodes
from innocounty.monitoring.models import (
    DataRound,
    Framework,
    FrameworkNode,
    IndicatorValue,
    ProvinceSubmission,
    RoundStatus,
    SubmissionState,
    Upload,
    UploadStatus,
)
from innocounty.regions.models import County, Prefecture, Province

YEAR = 2024
VALUES = {
    "970121": (10, 5, 1), "970122": (20, 1, 2), "970123": (30, 4, 3), "970124": (40, 2, 4),
    "980121": (50, 3, 5), "980122": (0, 0, 6),
}
SIMPLE_METHOD = {
    "impute": {"method": "none"}, "treat": {"method": "none"},
    "normalise": {"method": "minmax", "range": [0, 100]}, "aggregate": {"method": "arithmetic"},
    "group_by": ["province"], "groups": {"fixed": False},
}


@pytest.fixture
def simple_method():
    return dict(SIMPLE_METHOD)


@pytest.fixture
def values_table():
    return dict(VALUES)


@pytest.fixture
def provinces(db):
    north = Province.objects.create(code="97", name="北测省", short_name="北测", belt="east")
    south = Province.objects.create(code="98", name="南测省", short_name="南测", belt="west")
    north_pref = Prefecture.objects.create(code="970100", name="北一市", province=north)
    south_pref = Prefecture.objects.create(code="980100", name="南一市", province=south)
    for code, name, unit_type in [("970121", "甲县", "县"), ("970122", "乙县", "县"), ("970123", "丙市", "县级市"),
                                  ("970124", "丁县", "县")]:
        County.objects.create(code=code, name=name, unit_type=unit_type, prefecture=north_pref, province=north)
    for code, name in [("980121", "戊县"), ("980122", "己县")]:
        County.objects.create(code=code, name=name, unit_type="县", prefecture=south_pref, province=south)
    # The "nation" of these tests is the two made-up provinces: the real counties loaded by migration are made
    # ineligible, so a run over both provinces covers every eligible county (coverage.py); tests of partial
    # coverage accept one province only.
    County.objects.exclude(province_id__in=("97", "98")).update(unit_type="市辖区")
    return north, south












@pytest.fixture
def no_role_user(make_user, provinces):
    return make_user("nobody")


@pytest.fixture
def framework(db):
    with seeding_states():  # an active framework set up directly
        fw = Framework.objects.create(code="test-3", version="1", name="测试指标体系", source_name="test-3.csv",
                                      source_sha256="0" * 64, status="active")
    nodes = [
        ("INDEX", "综合指数", 3, "", 1), ("D1", "投入", 2, "INDEX", 1), ("D2", "绩效", 2, "INDEX", 1),
        ("I01", "指标一", 1, "D1", 1), ("I02", "指标二", 1, "D1", 1), ("I03", "指标三", 1, "D2", -1),
    ]
    store_nodes(FrameworkNode, fw, [
        {"position": i, "code": code, "name": name, "name_en": "", "level": level, "parent": parent, "weight": 1.0,
         "direction": direction, "unit": "", "denominator": "", "node_type": "Indicator" if level == 1 else "Aggregate",
         "extra": {}}
        for i, (code, name, level, parent, direction) in enumerate(nodes, start=1)
    ])
    return fw


@pytest.fixture
def make_round(framework, ministry, provinces):
    def make(values=None, year=YEAR, accepted=("97", "98")):
        with seeding_states():  # a closed round with its submissions set up directly
            data_round = DataRound.objects.create(year=year, framework=framework, deadline=dt.date(year + 1, 3, 31),
                                                  status=RoundStatus.CLOSED, opened_by=ministry)
            for province in ("97", "98"):
                ProvinceSubmission.objects.create(
                    data_round=data_round, province_id=province,
                    state=SubmissionState.ACCEPTED if province in accepted else SubmissionState.SUBMITTED)
        upload = Upload.objects.create(data_round=data_round, uploaded_by=ministry, original_name="test.xlsx", size=1,
                                       sha256="0" * 64, status=UploadStatus.IMPORTED)
        now = timezone.now()
        IndicatorValue.objects.bulk_create([
            IndicatorValue(data_round=data_round, county_id=county, code=f"I0{j + 1}", value=value, upload=upload,
                           updated_by=ministry, updated_at=now)
            for county, row in (values or VALUES).items() for j, value in enumerate(row)
        ])
        return data_round

    return make


@pytest.fixture
def data_round(make_round):
    return make_round()


@pytest.fixture
def run_factory(ministry, framework, data_round):
    from innocounty.evaluations.runs import start_run

    def make(method=None, replicates=20, seed=7, **kwargs):
        return start_run(ministry, YEAR, framework, SIMPLE_METHOD if method is None else method, replicates, seed,
                         **kwargs)

    return make


@pytest.fixture
def run(run_factory):
    return run_factory()


@pytest.fixture
def published_run(run, ministry):
    from innocounty.evaluations.runs import publish_run

    return publish_run(ministry, run, confirm=True)
