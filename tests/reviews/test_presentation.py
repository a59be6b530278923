"""What the review pages say and show (issue 8, items 27–28): the quota line after the list is sent, the
reason the 推荐 button is gone at a full quota, dimension and indicator names instead of codes, headers
that do not break and tables inside scroll wrappers."""

import pytest
from django.urls import reverse

from innocounty.applications.factories import make_application
from innocounty.batches.models import BatchProvince
from innocounty.common.states import seeding_states  # noqa: E402
from innocounty.evaluations.models import CountyResult, RunNodeWeight

pytestmark = pytest.mark.django_db


def desk(client, user, batch) -> str:
    client.force_login(user)
    return client.get(reverse("reviews:province", args=[batch.pk, "13"])).content.decode()


def quota_line(page: str) -> str:
    start = page.index('data-testid="quota"')
    return page[start : page.index("</dd>", start)]


def test_quota_line_counts_what_was_sent_once_the_list_is_submitted(client, cast, batch):
    make_application(batch, cast.zhengding, cast.county, state="forwarded", priority=1)
    make_application(batch, cast.guan, cast.county_guan, state="formal_review_passed", priority=2)
    with seeding_states():  # the list's submission is not this test's subject
        BatchProvince.objects.filter(batch=batch, province_id="13").update(
            list_state="submitted", list_submitted_at="2026-01-01T00:00:00Z"
        )
    line = quota_line(desk(client, cast.province, batch))
    assert "已报送 2 个（名额 2 个）" in line and "已拟推荐" not in line


def test_a_full_quota_says_why_there_is_no_recommend_button(client, cast, batch):
    BatchProvince.objects.filter(batch=batch, province_id="13").update(quota=1)
    make_application(batch, cast.zhengding, cast.county, state="recommended", priority=1)
    waiting = make_application(batch, cast.guan, cast.county_guan, state="submitted")
    page = desk(client, cast.province, batch)
    assert f'data-testid="recommend-{waiting.county_id}"' not in page
    assert 'data-testid="quota-full"' in page and "名额（1 个）已用满" in page


def test_no_full_quota_note_while_recommending_is_possible(client, cast, batch):
    make_application(batch, cast.guan, cast.county_guan, state="submitted")
    page = desk(client, cast.province, batch)
    assert 'data-testid="recommend-' in page and 'data-testid="quota-full"' not in page


@pytest.fixture
def run_with_dimensions(cast, batch, make_published_run):
    run = make_published_run(2025)
    RunNodeWeight.objects.bulk_create([
        RunNodeWeight(run=run, position=0, code="INDEX", name="指数", level=3, weight=1, effective_weight=1),
        RunNodeWeight(run=run, position=1, code="D1", name="创新投入", level=2, parent_code="INDEX", weight=1,
                      effective_weight=0.5),
        RunNodeWeight(run=run, position=2, code="D2", name="企业创新", level=2, parent_code="INDEX", weight=1,
                      effective_weight=0.5),
    ])  # fmt: skip
    z = cast.zhengding
    CountyResult.objects.bulk_create([CountyResult(  # bulk: results of a finished run are otherwise immutable
        run=run, county=z, county_name=z.name, province=z.province, prefecture_code=z.prefecture_id, belt="east",
        unit_type=z.unit_type, index_score=45.1, dimension_scores={"D1": 52.7391, "D2": 39.05}, national_rank=3,
        national_n=10, province_rank=1, province_n=5,
    )])  # fmt: skip
    batch.monitoring_run = run
    batch.save(update_fields=["monitoring_run"])
    return run


def test_data_evaluation_shows_dimension_names_not_codes(client, cast, batch, run_with_dimensions):
    make_application(batch, cast.zhengding, cast.county, state="formal_review_passed", priority=1)
    client.force_login(cast.ministry)
    page = client.get(reverse("reviews:data_evaluation", args=[batch.pk])).content.decode()
    table = page[
        page.index('data-testid="candidates"') : page.index(
            "</table>", page.index('data-testid="candidates"')
        )
    ]
    assert ">创新投入</th>" in table and ">企业创新</th>" in table
    assert ">D1<" not in table and "D1 " not in table
    assert ">52.7<" in table and ">39.1<" in table  # one decimal, one column per dimension
    wrapper = page[: page.index('data-testid="candidates"')]
    assert wrapper.rstrip().endswith('<div class="table-wrap">\n<table class="table compact"')


def test_table_headers_do_not_break_per_character():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "src/innocounty/static/css/app.css").read_text()
    assert ".table th { white-space: nowrap; }" in css and ".table-wrap { overflow-x: auto;" in css


def test_formal_review_page_states_both_consequences_from_the_tables(client, cast, batch):
    """Issue 8 item 19: the confirmation names what follows, as the workflow table declares it."""
    app = make_application(batch, cast.zhengding, cast.county, state="forwarded", priority=1)
    client.force_login(cast.ministry)
    page = client.get(f"/reviews/applications/{app.pk}/formal/").content.decode()
    assert 'data-testid="confirm-formal"' in page
    assert "进入下一环节" in page and "终止决定" in page  # pass_formal_review's and fail_formal_review's
