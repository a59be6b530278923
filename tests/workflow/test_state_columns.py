"""State columns change only through the workflow adapter: ``save()``, ``update()``, ``bulk_update()`` and
``bulk_create()`` refuse every other write of each state column of every stateful model."""

import pytest

from innocounty.acceptance.models import Acceptance, AcceptanceList
from innocounty.applications.factories import make_application
from innocounty.applications.models import Application
from innocounty.applications.workflow import province_row, run_transition
from innocounty.approvals.models import ApprovalList, Inspection, Objection, Question
from innocounty.batches.models import Batch, BatchProvince
from innocounty.common.states import StatefulModel, StateWriteRefused, seeding_states
from innocounty.construction.models import AnnualReport
from innocounty.evaluations.models import EvaluationRun
from innocounty.experts.factories import make_expert
from innocounty.experts.models import Assignment, Review
from innocounty.monitoring.models import CountyEntry, DataRound, Framework, ProvinceSubmission, Upload
from innocounty.regions.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects(cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="draft")
    framework = Framework.objects.get(code="provisional-23", version="1")
    run = EvaluationRun.objects.create(year=2025, framework=framework, seed=1, created_by=cast.ministry)
    data_round = DataRound.objects.create(year=2031, framework=framework, deadline="2032-03-31", opened_by=cast.ministry)
    submission = ProvinceSubmission.objects.create(data_round=data_round, province=Province.objects.get(code="13"))
    upload = Upload.objects.create(data_round=data_round, submission=submission, uploaded_by=cast.province,
                                   original_name="x.xlsx", size=1, sha256="0" * 64, status="needs_confirmation")
    expert = make_expert("li", "11", user=cast.expert)
    assignment = Assignment.objects.create(batch=batch, application=app, expert=expert, created_by=cast.ministry)
    review = Review.objects.create(assignment=assignment, application=app, expert=expert)
    entry = CountyEntry.objects.create(data_round=data_round, county_id="130123")
    question = Question.objects.create(application=app, text="问题", deadline="2031-01-01", asked_by=cast.ministry)
    inspection = Inspection.objects.create(application=app, created_by=cast.ministry)
    approval_list = ApprovalList.objects.create(batch=batch, created_by=cast.ministry)
    objection = Objection.objects.create(approval_list=approval_list, application=app, name="n", contact="c", text="t")
    from innocounty.construction.services import project_for

    approved = make_application(batch, cast.guan, cast.county_guan, state="approved")
    report = project_for(approved).reports.first()
    acceptance = Acceptance.objects.create(project=report.project, state="")
    acceptance_list = AcceptanceList.objects.create(batch=batch, state="")
    return {
        (EvaluationRun, "status", "succeeded"): run,
        (EvaluationRun, "published", True): run,
        (Application, "state", "submitted"): app,
        (Batch, "status", "closed"): batch,
        (Batch, "data_evaluation_state", "closed"): batch,
        (BatchProvince, "list_state", "submitted"): province_row(batch, cast.hebei),
        (ProvinceSubmission, "state", "accepted"): submission,
        (DataRound, "status", "closed"): data_round,
        (Upload, "status", "imported"): upload,
        (Framework, "status", "superseded"): framework,
        (Assignment, "state", "declared"): assignment,
        (Review, "state", "submitted"): review,
        (CountyEntry, "state", "submitted"): entry,
        (Question, "state", "answered"): question,
        (Inspection, "state", "completed"): inspection,
        (ApprovalList, "state", "final"): approval_list,
        (Objection, "state", "upheld"): objection,
        (AnnualReport, "state", "submitted"): report,
        (Acceptance, "state", "passed"): acceptance,
        (AcceptanceList, "state", "published"): acceptance_list,
    }


COVERED = {(Application, "state"), (Batch, "status"), (Batch, "data_evaluation_state"), (BatchProvince, "list_state"),
           (EvaluationRun, "status"), (EvaluationRun, "published"), (ProvinceSubmission, "state"),
           (DataRound, "status"), (Upload, "status"), (Framework, "status"), (Assignment, "state"), (Review, "state"),
           (CountyEntry, "state"), (Question, "state"), (Inspection, "state"), (ApprovalList, "state"),
           (Objection, "state"), (AnnualReport, "state"), (Acceptance, "state"), (AcceptanceList, "state")}
