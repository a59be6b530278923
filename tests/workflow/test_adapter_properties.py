"""Stateful properties of the adapter (hypothesis): random sequences of attempted transitions by random actors,
through ``apply_transition``, against the database.

- the subject only ever reaches states its workflow's table can reach;
- an allowed change lands exactly in the declared target state and writes exactly one audit event per subject it
  changes (a list's ``submit`` changes the list and each forwarded application);
- a refusal changes nothing and writes nothing.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innocounty.applications.factories import make_application
from innocounty.applications.models import Application
from innocounty.applications.workflow import province_row
from innocounty.audit.models import AuditEvent
from innocounty.batches.models import Batch
from innocounty.programme import APPLICATION, PROVINCE_LIST
from innocounty.programme.batch_lifecycle import BATCH
from innocounty.workflow.adapter import NotAllowed, apply_transition

pytestmark = pytest.mark.django_db

ACTORS = ("county", "county_guan", "province", "province_zj", "ministry", "auditor", "expert")
INPUTS = st.fixed_dictionaries({}, optional={
    "reason": st.sampled_from(["材料不全", "", "   "]),
    "response": st.sampled_from(["已补充", ""]),
    "priority": st.sampled_from([1, 2, 0, 101]),
    "confirm": st.booleans(),
})  # fmt: skip
APPLICATION_STEP = st.tuples(st.sampled_from(ACTORS), st.sampled_from([t.name for t in APPLICATION.transitions]
                                                                       + ["list:submit", "list:reorder"]), INPUTS)
BATCH_STEP = st.tuples(st.sampled_from(ACTORS), st.sampled_from([t.name for t in BATCH.transitions]), INPUTS)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _try(user, subject, name, inputs, kind):
    try:
        return apply_transition(user, subject, name, inputs, kind=kind)
    except NotAllowed:
        return None


@SETTINGS
@given(steps=st.lists(APPLICATION_STEP, min_size=1, max_size=12), start=st.sampled_from(["draft", "submitted"]))
def test_application_and_list_sequences(cast, batch, steps, start):
    reachable = APPLICATION.reachable_states()
    sid = transaction.savepoint()
    try:
        app = make_application(batch, cast.zhengding, cast.county, state=start)
        row = province_row(batch, cast.hebei)
        for actor, name, inputs in steps:
            user = getattr(cast, actor)
            before_app = Application.objects.get(pk=app.pk).state
            before_list = type(row).objects.get(pk=row.pk).list_state
            events = AuditEvent.objects.count()
            if name.startswith("list:"):
                outcome = _try(user, row, name[5:], {**inputs, "application": app.pk}, "province_list")
            else:
                outcome = _try(user, Application.objects.get(pk=app.pk), name, inputs, "application")
            after_app = Application.objects.get(pk=app.pk).state
            after_list = type(row).objects.get(pk=row.pk).list_state
            written = AuditEvent.objects.count() - events
            if outcome is None or not outcome.allowed:
                assert (after_app, after_list, written) == (before_app, before_list, 0)
                continue
            if name == "list:submit":
                forwarded = int(before_app == "recommended")
                assert after_list == PROVINCE_LIST.transition("submit").to_state.value
                assert written == 1 + forwarded and after_app == ("forwarded" if forwarded else before_app)
            elif name == "list:reorder":
                assert after_app == before_app and written == 1
            else:
                assert after_app == APPLICATION.transition(name).to_state.value and written == 1
            assert APPLICATION.states(after_app) in reachable
    finally:
        transaction.savepoint_rollback(sid)


@SETTINGS
@given(steps=st.lists(BATCH_STEP, min_size=1, max_size=8))
def test_batch_sequences(cast, steps):
    from innocounty.applications.factories import make_batch

    sid = transaction.savepoint()
    try:
        batch = make_batch(status="draft")
        for actor, name, inputs in steps:
            before, events = Batch.objects.get(pk=batch.pk).status, AuditEvent.objects.count()
            outcome = _try(getattr(cast, actor), Batch.objects.get(pk=batch.pk), name, inputs, "batch")
            after, written = Batch.objects.get(pk=batch.pk).status, AuditEvent.objects.count() - events
            if outcome is None or not outcome.allowed:
                assert (after, written) == (before, 0)
            else:
                assert after == BATCH.transition(name).to_state.value and written == 1
            assert BATCH.states(after) in BATCH.reachable_states()
    finally:
        transaction.savepoint_rollback(sid)
