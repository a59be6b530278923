"""Template filters showing the programme core's identifiers in the user's language (see ``applications/labels.py``).

``{% load programme_labels %}`` then e.g. ``{{ state|state_label }}``, ``{{ t|transition_label }}``.
"""

from __future__ import annotations

from django import template

from innocounty.common import labels

register = template.Library()

register.filter("state_label", labels.state_label)
register.filter("state_description", labels.state_description)
register.filter("transition_label", labels.transition_label)
register.filter("batch_transition_label", labels.batch_transition_label)
register.filter("theme_label", labels.theme_label)
register.filter("stage_label", labels.stage_label)
register.filter("belt_label", labels.belt_label)
register.filter("change_label", labels.change_label)
register.filter("checklist_label", labels.checklist_label)
register.filter("diff_title", labels.diff_title)


@register.filter
def consequence(transition) -> str:
    """What follows a consequential act (``''`` for others), for the confirmation in the act's form."""
    from innocounty.workflow.render import consequence_text

    return consequence_text(transition)


@register.filter
def problem_text(problem) -> str:
    """A core problem (message id + parameters) in the reader's language."""
    from innocounty.workflow.render import render_problem

    return render_problem(problem)
