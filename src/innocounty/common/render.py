"""Problems and consequences in the reader's language: the core gives message ids and parameters.

A parameter that is a :class:`~innocounty.programme.Msg` (a label) is translated too. A message whose
translation does not take the parameters falls back to the Chinese text rather than failing.
"""

from __future__ import annotations

from django.utils.translation import gettext, pgettext

from innocounty.programme import Msg, Problem


def _param(value):
    """A label parameter in the reader's language (an action's label carries the "programme action" context)."""
    if not isinstance(value, Msg):
        return value
    translated = gettext(str(value))
    return translated if translated != value else pgettext("programme action", str(value))


def render_problem(problem: Problem) -> str:
    message = gettext(problem.message)
    if not problem.params:
        return message
    params = {k: _param(v) for k, v in problem.params.items()}
    try:
        return message % params
    except (KeyError, TypeError, ValueError):
        return problem.text


def render_lines(decision) -> list[str]:
    """Every reason and its details, depth first, as sentences ("· " before details)."""
    lines = []
    for reason in decision.reasons:
        lines.append(render_problem(reason))
        lines.extend(f"· {render_problem(d)}" for d in reason.details if d.code != "consequence")
    return lines


def consequence_text(transition, ctx=None) -> str:
    """What follows a consequential act, in the reader's language ('' when not consequential)."""
    if transition.consequence is None:
        return ""
    if transition.consequence_params is None or ctx is None:
        if transition.consequence_params is not None:
            return ""
        return gettext(transition.consequence)
    return render_problem(transition.consequence_for(ctx))
