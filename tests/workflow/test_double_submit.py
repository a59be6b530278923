"""Double submits and two officers at once, at the HTTP level (issue 13, "Load and faults").

The same POST twice — sequentially (a second click after the page came back) and concurrently (two
requests in flight, two threads with their own connections) — makes one record; two officers deciding on
the same application at the same moment: one wins, the other is told why not, never a 500.
"""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import close_old_connections, connection
from django.test import Client

from innocounty.accounts.models import Role
from innocounty.applications.factories import Cast, make_application, make_batch, make_user
from innocounty.applications.models import Application
from innocounty.audit.chain import verify_chain
from innocounty.audit.models import AuditEvent

ROUNDS = 5


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _at_once(*posts):
    """Run ``(client, url, data)`` POSTs at the same moment; returns their responses (or exceptions)."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(i, client, url, data):
        try:
            barrier.wait(timeout=10)
            results[i] = client.post(url, data)
        except Exception as exc:  # noqa: BLE001 - the failure the test reports
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *p)) for i, p in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    return results


def _statuses(results) -> list:
    return [r.status_code if hasattr(r, "status_code") else repr(r) for r in results]


@pytest.mark.django_db
def test_creating_the_same_application_twice_in_a_row_makes_one(client):
    cast = Cast()
    batch = make_batch()
    client.force_login(cast.county)
    url = f"/applications/new/{batch.pk}/"
    first = client.post(url, {"county": cast.zhengding.code})
    second = client.post(url, {"county": cast.zhengding.code})
    assert first.status_code == second.status_code == 302
    assert Application.objects.filter(batch=batch, county=cast.zhengding).count() == 1
    assert second["Location"] == f"/batches/{batch.pk}/"  # back to the batch, with the reason
    assert any("申报" in m for m in _messages(second))


@pytest.mark.django_db
def test_submitting_twice_in_a_row_freezes_one_version(client):
    cast = Cast()
    batch = make_batch()
    app = make_application(batch, cast.zhengding, cast.county)
    client.force_login(cast.county)
    url = f"/applications/{app.pk}/act/submit/"
    first = client.post(url, {"confirm": "1"})
    second = client.post(url, {"confirm": "1"})
    assert first.status_code == second.status_code == 302
    app.refresh_from_db()
    assert app.state == "submitted" and app.versions.count() == 1
    assert AuditEvent.objects.filter(action="application.submit").count() == 1
    assert _messages(second), "the second click is told why nothing happened"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("quotas", [{"13": 2}, {"33": 2}], ids=["province-row-locked", "no-province-row"])
def test_the_same_create_twice_at_once_makes_one_application(reference_data, quotas):
    """With a quota row the province's row lock serialises the two; without one (a province without a quota
    in the batch) both pass the guard and the unique constraint stops the second, which is asked again."""
    cast = Cast()
    batch = make_batch(quotas=quotas)
    url = f"/applications/new/{batch.pk}/"
    for round_no in range(ROUNDS):
        Application.objects.filter(batch=batch).delete()
        results = _at_once(*[(_client(cast.county), url, {"county": cast.zhengding.code})] * 2)
        assert _statuses(results) == [302, 302], (round_no, _statuses(results))
        assert Application.objects.filter(batch=batch, county=cast.zhengding).count() == 1
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_the_same_submit_twice_at_once_freezes_one_version(reference_data):
    cast = Cast()
    batch = make_batch()
    for round_no in range(ROUNDS):
        app = make_application(batch, [cast.zhengding, cast.guan][round_no % 2],
                               [cast.county, cast.county_guan][round_no % 2])  # fmt: skip
        user = app.created_by
        url = f"/applications/{app.pk}/act/submit/"
        results = _at_once((_client(user), url, {"confirm": "1"}), (_client(user), url, {"confirm": "1"}))
        assert _statuses(results) == [302, 302], (round_no, _statuses(results))
        app.refresh_from_db()
        assert app.state == "submitted" and app.versions.count() == 1
        assert AuditEvent.objects.filter(action="application.submit", object_id=str(app.pk)).count() == 1
        Application.objects.filter(pk=app.pk).delete()
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_two_province_officers_deciding_at_once_one_wins_the_other_is_told(reference_data):
    """Both return the same submitted application at once: one return is recorded, the other officer is told
    the application is no longer in a state that allows it (no 500, no second event)."""
    cast = Cast()
    second_officer = make_user("hb2", Role.PROVINCIAL_OFFICER, province=cast.hebei)
    batch = make_batch(opens_in_days=-30, closes_in_days=-1)  # the recommendation window is open
    app = make_application(batch, cast.zhengding, cast.county, state="submitted")
    url = f"/applications/{app.pk}/act/return_for_revision/"
    results = _at_once(
        (_client(cast.province), url, {"reason": "请补充研发投入数据。"}),
        (_client(second_officer), url, {"reason": "请补充财政科技支出。"}),
    )
    assert _statuses(results) == [302, 302], _statuses(results)
    app.refresh_from_db()
    assert app.state == "returned_by_province"
    events = AuditEvent.objects.filter(object_id=str(app.pk), action="application.return_for_revision")
    assert events.count() == 1
    winner = events.get().actor_id
    loser = results[1] if winner == cast.province.pk else results[0]
    told = _messages(loser)
    assert told and not any("已完成" in m for m in told), told
