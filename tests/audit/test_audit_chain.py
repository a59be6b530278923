"""The audit log: events link by hash, tampering is found at the right event, writes share the caller's
transaction, and nothing can be changed or deleted through the ORM (nor on PostgreSQL through SQL)."""

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from innocounty.audit.chain import GENESIS_HASH, compute_hash, record, verify_chain
from innocounty.audit.models import AuditEvent, AuditLogIsAppendOnly
from innocounty.cli import main as innocounty_cli

pytestmark = pytest.mark.django_db


def _three_events(actor=None):
    record(actor, "test.first", summary="一", after={"n": 1})
    record(actor, "test.second", summary="二", before={"n": 1}, after={"n": 2})
    record(actor, "test.third", summary="三")
    return list(AuditEvent.objects.order_by("seq"))


@contextmanager
def _append_only_trigger_disabled():
    """Tamper as a database superuser could: on PostgreSQL, skip ordinary triggers for a moment."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")


def _raw_sql(sql, params):
    with _append_only_trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_link_to_their_predecessor(people):
    first, second, third = _three_events(people.ministry_officer)
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert all(e.hash == compute_hash(e) for e in (first, second, third))
    assert first.actor == people.ministry_officer and first.actor_label == "most (科技部创新处)"
    report = verify_chain()
    assert report.ok and report.checked == 3 and report.last_seq == 3
    assert str(report) == "audit chain intact: 3 events, last #3"


def test_record_describes_the_object(people):
    event = record(people.ministry_officer, "user.changed", people.auditor, before={"is_staff": False})
    assert (event.object_type, event.object_id, event.object_repr) == (
        "accounts.user",
        str(people.auditor.pk),
        "auditor",
    )
    system = record(
        None, "regions.loaded", object_type="regions.county", object_id="*", object_repr="2845 个县级单位"
    )
    assert system.actor is None and system.actor_label == ""


def test_values_are_hashed_as_they_read_back(people):
    import datetime
    import decimal

    record(
        None,
        "test.values",
        after={"when": datetime.date(2026, 3, 31), "score": decimal.Decimal("71.25"), "ok": True},
    )
    assert verify_chain().ok
    assert AuditEvent.objects.get().after == {"when": "2026-03-31", "score": "71.25", "ok": True}


def test_changed_content_is_detected_at_that_event():
    _three_events()
    _raw_sql("UPDATE audit_auditevent SET summary = %s WHERE seq = %s", ["篡改", 2])
    report = verify_chain()
    assert not report.ok and report.broken.seq == 2 and report.checked == 1
    assert "content changed" in report.broken.problem
    assert report.broken.actual == AuditEvent.objects.get(seq=2).hash


def test_rewritten_hash_is_detected_at_the_next_event():
    first, second, _third = _three_events()
    second.summary = "篡改"
    forged = compute_hash(second)
    _raw_sql("UPDATE audit_auditevent SET summary = %s, hash = %s WHERE seq = %s", ["篡改", forged, 2])
    report = verify_chain()
    assert report.broken.seq == 3 and "prev_hash" in report.broken.problem
    assert (report.broken.expected, report.broken.actual) == (forged, second.hash)


def test_deleted_event_is_detected():
    _three_events()
    _raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    report = verify_chain()
    assert report.broken.seq == 3 and "sequence gap" in report.broken.problem


def test_deleting_the_latest_event_cannot_be_seen_by_the_chain_alone():
    """A documented limit: truncating the tail leaves a valid chain (keep copies of the last hash)."""
    _three_events()
    _raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", [3])
    assert verify_chain().ok


def test_audit_write_rolls_back_with_its_transaction(people):
    record(None, "test.kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        people.auditor.display_name = "改名"
        people.auditor.save()
        record(people.ministry_officer, "user.changed", people.auditor)
        raise RuntimeError("the change fails after the audit write")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.kept"]
    people.auditor.refresh_from_db()
    assert people.auditor.display_name == ""
    assert record(None, "test.next").seq == 2 and verify_chain().ok


def test_the_orm_refuses_to_change_or_delete_events():
    event = record(None, "test.event")
    event.summary = "改"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(seq=event.seq).update(summary="改")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["summary"])
    assert AuditEvent.objects.get().summary == "" and verify_chain().ok


def test_events_are_written_only_by_record():
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.create(seq=1, action="forged", prev_hash=GENESIS_HASH, hash="f" * 64)
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_create([AuditEvent(seq=1, action="forged")])
    assert not AuditEvent.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete_in_sql():
    _three_events()
    for sql in (
        "UPDATE audit_auditevent SET summary = 'x' WHERE seq = 2",
        "DELETE FROM audit_auditevent WHERE seq = 2",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert verify_chain().ok and AuditEvent.objects.count() == 3


def test_verify_command_reports_an_intact_chain(capsys):
    _three_events()
    call_command("audit", "verify")
    assert "audit chain intact: 3 events" in capsys.readouterr().out


def test_verify_command_fails_with_the_first_broken_link():
    _three_events()
    _raw_sql("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["test.forged", 1])
    with pytest.raises(CommandError, match="broken at event #1") as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1


def test_innocounty_audit_verify_exits_with_status_1_when_broken(capsys, monkeypatch):
    # run_from_argv closes every connection when done, which would end the test's transaction
    monkeypatch.setattr(connections, "close_all", lambda: None)
    _three_events()
    assert innocounty_cli(["audit", "verify"]) == 0
    _raw_sql("UPDATE audit_auditevent SET summary = %s WHERE seq = %s", ["篡改", 3])
    with pytest.raises(SystemExit) as exit_:
        innocounty_cli(["audit", "verify"])
    assert exit_.value.code == 1
    assert "broken at event #3" in capsys.readouterr().err
