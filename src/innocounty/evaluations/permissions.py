"""Who may do what with evaluation runs: small named predicates on top of ``accounts/permissions.py``.

* Start, publish and compare runs, see unpublished runs while they run: ministry officers (auditors may
  read every run, never change one).
* A published run with its scores and ranks: every signed-in user holding a role (a published ranking is
  public information inside the platform). A county's raw values (raw, denominated, imputed, treated) only
  for the county, its province, the ministry and auditors: :mod:`innocounty.evaluations.visibility`.
* The public (not signed in) sees nothing here: public pages read only runs with ``public_visible``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innocounty.accounts.permissions import (
    Allow,
    Decision,
    Refuse,
    has_nation_wide_role,
    holds_a_role,
    is_signed_in,
    ministry_only,
    user_roles,
)


def can_start_run(user, obj=None) -> Decision:
    return ministry_only(user, _("仅限科技部工作人员发起评价运行。"))


def can_publish_run(user, run=None) -> Decision:
    return ministry_only(user, _("仅限科技部工作人员发布评价结果。"))


def can_list_runs(user, obj=None) -> Decision:
    """The run list: anyone holding a role (non-nation-wide roles see the published runs only)."""
    return holds_a_role(user)


def can_view_unpublished_runs(user, obj=None) -> Decision:
    if has_nation_wide_role(user):
        return Allow()
    signed_in = is_signed_in(user)
    return signed_in and Refuse(_("未发布的评价结果仅限科技部工作人员和审计员查看。"))


def can_view_run(user, run) -> Decision:
    """A run with its results: published → every role; unpublished → ministry officers and auditors."""
    listed = can_list_runs(user)
    if not listed:
        return listed
    if run.published:
        return Allow()
    return can_view_unpublished_runs(user)


def can_compare_runs(user, runs=None) -> Decision:
    """Compare two runs: whoever may view both."""
    for run in runs or ():
        decision = can_view_run(user, run)
        if not decision:
            return decision
    return can_list_runs(user)


def runs_visible_to(user):
    from innocounty.evaluations.models import EvaluationRun

    runs = EvaluationRun.objects.select_related("framework", "created_by", "published_by")
    if has_nation_wide_role(user):
        return runs
    if not user_roles(user):
        return runs.none()
    return runs.filter(published=True)
