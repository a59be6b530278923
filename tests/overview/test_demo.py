"""The overview's demo step: the effect is estimated once (stored) and its index figure printed."""

import io

import pytest

from innocounty.overview import demo
from innocounty.overview.models import EffectEstimate

pytestmark = pytest.mark.django_db


def test_demo_step_stores_the_estimates_and_prints_the_index(world):
    out = io.StringIO()
    demo.build(out)
    assert "综合指数批准后平均差异 +" in out.getvalue() and "关联估计" in out.getvalue()
    assert EffectEstimate.objects.count() == 6


def test_demo_step_without_published_runs_says_so(db):
    out = io.StringIO()
    demo.build(out)
    assert "暂无估计" in out.getvalue()
