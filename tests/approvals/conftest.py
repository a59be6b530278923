"""A batch whose applications went through consultation: Zhengding and Gu'an (Hebei), Anji (Zhejiang)."""

from datetime import date, datetime

import pytest

from innocounty.applications.factories import make_application, make_batch
from innocounty.common import clock
from innocounty.common.clock import CHINA

DAY = date(2026, 3, 2)  # the tests' "today" for the notice (a Monday)


def at(day: date, hour: int = 10, second: int = 0):
    return clock.at(datetime(day.year, day.month, day.day, hour, 0, second, tzinfo=CHINA))


@pytest.fixture
def story(cast):
    batch = make_batch("测试批次（批准）", status="closed")
    apps = {
        "zhengding": make_application(batch, cast.zhengding, cast.county, state="selected_for_consultation", priority=1),
        "guan": make_application(batch, cast.guan, cast.county_guan, state="selected_for_consultation", priority=2,
                                 theme="ecology"),
        "anji": make_application(batch, cast.anji, cast.county_anji, state="selected_for_consultation", priority=1,
                                 theme="livelihood"),
    }  # fmt: skip

    class Story:
        pass

    s = Story()
    s.batch, s.apps, s.cast = batch, apps, cast
    return s
