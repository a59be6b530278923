"""Presentation helpers (issue 8 items 27–28): measured values with sensible decimals, the evaluation method
as a readable table on the run page, no type after a name that says it, and Chinese names in /admin/axes/."""

import pytest
from django.urls import reverse

from innocounty.common.states import seeding_states
from innocounty.dashboard.templatetags.presentation import format_measure, method_rows
from innocounty.rankings.templatetags.rankings import unit_note


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (78.3791946561628, "78.38"),
        (3235.0, "3235"),
        (0.5, "0.5"),
        (None, ""),
        (-0.001, "-0.001"),
        (0.0000123, "1.23e-05"),
    ],
)
def test_measure(value, shown):
    assert format_measure(value) == shown


def test_method_rows_label_each_section_and_flatten_settings():
    rows = method_rows({"normalise": {"method": "minmax", "range": [0, 100.0]}, "denominate": True})
    assert [(r["section"], r["key"], r["value"]) for r in rows] == [
        ("标准化", "method", "minmax"), ("标准化", "range", "0、100"), ("按规模折算", "—", "是"),
    ]  # fmt: skip
    assert rows[0]["first"] and rows[0]["span"] == 2 and not rows[1]["first"]


@pytest.mark.django_db
def test_run_page_shows_the_method_as_a_table_not_a_dict(client, cast):
    from innocounty.evaluations.models import EvaluationRun
    from innocounty.monitoring.models import Framework

    with seeding_states():
        run = EvaluationRun.objects.create(
            year=2025, framework=Framework.objects.get(code="provisional-23", version="1"), seed=1, status="succeeded",
            method={"normalise": {"method": "minmax", "pooling": "per_year"}, "impute": {"by": "province"}},
        )  # fmt: skip
    client.force_login(cast.ministry)
    page = client.get(reverse("evaluations:run", args=[run.pk])).content.decode()
    table = page[
        page.index('data-testid="method"') : page.index("</table>", page.index('data-testid="method"'))
    ]
    assert "标准化" in table and "缺失值插补" in table and "<td>per_year</td>" in table
    assert "{&#x27;normalise&#x27;" not in page and "{'normalise'" not in page


def test_unit_type_left_out_where_the_name_says_it():
    assert unit_note("县", "封开县") == ""
    assert unit_note("自治县", "长阳土家族自治县") == ""
    assert unit_note("县级市", "辛集市") == "县级市"


@pytest.mark.django_db
def test_axes_admin_in_chinese(client, cast):
    from axes.models import AccessAttempt

    assert str(AccessAttempt._meta.verbose_name_plural) == "登录尝试"
    assert str(AccessAttempt._meta.get_field("ip_address").verbose_name) == "IP 地址"
    client.force_login(cast.ministry)
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert page.count("Locked Out") == 0 and "登录尝试" in page
