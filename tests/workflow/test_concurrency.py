"""Two autosaves and a submit on one application at the same moment, 25 rounds: no error on either database.

Before the adapter locked only the subject's row (``FOR UPDATE OF`` itself), the autosave's
``select_for_update().select_related(...)`` locked the shared batch, county and province rows too, and on
PostgreSQL 13 of 25 rounds ended in a deadlock (issue 8, item 13). An autosave that comes after the submit is
refused (the plan is frozen): that is an answer, not an error.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from innocounty.applications.editing import EditRefused, save_section
from innocounty.applications.factories import Cast, make_application, make_batch
from innocounty.applications.models import Application
from innocounty.applications.workflow import run_transition
from innocounty.audit.chain import verify_chain
from innocounty.common.states import seeding_states

ROUNDS = 25


def _in_thread(work, errors, barrier):
    def run():
        try:
            barrier.wait(timeout=10)
            work()
        except EditRefused:
            pass  # after the submit the plan is frozen: refused, as it should be
        except Exception as exc:  # noqa: BLE001 - every other exception is the failure this test counts
            errors.append(repr(exc))
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_two_autosaves_and_a_submit_never_fail(reference_data):
    cast = Cast()
    batch = make_batch()
    app = make_application(batch, cast.zhengding, cast.county, state="draft")
    errors, submitted = [], 0
    for round_no in range(ROUNDS):
        with seeding_states():
            Application.objects.filter(pk=app.pk).update(state="draft")
        barrier = threading.Barrier(3)
        outcomes = []

        def autosave(n=round_no):
            save_section(cast.county, Application.objects.get(pk=app.pk), "basis", f"<p>第{n}轮自动保存。{'基础' * 120}</p>")

        def submit(outcomes=outcomes):
            outcomes.append(run_transition(cast.county, Application.objects.get(pk=app.pk), "submit", {"confirm": True}))

        threads = [_in_thread(autosave, errors, barrier), _in_thread(autosave, errors, barrier),
                   _in_thread(submit, errors, barrier)]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        close_old_connections()
        submitted += sum(1 for o in outcomes if o.allowed)
    assert errors == [], errors
    assert submitted == ROUNDS  # every round's submit went through
    assert Application.objects.get(pk=app.pk).versions.count() == ROUNDS
    assert verify_chain().ok
