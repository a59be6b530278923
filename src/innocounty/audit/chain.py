"""Writing and verifying the hash-chained audit log.

``record(actor, action, obj, before, after, summary)`` appends one event. Call it inside the
transaction of the change it records, so both commit or neither does; it opens ``atomic()`` itself,
which joins the caller's transaction. Writers are serialised so the chain never forks: on PostgreSQL
by a transaction-scoped advisory lock taken before the last hash is read (held until the caller's
transaction ends), on SQLite by the database's single writer; on any database the primary key
``seq`` refuses a second event with the same position.

The hash is SHA-256 over the canonical JSON (sorted keys, no whitespace, UTF-8) of the event's
fields and ``prev_hash``; the first event's ``prev_hash`` is 64 zeros.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from innocounty.audit.models import AuditEvent
from innocounty.common import clock

GENESIS_HASH = "0" * 64
ADVISORY_LOCK_KEY = 0x1A0D17  # any constant shared by every writer of the audit log
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "summary",
    "prev_hash",
)


def _json_value(value):
    """``value`` as it will read back from a JSON column (dates, decimals and UUIDs become strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _canonical_time(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def compute_hash(event: AuditEvent) -> str:
    """The SHA-256 of the event's fields and its ``prev_hash``, as hex."""
    fields = {name: getattr(event, name) for name in HASHED_FIELDS}
    fields["created_at"] = _canonical_time(event.created_at)
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _describe_actor(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    name = getattr(actor, "display_name", "") or ""
    return actor.pk, f"{actor.get_username()} ({name})" if name else actor.get_username()


def _lock_writers() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def record(
    actor,
    action: str,
    obj=None,
    before=None,
    after=None,
    summary: str = "",
    *,
    actor_label: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append an event to the audit log and return it.

    ``actor`` is the user who acted, or None for the system (then ``actor_label`` may name the
    component, e.g. "manage.py demo"). ``action`` is a dotted verb such as "role.granted".
    ``obj`` is the model instance acted upon; without one, give ``object_type``/``object_id``/
    ``object_repr`` directly. ``before``/``after`` are JSON-serialisable summaries — never secrets.
    """
    actor_id, label = _describe_actor(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    with transaction.atomic():
        _lock_writers()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(
            seq=seq,
            created_at=clock.now(),
            actor_id=actor_id,
            actor_label=(actor_label or label)[:200],
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:100],
            object_repr=str(object_repr)[:200],
            before=_json_value(before),
            after=_json_value(after),
            summary=str(summary),
            prev_hash=prev_hash,
        )
        event.hash = compute_hash(event)
        event._written_by_record = True
        event.save()
    return event


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    problem: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"event #{self.seq}: {self.problem} (expected {self.expected}, found {self.actual})"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_seq: int | None
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def __str__(self) -> str:
        if self.broken is None:
            return f"audit chain intact: {self.checked} events, last #{self.last_seq}"
        return f"audit chain broken at {self.broken} after {self.checked} intact events"


def verify_chain() -> ChainReport:
    """Walk the log in ``seq`` order and report the first broken link, if any."""
    checked, expected_seq, expected_prev = 0, 1, GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problem = "missing or inserted event (sequence gap)"
            return ChainReport(
                checked, event.seq, BrokenLink(event.seq, problem, f"#{expected_seq}", f"#{event.seq}")
            )
        if event.prev_hash != expected_prev:
            problem = "prev_hash does not match the hash of the previous event"
            return ChainReport(
                checked, event.seq, BrokenLink(event.seq, problem, expected_prev, event.prev_hash)
            )
        recomputed = compute_hash(event)
        if event.hash != recomputed:
            problem = "content changed: stored hash does not match the recomputed hash"
            return ChainReport(checked, event.seq, BrokenLink(event.seq, problem, recomputed, event.hash))
        checked, expected_seq, expected_prev = checked + 1, event.seq + 1, event.hash
    return ChainReport(checked, expected_seq - 1 if checked else None, None)
