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
    """What follows a consequential act (``''`` for others), for the confirmation in the act's form; a name
    means the application's transition of that name."""
    from innocounty.common.render import consequence_text
    from innocounty.programme import APPLICATION

    if isinstance(transition, str):
        transition = APPLICATION.by_name.get(transition)
    return consequence_text(transition) if transition is not None else ""


@register.filter
def problem_text(problem) -> str:
    """A core problem (message id + parameters) in the reader's language."""
    from innocounty.common.render import render_problem

    return render_problem(problem)


@register.simple_tag
def eligibility_summary(app) -> dict:
    """``{% eligibility_summary app as e %}``: the batch's rule, the county's result in the batch's run
    and the province's reason for recommending it when ineligible (formal review, data evaluation)."""
    from innocounty.applications.eligibility import eligibility_notice, recommendation_reason

    return {**eligibility_notice(app), "recommendation_reason": recommendation_reason(app)}
