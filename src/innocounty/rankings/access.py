"""Who sees which evaluation results on the ranking, profile, map and eligibility pages (and the API).

* **Runs.** Ministry officers and auditors see every succeeded run, published or not. Anyone else holding a
  role except experts sees published runs. The public (anonymous, signed in without a role, and review experts:
  their view of the programme is their assignments) sees published runs whose
  ``public_visible`` flag the ministry set when publishing — the run's own switch decides what is public.
* **Rankings, maps, eligibility lists** of a visible run are open to whoever sees the run.
* **County profiles** show the published parts (index, dimension scores, ranks with intervals,
  normalised indicator scores and province ranks, strengths and weaknesses, eligibility, trend) to whoever
  sees the run; anonymous visitors only while ``settings.RANKINGS_PUBLIC_PROFILES`` is true (default).
  The **full** profile adds each indicator's raw value as submitted, with its imputation and treatment
  flags: for the county's own officers, its province's officers, ministry officers and auditors
  (:func:`innocounty.evaluations.visibility.sees_raw_values`, the one rule for pages, API, exports and PDF).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from innocounty.accounts.models import Role
from innocounty.accounts.permissions import (
    Allow,
    Decision,
    Refuse,
    has_nation_wide_role,
    is_signed_in,
    user_roles,
)
from innocounty.common.bounds import ID_MAX, ID_MIN, YEAR_MAX, YEAR_MIN
from innocounty.common.params import parse_int
from innocounty.evaluations.queries import run_by_id, run_succeeded, succeeded_runs
from innocounty.evaluations.visibility import sees_raw_values


def is_public_viewer(user) -> bool:
    """Anonymous visitors, accounts without a role, and review experts see only what is published to the
    public: an expert's view of the programme is their assignments (the county's monitoring position comes
    with the assigned application), nothing more."""
    return all(a.role == Role.EXPERT for a in user_roles(user))


def visible_runs(user):
    """The succeeded runs whose results ``user`` may read."""
    runs = succeeded_runs()
    if has_nation_wide_role(user):
        return runs
    if not is_public_viewer(user):
        return runs.filter(published=True)
    return runs.filter(published=True, public_visible=True)


def visible_published_runs(user):
    """Published runs visible to ``user``, newest year first, then the latest publication."""
    return visible_runs(user).filter(published=True).order_by("-year", "-published_at", "-pk")


def can_view_results(user, run) -> Decision:
    """The rankings, maps and eligibility lists of ``run``."""
    if run is None:
        return Refuse(_("没有可查看的评价结果。"))
    if not run_succeeded(run):
        return Refuse(_("该评价运行尚未完成。"))
    if has_nation_wide_role(user):
        return Allow()
    if not run.published:
        signed_in = is_signed_in(user)
        return signed_in and Refuse(_("未发布的评价结果仅限科技部工作人员和审计员查看。"))
    if not is_public_viewer(user) or run.public_visible:
        return Allow()
    signed_in = is_signed_in(user)
    return signed_in and Refuse(_("该评价结果未向公众公开；您的账户尚未分配角色。"))


def can_view_profile(user, run) -> Decision:
    """A county's profile (published parts) under ``run``."""
    decision = can_view_results(user, run)
    if decision and is_public_viewer(user) and not getattr(settings, "RANKINGS_PUBLIC_PROFILES", True):
        signed_in = is_signed_in(user)
        return signed_in and Refuse(_("县（市）画像仅对已授权用户开放。"))
    return decision


def sees_full_profile(user, county) -> bool:
    """Raw indicator values as submitted: the county's officers, its province's, ministry and auditors."""
    return sees_raw_values(user, county)


def resolve_run(user, run_pk=None, year=None):
    """The run a page shows: ``run_pk`` when given (visible or not: the caller checks), else the latest
    published run visible to ``user`` of ``year`` (of the latest year when None); ministry officers and
    auditors fall back to the newest succeeded run of the year when nothing of it is published."""
    if run_pk not in (None, ""):
        pk = parse_int(run_pk, ID_MIN, ID_MAX)
        return run_by_id(pk) if pk is not None else None
    published = visible_published_runs(user).select_related("framework")
    if year not in (None, ""):
        year = parse_int(year, YEAR_MIN, YEAR_MAX)
        if year is None:
            return None
        published = published.filter(year=year)
    run = published.first()
    if run is None and year not in (None, "") and has_nation_wide_role(user):
        run = visible_runs(user).filter(year=year).select_related("framework").order_by("-created_at", "-pk").first()
    return run


def run_choices(user) -> list:
    """Runs for the year selector: the latest published run of each year, plus (ministry and auditors)
    unpublished succeeded runs, newest first."""
    seen: set[int] = set()
    choices = []
    for run in visible_published_runs(user).only("pk", "year", "published", "label", "published_at", "synthetic_data"):
        if run.year not in seen:
            seen.add(run.year)
            choices.append(run)
    if has_nation_wide_role(user):
        unpublished = visible_runs(user).filter(published=False).only(
            "pk", "year", "published", "label", "synthetic_data").order_by("-year", "-pk")[:20]
        choices.extend(unpublished)
    return sorted(choices, key=lambda r: (-r.year, not r.published, -r.pk))


def previous_year_run(user, run):
    """The latest published run of the year before ``run``'s that ``user`` may see (for rank changes)."""
    return visible_published_runs(user).filter(year=run.year - 1).first()
