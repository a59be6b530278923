"""The workflow machine: how every subject of the programme moves through its states, declared as data.

A :class:`Workflow` is the states and :class:`Transition` s of one subject kind (an application, a
province's recommendation list, a batch, a monitoring round, an evaluation run, ...). A transition
declares everything the platform needs to know about an act:

- ``actors``: who may perform it — a role plus the scope relation between the actor and the subject
  (:class:`Relation`: own county, own province, nation, assigned to this subject);
- ``from_states`` and ``to_state``;
- ``preconditions`` (checked first, stop at the first failure: e.g. the batch has this stage) and
  ``guards`` (checked together, so every reason is listed at once); each returns :class:`Problem` s with a
  code, a message id and parameters, never a finished sentence — the adapter translates at display;
- ``inputs`` (:class:`Input`: reason, priority, ...; required or optional, with bounds);
- ``effects``: names of handlers the adapter registers (freeze a plan version, forward a province's list,
  ...), run inside the transaction after the state is set;
- ``notify``: which roles are told;
- ``consequence``: when set the act is consequential: the UI confirms it, stating the consequence, and the
  act is refused without ``confirm`` among its inputs.

A workflow also declares what each role may see of a state (``shown_as``: a county sees 形式审查通过 where
the ministry sees 进入专家评议) and which transitions a role's history leaves out.

One question answers both "may this actor do this?" and "what may this actor do here?":
:meth:`Workflow.check` and :meth:`Workflow.available` run the same checks, so a button is shown exactly
when the act would be allowed. The context is any object with ``actor``, ``today``, ``inputs``,
``subject_state``, ``subject_county_code``, ``subject_province_code`` and ``subject_assignees``; guards read
what else their workflow's context carries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum, StrEnum
from typing import Any, Protocol

from .context import Actor, Role, Scope
from .inputs import Input, InputKind, is_empty
from .problems import Decision, Msg, Problem, gettext_noop

Relation = Scope  # how the actor's role must relate to the subject: county, province, nation, assigned


class Context(Protocol):
    actor: Actor
    today: date
    inputs: Mapping[str, Any]

    @property
    def subject_state(self) -> Any: ...
    @property
    def subject_county_code(self) -> str | None: ...
    @property
    def subject_province_code(self) -> str | None: ...
    @property
    def subject_assignees(self) -> frozenset: ...


@dataclass(frozen=True)
class SubjectContext:
    """A plain context for workflows whose guards need little: the subject's state and scope, plus
    ``facts`` (whatever the workflow's guards read, as a frozen value)."""

    actor: Actor
    today: date
    state: Any
    county_code: str | None = None
    province_code: str | None = None
    assignees: frozenset = frozenset()
    facts: Any = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    via: str | None = None  # the act driving this one (a transition's ``driven_by``), if any

    @property
    def subject_state(self) -> Any:
        return self.state

    @property
    def subject_county_code(self) -> str | None:
        return self.county_code

    @property
    def subject_province_code(self) -> str | None:
        return self.province_code

    @property
    def subject_assignees(self) -> frozenset:
        return self.assignees


@dataclass(frozen=True)
class ActorRule:
    role: Role
    relation: Relation

    def admits_role(self, actor: Actor) -> bool:
        return actor.has_role(self.role)

    def admits(self, actor: Actor, ctx: Context) -> bool:
        grants = actor.grants_for(self.role)
        if not grants:
            return False
        if self.relation is Relation.NATION:
            return True
        if self.relation is Relation.COUNTY:
            wanted = ctx.subject_county_code
            return wanted is not None and wanted in {g.county_code for g in grants}
        if self.relation is Relation.PROVINCE:
            wanted = ctx.subject_province_code
            return wanted is not None and wanted in {g.province_code for g in grants}
        return actor.user_id is not None and actor.user_id in ctx.subject_assignees

    @property
    def description(self) -> str:
        return f"{self.role.label}（{self.relation.label}）"


def by(role: Role, relation: Relation) -> tuple[ActorRule, ...]:
    return (ActorRule(role, relation),)


REASON = Input("reason", gettext_noop("理由"))
CONFIRM = "confirm"

GuardCheck = Callable[[Any], list[Problem]]


@dataclass(frozen=True)
class Check:
    """A named precondition or guard; ``description`` (message id) is what the generated tables show."""

    name: str
    description: str
    check: GuardCheck

    def __call__(self, ctx) -> list[Problem]:
        return self.check(ctx)


def check(description: str) -> Callable[[GuardCheck], Check]:
    def declare(fn: GuardCheck) -> Check:
        return Check(fn.__name__, description, fn)

    return declare


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # message id (Chinese)
    from_states: tuple[Any, ...]  # None: the subject does not exist yet
    to_state: Any
    actors: tuple[ActorRule, ...]
    preconditions: tuple[Check, ...] = ()
    guards: tuple[Check, ...] = ()
    inputs: tuple[Input, ...] = ()
    effects: tuple[str, ...] = ()
    notify: tuple[Role, ...] = ()
    consequence: str | None = None  # message id: what follows; set = consequential (the UI confirms)
    consequence_params: Callable[[Any], Mapping[str, Any]] | None = None  # facts the consequence names
    stage: Any = None  # the programme stage the act belongs to (for the docs and the history)
    driven_by: str | None = None  # only as an effect of this list-level act ("province_list.submit")

    def consequence_for(self, ctx) -> Problem | None:
        """The consequence as a message with its parameters (None: not consequential)."""
        if self.consequence is None:
            return None
        params = dict(self.consequence_params(ctx)) if self.consequence_params else {}
        return Problem("consequence", self.consequence, params=params)

    @property
    def consequential(self) -> bool:
        return self.consequence is not None

    @property
    def required_inputs(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs if i.required)

    @property
    def optional_inputs(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs if not i.required)

    @property
    def scope(self) -> Scope:
        return self.actors[0].relation

    @property
    def role(self) -> Role:
        """The first actor rule's role (most transitions have exactly one)."""
        return self.actors[0].role

    def input(self, name: str) -> Input | None:
        return next((i for i in self.inputs if i.name == name), None)


class Refused(StrEnum):
    UNKNOWN_TRANSITION = "unknown_transition"
    WRONG_ROLE = "wrong_role"
    WRONG_SCOPE = "wrong_scope"
    WRONG_STATE = "wrong_state"
    CONFIRMATION_REQUIRED = "confirmation_required"
    LIST_ACT = "list_act"


@dataclass(frozen=True)
class Recipient:
    """Whom to notify: officers of ``role`` for the given county / province (None: nation-wide)."""

    role: Role
    province_code: str | None = None
    county_code: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The answer of :meth:`Workflow.perform`: refused (with reasons), or the change to apply and record."""

    workflow: str
    transition: str
    label: str
    decision: Decision
    from_state: Any = None
    to_state: Any = None
    effects: tuple[str, ...] = ()
    notify: tuple[Recipient, ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def reasons(self) -> tuple[Problem, ...]:
        return self.decision.reasons

    def require(self) -> Outcome:
        if not self.allowed:
            raise TransitionRefused(self)
        return self


class TransitionRefused(Exception):
    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        super().__init__("；".join(outcome.decision.messages))


def _state_label(workflow: Workflow, state: Any) -> Msg:
    if state is None:
        return Msg(gettext_noop("尚未创建"))
    return Msg(workflow.state_labels.get(state, str(state)))


@dataclass(frozen=True)
class Workflow:
    kind: str  # the subject kind, e.g. "application"
    label: str  # message id, e.g. "申报"
    states: type[Enum]
    state_labels: Mapping[Any, str]  # state → message id
    transitions: tuple[Transition, ...]
    initial: Any = None
    shown_as: Mapping[Role, Mapping[Any, Any]] = field(default_factory=dict)
    hidden_transitions: Mapping[Role, frozenset[str]] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self):
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.kind}: transition names must be unique")
        for t in self.transitions:
            for s in (*t.from_states, t.to_state):
                if s is not None and s not in self.state_labels:
                    raise ValueError(f"{self.kind}.{t.name}: state {s!r} has no label")

    # --- the table ----------------------------------------------------------------------------------
    @property
    def by_name(self) -> Mapping[str, Transition]:
        return {t.name: t for t in self.transitions}

    def transition(self, name: str) -> Transition:
        return self.by_name[name]

    def transitions_from(self, state: Any) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if state in t.from_states)

    def reachable_states(self) -> frozenset:
        """Every state the table can reach from the initial state (or from nothing)."""
        seen: set = set()
        frontier = [self.initial]
        while frontier:
            state = frontier.pop()
            for t in self.transitions_from(state):
                if t.to_state not in seen:
                    seen.add(t.to_state)
                    frontier.append(t.to_state)
        if self.initial is not None:
            seen.add(self.initial)
        return frozenset(seen)

    # --- visibility ---------------------------------------------------------------------------------
    def state_shown_to(self, state: Any, roles: Iterable[Role]) -> Any:
        """The state as an actor holding ``roles`` may see it: the most revealing view any role gives."""
        roles = list(roles)
        views = [self.shown_as.get(r, {}).get(state, state) for r in roles]
        if not views or state in views:
            return state if views else self.shown_as_default(state)
        return views[0]

    def shown_as_default(self, state: Any) -> Any:
        """What an actor with no role of the table sees (the most restricted view)."""
        for mapping in self.shown_as.values():
            if state in mapping:
                return mapping[state]
        return state

    def states_seen_as(self, state: Any, roles: Iterable[Role]) -> frozenset:
        """The real states an actor with ``roles`` sees as ``state`` (for filters)."""
        return frozenset(s for s in self.states if self.state_shown_to(s, roles) == state)

    def transitions_hidden_from(self, roles: Iterable[Role]) -> frozenset[str]:
        roles = list(roles)
        if not roles:
            return frozenset().union(*self.hidden_transitions.values()) if self.hidden_transitions else frozenset()
        hidden = [self.hidden_transitions.get(r, frozenset()) for r in roles]
        return frozenset.intersection(*hidden)

    # --- checks -------------------------------------------------------------------------------------
    def check(self, name: str, ctx) -> Decision:
        """May ``ctx.actor`` perform ``name`` on the subject now? If not, every reason why.

        Order: actor rule (a stranger learns nothing else), state, preconditions — each stops at its
        first failure — then every input, guard and the confirmation together.
        """
        t = self.by_name.get(name)
        if t is None:
            return Decision(False, (Problem(Refused.UNKNOWN_TRANSITION, gettext_noop("未知的操作：%(action)s"),
                                            params={"action": name}),))  # fmt: skip
        for step in (self._actor_problems, self._driven_problems, self._state_problems):
            problems = step(t, ctx)
            if problems:
                return Decision(False, tuple(problems))
        for pre in t.preconditions:
            problems = pre(ctx)
            if problems:
                return Decision(False, tuple(problems))
        problems = self._input_problems(t, ctx.inputs)
        for g in t.guards:
            problems.extend(g(ctx))
        if t.consequential and ctx.inputs.get(CONFIRM) is not True:
            problems.append(Problem(Refused.CONFIRMATION_REQUIRED, gettext_noop("「%(action)s」须确认后办理"),
                                    CONFIRM, params={"action": Msg(t.label)}, details=(t.consequence_for(ctx),)))  # fmt: skip
        return Decision.from_problems(problems)

    def _driven_problems(self, t: Transition, ctx) -> list[Problem]:
        if t.driven_by is None or getattr(ctx, "via", None) == t.driven_by:
            return []
        return [Problem(Refused.LIST_ACT, gettext_noop("「%(action)s」只能在报送整份名单时一并办理，不能对单份申报办理"),
                        params={"action": Msg(t.label)})]  # fmt: skip

    def _actor_problems(self, t: Transition, ctx) -> list[Problem]:
        if any(rule.admits(ctx.actor, ctx) for rule in t.actors):
            return []
        roles = [rule for rule in t.actors if rule.admits_role(ctx.actor)]
        if not roles:
            who = "、".join(dict.fromkeys(rule.role.label for rule in t.actors))
            return [Problem(Refused.WRONG_ROLE, gettext_noop("「%(action)s」须由%(who)s办理"),
                            params={"action": Msg(t.label), "who": Msg(who)})]  # fmt: skip
        relation = roles[0].relation
        return [Problem(Refused.WRONG_SCOPE, gettext_noop("您只能办理%(scope)s的事项，此%(subject)s不在您的管辖范围内"),
                        params={"scope": Msg(relation.label), "subject": Msg(self.label)})]  # fmt: skip

    def _state_problems(self, t: Transition, ctx) -> list[Problem]:
        state = ctx.subject_state
        if state in t.from_states:
            return []
        allowed = "、".join(str(_state_label(self, s)) for s in t.from_states)
        return [
            Problem(
                Refused.WRONG_STATE,
                gettext_noop("%(subject)s当前状态为「%(current)s」，不能「%(action)s」（须为：%(allowed)s）"),
                params={"subject": Msg(self.label), "current": _state_label(self, state), "action": Msg(t.label),
                        "allowed": allowed},
            )
        ]  # fmt: skip

    @staticmethod
    def _input_problems(t: Transition, inputs: Mapping[str, Any]) -> list[Problem]:
        problems = []
        for i in t.inputs:
            problems.extend(i.problems(inputs.get(i.name), t.label))
        return problems

    def available(self, ctx, names: Iterable[str] | None = None) -> tuple[Transition, ...]:
        """The transitions ``ctx.actor`` may perform now (the buttons of a page, ``available_actions``).

        Required inputs and the confirmation are checked as if given: the form asks for them.
        """
        wanted = [self.by_name[n] for n in names] if names is not None else list(self.transitions)
        out = []
        for t in wanted:
            placeholder = {i.name: _placeholder(i) for i in t.inputs if i.required or i.prompted}
            if t.consequential:
                placeholder[CONFIRM] = True
            trial = replace(ctx, inputs={**placeholder, **ctx.inputs})
            if self.check(t.name, trial).allowed:
                out.append(t)
        return tuple(out)

    def perform(self, name: str, ctx) -> Outcome:
        """Check, then say what to do: the new state, the effects to run and whom to notify.

        Nothing is changed here: the adapter applies the outcome in one transaction.
        """
        decision = self.check(name, ctx)
        t = self.by_name.get(name)
        if t is None or not decision.allowed:
            return Outcome(self.kind, name, t.label if t else name, decision)
        known = {i.name for i in t.inputs}
        inputs = {k: (v.strip() if isinstance(v, str) else v) for k, v in ctx.inputs.items()
                  if k in known and not is_empty(v)}
        return Outcome(
            workflow=self.kind, transition=name, label=t.label, decision=decision, from_state=ctx.subject_state,
            to_state=t.to_state, effects=t.effects, notify=recipients_for(t, ctx), inputs=inputs,
        )  # fmt: skip


PLACEHOLDER = "…"  # what ``available`` puts in a text input the form will ask for (guards reading it let it pass)


def _placeholder(i: Input) -> Any:
    if i.kind is InputKind.INT:
        return i.minimum if i.minimum is not None else 1
    if i.kind is InputKind.BOOL:
        return True
    if i.kind is InputKind.LIST:
        return [PLACEHOLDER]
    return PLACEHOLDER


def recipients_for(t: Transition, ctx) -> tuple[Recipient, ...]:
    out = []
    for role in t.notify:
        if role is Role.COUNTY_OFFICER:
            out.append(Recipient(role, ctx.subject_province_code, ctx.subject_county_code))
        elif role is Role.PROVINCIAL_OFFICER:
            out.append(Recipient(role, ctx.subject_province_code))
        else:
            out.append(Recipient(role))
    return tuple(out)
