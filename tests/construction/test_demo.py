"""The construction demo on seeded approved applications (the approval list is another branch's)."""

import pytest

from innocounty.applications.factories import make_application, make_batch
from innocounty.construction.demo import play_construction, reset
from innocounty.construction.models import AnnualReport, ConstructionProject
from innocounty.construction.tracking import project_tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_batch(cast):
    batch = make_batch("2018年第一批（演示）", construction_start_year=2019, status="archived")
    for county, user in (
        (cast.zhengding, cast.county),
        (cast.guan, cast.county_guan),
        (cast.anji, cast.county_anji),
    ):
        make_application(batch, county, user, state="approved")
    make_application(batch, cast.district, cast.county_district, state="not_approved")
    return batch


def test_three_years_of_reports(first_batch):
    tally = play_construction()
    assert ConstructionProject.objects.count() == 3
    reports = AnnualReport.objects.filter(project__batch=first_batch)
    assert sorted(set(reports.values_list("year", flat=True))) == [2019, 2020, 2021]
    assert reports.count() == 9 and sum(tally.values()) == 9
    assert reports.filter(late=True).exists()  # some late
    assert reports.filter(events__transition="return").exists()  # some returned by the province
    assert reports.filter(state="received").count() >= 5
    again = play_construction()
    assert again == {} and AnnualReport.objects.count() == 9  # idempotent
    for project in ConstructionProject.objects.all():
        tracking = project_tracking(project)
        assert tracking.latest_year in (2019, 2020, 2021)


def test_nothing_approved_nothing_played(cast, batch):
    make_application(batch, cast.zhengding, cast.county, state="selected_for_consultation")
    assert play_construction() == {} and not ConstructionProject.objects.exists()


def test_reset_frees_the_applications(first_batch):
    play_construction()
    reset(None)
    assert not ConstructionProject.objects.exists()
    first_batch.applications.all().delete()  # what the lifecycle demo does next
