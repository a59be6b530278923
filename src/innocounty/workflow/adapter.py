"""``apply_transition(user, subject, name, inputs)``: the only way a subject's state changes.

1. lock the subject's row only (``select_for_update(of=("self",))``; a binding may name rows to lock
   first, always in the same order, e.g. the province's list row before an application);
2. build the core's context from the locked row and ask the workflow (actor rule → state →
   preconditions → inputs and guards → confirmation); a refusal returns the :class:`Outcome` with every
   reason and writes nothing; an actor-rule refusal raises :class:`NotAllowed` (HTTP 403); a consequential
   act of a user who needs two factors, in a session verified too long ago, is refused with
   ``reauth_required`` unless a fresh one-time code comes with it (innocounty.twofactor.reauth);
3. set the state (the only write of a state column outside data seeding), save;
4. write exactly one audit event for the change;
5. run the declared effects (handlers the apps registered), in the same transaction;
6. notify the roles the transition names (in-app now, e-mail after commit);
7. after the transaction commits, send :data:`innocounty.workflow.signals.transitioned` (later stages hook in).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction

from innocounty.audit.chain import record
from innocounty.common import clock
from innocounty.common.refusals import Forbidden
from innocounty.common.states import permit_state_write
from innocounty.programme.machine import Outcome, Recipient, Workflow
from innocounty.programme.problems import Decision
from innocounty.twofactor.reauth import reauth_problem
from innocounty.workflow.signals import send_after_commit

WRONG_ACTOR = ("wrong_role", "wrong_scope")


class EffectRefused(Exception):
    """An effect found the change impossible (e.g. a priority out of range): everything is rolled back and
    the transition is refused with these problems."""

    def __init__(self, *problems):
        self.problems = problems
        super().__init__("；".join(p.text for p in problems))


class NotAllowed(Forbidden):
    """The actor rule refused: the user may not act on this subject at all (HTTP 403)."""

    def __init__(self, reason, outcome: Outcome | None = None):
        self.outcome = outcome
        super().__init__(reason)


@dataclass(frozen=True)
class Change:
    """What an effect handler gets: who acted, on what (locked, state already set), and the outcome."""

    user: Any
    subject: Any
    outcome: Outcome
    inputs: Mapping[str, Any]
    binding: Binding
    at: Any


Effect = Callable[[Change], None]


@dataclass
class Binding:
    """How the adapter handles one subject kind.

    ``context(user, subject, inputs, via)`` builds the core's context from a locked row;
    ``lock_first(subject)`` locks rows that must be locked before the subject (same order everywhere);
    ``summary(subject, label, inputs)`` the audit summary; ``recipients(recipient, subject)`` the users to
    notify; ``notice(subject, label, inputs)`` → (title, body, url); ``after_change`` writes a history row.
    """

    workflow: Workflow
    model: type
    context: Callable[..., Any]
    state_field: str = "state"
    lock_first: Callable[[Any], None] | None = None
    summary: Callable[[Any, str, Mapping], str] | None = None
    recipients: Callable[[Recipient, Any], list] | None = None
    notice: Callable[[Any, str, Mapping], tuple[str, str, str]] | None = None
    after_change: Callable[[Change], None] | None = None
    effects: dict[str, Effect] = field(default_factory=dict)
    select_related: tuple[str, ...] = ()
    read_state: Callable[[Any], Any] | None = None  # a state kept in another shape (e.g. a boolean column)
    write_state: Callable[[Any, Any], None] | None = None
    audit_extra: Callable[[Change], Mapping] | None = None  # more facts for the audit event's "after"

    def effect(self, name: str) -> Callable[[Effect], Effect]:
        def register(handler: Effect) -> Effect:
            self.effects[name] = handler
            return handler

        return register

    def state_of(self, subject) -> Any:
        if self.read_state is not None:
            return self.read_state(subject)
        value = getattr(subject, self.state_field)
        if value in (None, ""):
            return None
        return self.workflow.states(value)


_BINDINGS: dict[str, Binding] = {}


def bind(binding: Binding) -> Binding:
    missing = {e for t in binding.workflow.transitions for e in t.effects} - set(binding.effects)
    if missing:
        raise LookupError(f"{binding.workflow.kind}: no handler for effects {sorted(missing)}")
    _BINDINGS[binding.workflow.kind] = binding
    return binding


def binding_for(kind: str) -> Binding:
    return _BINDINGS[kind]


def bindings() -> dict[str, Binding]:
    return dict(_BINDINGS)


def _lock(binding: Binding, subject):
    if binding.lock_first is not None:
        binding.lock_first(subject)
    if subject.pk is None:
        return subject
    rows = binding.model.objects.select_for_update(of=("self",))
    locked = rows.get(pk=subject.pk)
    if binding.select_related:  # related rows read without a lock (FOR UPDATE OF self only)
        related = binding.model.objects.select_related(*binding.select_related).get(pk=subject.pk)
        for name in binding.select_related:
            top = name.split("__")[0]
            setattr(locked, top, getattr(related, top))
    return locked


def available_actions(user, subject, kind: str | None = None, **context_kw) -> list:
    """The transitions the user may perform on ``subject`` now: the buttons and ``available_actions``."""
    binding = binding_for(kind or subject_kind(subject))
    ctx = binding.context(user, subject, {}, None, **context_kw)
    return list(binding.workflow.available(ctx))


def decide(user, subject, name: str, inputs: Mapping | None = None, kind: str | None = None, **context_kw):
    """The core's answer for ``user`` doing ``name`` now, without changing anything."""
    binding = binding_for(kind or subject_kind(subject))
    return binding.workflow.check(name, binding.context(user, subject, dict(inputs or {}), None, **context_kw))


