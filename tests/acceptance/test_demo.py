"""The acceptance demo: outcomes only for demo counties (演示), never for a real first-batch county."""

import pytest

from innocounty.acceptance.demo import DEMO_NUMBER, play_acceptance, reset
from innocounty.acceptance.models import Acceptance, WorkPlan
from innocounty.accounts.models import Role
from innocounty.applications.factories import make_application, make_batch, make_user
from innocounty.construction.demo import play_construction
from innocounty.construction.models import ConstructionProject
from innocounty.regions.models import County
from innocounty.reviews.demo import FIRST_BATCH_NAME, FIRST_BATCH_REAL

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_batch(cast):
    from innocounty.experts.factories import make_expert

    batch = make_batch(FIRST_BATCH_NAME, construction_start_year=2019, status="archived")
    make_application(batch, cast.zhengding, cast.county, state="approved")  # real
    demo = list(County.objects.filter(province_id__in=["14", "15", "21", "22"]).exclude(code__in=FIRST_BATCH_REAL)
                .order_by("code")[:8])  # fmt: skip
    for i, county in enumerate(demo):
        make_application(
            batch, county, make_user(f"c{i}", Role.COUNTY_OFFICER, county=county), state="approved"
        )
    make_user("p14", Role.PROVINCIAL_OFFICER, province=demo[0].province)
    for code in ("11", "31", "44", "50"):
        make_expert(f"x{code}", code)
    play_construction()
    return batch


def test_outcomes_only_for_demo_counties(first_batch):
    tally = play_acceptance()
    rows = Acceptance.objects.filter(project__batch=first_batch)
    assert rows.count() == 8 and not rows.filter(project__county_id__in=FIRST_BATCH_REAL).exists()
    assert tally["passed"] + tally["failed"] + tally["rectifying"] == 8
    assert tally["failed"] >= 1 and tally["rectified"] == tally["rectifying"] >= 1
    assert set(rows.values_list("state", flat=True)) == {"passed", "failed"}
    lst = first_batch.acceptance_list
    assert (
        lst.state == "published"
        and lst.number == DEMO_NUMBER
        and str(lst.published_at.date()) >= "2022-08-29"
    )
    plan = WorkPlan.objects.get()
    assert plan.years == (2022, 2023, 2024)
    assert (
        plan.project.reports.filter(year__in=plan.years).exclude(state="draft").count() >= 2
    )  # played like the others
    assert play_acceptance() == {}  # idempotent


def test_reset_frees_the_projects(first_batch):
    play_acceptance()
    reset(None)
    assert not Acceptance.objects.exists() and not WorkPlan.objects.exists()
    from innocounty.construction.demo import reset as reset_construction

    reset_construction(None)
    assert not ConstructionProject.objects.exists()
