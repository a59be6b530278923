"""Problems, refusals and decisions: the one vocabulary the core uses to say "no" and "why".

A :class:`Problem` carries a stable machine ``code`` (for tests, the API and translations), a Chinese
``message`` for people, a ``path`` to the offending field when there is one, and a severity: errors
block, warnings inform. A :class:`Decision` is the answer to "may this happen?", with every reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a message id for the catalogue (``makemessages`` finds it); the adapter translates at display."""
    return message


def pgettext(context: str, message: str) -> str:
    """Mark a message id with a context for the catalogue (makemessages reads ``pgettext("ctx", "…")``); the
    core returns the message unchanged — the Django side translates it with its context at display.
    Action labels carry ``"programme action"``: several read like a state but are verbs."""
    return message


class Msg(str):
    """A parameter of a problem that is itself a message id (a label): translated at display too."""

    __slots__ = ()


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning), with a stable code, a message id and its parameters.

    ``message`` is the Chinese message id, with ``%(name)s`` placeholders filled from ``params``;
    :attr:`text` is the Chinese sentence, the adapter's ``render`` the sentence in the reader's language.
    """

    code: str
    message: str
    path: str = ""
    severity: Severity = Severity.ERROR
    details: tuple[Problem, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        if not self.params:
            return self.message
        try:
            return self.message % dict(self.params)
        except (KeyError, TypeError, ValueError):
            return self.message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def flattened(self) -> tuple[Problem, ...]:
        """This problem followed by all its details, depth first."""
        out: list[Problem] = [self]
        for detail in self.details:
            out.extend(detail.flattened())
        return tuple(out)


def warning(code: str, message: str, path: str = "", params: Mapping[str, Any] | None = None) -> Problem:
    return Problem(code, message, path, Severity.WARNING, params=params or {})


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


@dataclass(frozen=True)
class Decision:
    """Whether something is allowed, and every reason why not (plus warnings that do not block)."""

    allowed: bool
    reasons: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes of the reasons, including nested details (e.g. each missing part of an application)."""
        return tuple(p.code for reason in self.reasons for p in reason.flattened())

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(p.text for reason in self.reasons for p in reason.flattened())

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> Decision:
        problems = list(problems)
        reasons = tuple(errors_in(problems))
        return cls(allowed=not reasons, reasons=reasons, warnings=tuple(warnings_in(problems)))