def subject_kind(subject) -> str:
    for kind, binding in _BINDINGS.items():
        if isinstance(subject, binding.model):
            return kind
    raise LookupError(f"no workflow is bound to {type(subject).__name__}")


def apply_transition(user, subject, name: str, inputs: Mapping | None = None, *, kind: str | None = None,
                     via: str | None = None, context_kw: Mapping | None = None,
                     fields: Mapping | None = None) -> Outcome:  # fmt: skip
    """Perform transition ``name`` of the subject's workflow for ``user``, atomically (see the module).

    ``user`` None is the platform itself (a background job: the ``system`` actor). ``fields`` are other
    columns the act sets on the subject with its state (a run's finishing time, its checksums, ...)."""
    binding = binding_for(kind or subject_kind(subject))
    inputs = {k: v for k, v in (inputs or {}).items() if v not in (None, "")}
    try:
        with transaction.atomic():
            locked = _lock(binding, subject)
            ctx = binding.context(user, locked, inputs, via, **(context_kw or {}))
            outcome = binding.workflow.perform(name, ctx)
            if not outcome.allowed:
                if outcome.decision.codes[:1] and outcome.decision.codes[0] in WRONG_ACTOR:
                    raise NotAllowed(outcome.decision.reasons[0].text, outcome)
                return outcome
            reauth = reauth_problem(user, binding.workflow.transition(name), via)  # consequential: fresh 2FA
            if reauth is not None:
                return replace(outcome, decision=Decision(False, (reauth,)), to_state=None)
            before = binding.state_of(locked)
            if binding.write_state is not None:
                binding.write_state(locked, outcome.to_state)
            else:
                setattr(locked, binding.state_field, outcome.to_state.value)
            for name_, value in (fields or {}).items():
                setattr(locked, name_, value)
            with permit_state_write(locked):
                if locked._state.adding:
                    locked.save()
                else:  # only what the act changes (a finished run's other columns are immutable)
                    names = [binding.state_field, *(fields or {})]
                    names += [f.name for f in locked._meta.concrete_fields
                              if getattr(f, "auto_now", False) or getattr(f, "on_update", False)]
                    locked.save(update_fields=list(dict.fromkeys(names)))
            change = Change(user, locked, outcome, outcome.inputs, binding, clock.now())
            _audit(binding, change, before)
            for effect in outcome.effects:
                binding.effects[effect](change)
            if binding.after_change is not None:
                binding.after_change(change)
            _notify(binding, change)
            send_after_commit(binding.workflow.kind, outcome.transition, locked, user)
    except EffectRefused as refused:
        return replace(outcome, decision=Decision(False, tuple(refused.problems)), to_state=None)
    if locked is not subject:
        for name_ in (*getattr(type(locked), "STATE_FIELDS", ()), binding.state_field, *(fields or {})):
            if hasattr(locked, name_):
                setattr(subject, name_, getattr(locked, name_))
        if hasattr(locked, "_loaded_states"):
            subject._loaded_states = dict(locked._loaded_states)  # the caller's copy knows the new state
    return outcome


def _audit(binding: Binding, change: Change, before) -> None:
    outcome, subject = change.outcome, change.subject
    label = outcome.label
    summary = binding.summary(subject, label, change.inputs) if binding.summary else f"{subject}：{label}"
    record(
        change.user,
        f"{binding.workflow.kind}.{outcome.transition}",
        obj=subject,
        before={"state": before.value if before is not None else None},
        after={"state": outcome.to_state.value, **{k: v for k, v in change.inputs.items() if k != "confirm"},
               **(binding.audit_extra(change) if binding.audit_extra else {})},
        summary=summary,
    )


def _notify(binding: Binding, change: Change) -> None:
    if not change.outcome.notify or binding.recipients is None or binding.notice is None:
        return
    from innocounty.notifications.service import notify

    users = [u for r in change.outcome.notify for u in binding.recipients(r, change.subject)]
    if users:
        title, body, url = binding.notice(change.subject, change.outcome.label, change.inputs)
        notify(users, title, body, url=url)