KEYS = ["run_status", "run_published", "app", "status", "evaluation", "list", "submission", "round", "upload",
        "framework", "assignment", "review", "county_entry", "question", "inspection", "approval_list", "objection",
        "annual_report", "acceptance", "acceptance_list"]


def test_every_stateful_model_is_covered():
    """A new stateful model fails here until this file tries its state columns too."""
    from django.apps import apps

    stateful = {(m, f) for m in apps.get_models() if issubclass(m, StatefulModel) for f in m.STATE_FIELDS}
    assert stateful == COVERED


@pytest.mark.parametrize("key", KEYS)
def test_save_update_and_bulk_update_refuse_state_writes(subjects, key):
    (model, field, value), obj = list(subjects.items())[KEYS.index(key)]
    obj = model.objects.get(pk=obj.pk)
    before = getattr(obj, field)
    setattr(obj, field, value)
    with pytest.raises(StateWriteRefused):
        obj.save()
    with pytest.raises(StateWriteRefused):
        model.objects.filter(pk=obj.pk).update(**{field: value})
    with pytest.raises(StateWriteRefused):
        model.objects.bulk_update([obj], [field])
    assert getattr(model.objects.get(pk=obj.pk), field) == before


def test_new_rows_start_in_their_initial_state(cast, batch):
    with pytest.raises(StateWriteRefused):
        Application.objects.create(batch=batch, county=cast.zhengding, created_by=cast.county, state="forwarded")
    with pytest.raises(StateWriteRefused):
        Application.objects.bulk_create([Application(batch=batch, county=cast.zhengding, created_by=cast.county,
                                                     state="recommended")])  # fmt: skip
    assert not Application.objects.filter(batch=batch).exists()


def test_monitoring_rows_start_in_their_initial_states(cast):
    framework = Framework.objects.get(code="provisional-23", version="1")
    with pytest.raises(StateWriteRefused):
        Framework.objects.create(code="x", version="1", name="x", source_name="x", source_sha256="0", status="active")
    with pytest.raises(StateWriteRefused):
        DataRound.objects.create(year=2032, framework=framework, deadline="2033-03-31", opened_by=cast.ministry,
                                 status="closed")  # fmt: skip
    data_round = DataRound.objects.create(year=2032, framework=framework, deadline="2033-03-31", opened_by=cast.ministry)
    with pytest.raises(StateWriteRefused):
        ProvinceSubmission.objects.bulk_create([ProvinceSubmission(data_round=data_round, province_id="13",
                                                                   state="accepted")])  # fmt: skip
    with pytest.raises(StateWriteRefused):  # an upload starts as its checks say, never superseded
        Upload.objects.create(data_round=data_round, uploaded_by=cast.ministry, original_name="x", size=1,
                              sha256="0", status="superseded")  # fmt: skip
    assert not ProvinceSubmission.objects.filter(data_round=data_round).exists() and not Upload.objects.exists()


def test_other_columns_save_freely_and_the_adapter_writes_states(cast, batch):
    app = make_application(batch, cast.zhengding, cast.county, state="draft")
    app.theme = "ecology"
    app.save()
    assert run_transition(cast.county, app, "submit", {"confirm": True}).allowed
    assert Application.objects.get(pk=app.pk).state == "submitted"


def test_seeding_is_explicit(cast, batch):
    with seeding_states():
        app = Application.objects.create(batch=batch, county=cast.zhengding, created_by=cast.county, state="forwarded")
    assert Application.objects.get(pk=app.pk).state == "forwarded"


def test_a_refreshed_copy_saves_its_other_columns(cast, batch):
    """A copy refreshed after another copy's transition knows the new state: saving its other columns works."""
    app = make_application(batch, cast.zhengding, cast.county, state="draft")
    other = Application.objects.get(pk=app.pk)
    assert run_transition(cast.county, other, "submit", {"confirm": True}).allowed
    app.refresh_from_db()
    app.theme = "ecology"
    app.save()
    assert Application.objects.get(pk=app.pk).theme == "ecology"
    stale = Application.objects.get(pk=app.pk)
    stale.state = "draft"  # and a stale write of the state itself is still refused
    with pytest.raises(StateWriteRefused):
        stale.save()
