"""The adapter's ``transitioned`` signal (after commit) and the project it starts on approval."""

import pytest
from django.db import transaction

from innocounty.applications.factories import make_application
from innocounty.applications.workflow import run_transition
from innocounty.construction.models import ConstructionProject
from innocounty.construction.receivers import start_project
from innocounty.construction.services import ensure_projects
from innocounty.workflow.signals import transitioned

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listen(sender, **kwargs):
        calls.append((kwargs["kind"], kwargs["transition"], kwargs["subject"].state, kwargs["actor"]))

    transitioned.connect(listen, dispatch_uid="test-listener")
    yield calls
    transitioned.disconnect(dispatch_uid="test-listener")


def test_sent_after_the_transaction_commits(cast, batch, heard, django_capture_on_commit_callbacks):
    app = make_application(batch, cast.zhengding, cast.county)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert run_transition(cast.county, app, "submit", {"confirm": True}).allowed
    assert heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard == [("application", "submit", "submitted", cast.county)]


def test_not_sent_for_a_refusal_or_a_rollback(cast, batch, heard, django_capture_on_commit_callbacks):
    app = make_application(batch, cast.zhengding, cast.county)
    with django_capture_on_commit_callbacks(execute=True):
        assert not run_transition(cast.county, app, "submit").allowed  # no confirmation
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                run_transition(cast.county, app, "submit", {"confirm": True})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert heard == []


def test_a_failing_receiver_does_not_stop_the_others(cast, batch, heard, django_capture_on_commit_callbacks):
    def broken(sender, **kwargs):
        raise ValueError("broken receiver")

    transitioned.connect(broken, dispatch_uid="test-broken")
    try:
        app = make_application(batch, cast.zhengding, cast.county)
        with django_capture_on_commit_callbacks(execute=True):
            run_transition(cast.county, app, "submit", {"confirm": True})
    finally:
        transitioned.disconnect(dispatch_uid="test-broken")
    assert len(heard) == 1


def test_an_approved_application_gets_its_project(cast, cbatch):
    app = make_application(cbatch, cast.zhengding, cast.county, state="approved")
    start_project(sender="application", kind="application", transition="finalise", subject=app, actor=None)
    project = ConstructionProject.objects.get(application=app)
    assert project.years == (2024, 2025, 2026) and project.reports.count() == 3
    other = make_application(cbatch, cast.guan, cast.county_guan, state="not_approved")
    start_project(sender="application", kind="application", transition="finalise", subject=other, actor=None)
    assert not ConstructionProject.objects.filter(application=other).exists()


def test_ensure_projects_is_idempotent(cast, cbatch):
    make_application(cbatch, cast.zhengding, cast.county, state="approved")
    make_application(cbatch, cast.anji, cast.county_anji, state="approved")
    make_application(cbatch, cast.guan, cast.county_guan, state="selected_for_consultation")
    assert ensure_projects() == 2
    assert ensure_projects() == 0
    assert ConstructionProject.objects.count() == 2
    assert sum(p.reports.count() for p in ConstructionProject.objects.all()) == 6
